import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations
from django.db import connection

from auditlog.records import import_run
from dedecms.importer import DedeImport, ImportFailed
from dedecms.source import Connection, DedeSource, SourceError


class Command(BaseCommand):
    help = (
        "Import a DedeCMS 5.x site's columns, articles, view counts and images straight from "
        "its MySQL/MariaDB database. Re-runnable: a later run applies what changed in DedeCMS. "
        "All or nothing: a run that fails leaves the site as it was."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "database_url", help="the DedeCMS database: mysql://user:password@host:3306/name"
        )
        parser.add_argument("--prefix", default="dede_", help="table prefix (default: dede_)")
        parser.add_argument(
            "--site-root",
            help="the old site's web root, to copy /uploads/ images (else they are left out)",
        )
        parser.add_argument(
            "--old-domain",
            action="append",
            default=[],
            metavar="DOMAIN",
            help="a domain the old site answered on (www.example.com; repeatable): its "
            "absolute /uploads/ image addresses are copied like relative ones",
        )
        parser.add_argument(
            "--charset",
            help="read the tables in this character set instead of the one they declare "
            "(gbk, utf8mb4, …)",
        )
        parser.add_argument("--dry-run", action="store_true", help="report, write nothing")
        parser.add_argument(
            "--strict", action="store_true", help="a corrupt row fails the run (else: skipped)"
        )
        parser.add_argument(
            "--only-columns", action="store_true", help="import the column tree only"
        )

    @no_translations
    def handle(self, database_url, **options):
        site_root = options["site_root"]
        if site_root and not Path(site_root, "uploads").is_dir():
            raise CommandError(f"--site-root {site_root}: no uploads/ folder there")
        try:
            source = DedeSource(
                Connection.from_url(database_url), options["prefix"], options["charset"]
            )
        except SourceError as error:
            raise CommandError(str(error)) from error
        run = DedeImport(
            source,
            site_root=options["site_root"],
            old_domains=options["old_domain"],
            dry_run=options["dry_run"],
            strict=options["strict"],
            only_columns=options["only_columns"],
            progress=self.progress_bar,
        )
        with import_run("import_dedecms", options["dry_run"]) as counts:
            try:
                report = run.run()
            except ImportFailed as error:
                raise CommandError(f"{error}; nothing was imported") from error
            finally:
                source.close()
            counts.update(
                report.articles, withdrawn=len(report.withdrawn), restored=len(report.restored)
            )
        if connection.vendor == "sqlite" and not options["dry_run"]:
            # The query planner's statistics for the site just loaded (config.sqlite3);
            # PostgreSQL's autovacuum gathers its own after a large change.
            connection.gather_statistics()
        for line in report.lines():
            self.stdout.write(line)

    def progress_bar(self, iterable, total):
        if not sys.stderr.isatty():
            return iterable
        from tqdm import tqdm

        return tqdm(iterable, total=total, unit=" articles", file=sys.stderr)
