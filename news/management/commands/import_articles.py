from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from auditlog.records import import_run
from categories.tree import ColumnTree
from news.importing import import_lines


class Command(BaseCommand):
    help = (
        "Import articles from a JSON Lines file, one article a line. A bad line is reported "
        "with its number and nothing is imported, unless --skip-bad."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the .jsonl file (UTF-8)")
        parser.add_argument(
            "--dry-run", action="store_true", help="check every line, write nothing"
        )
        parser.add_argument(
            "--skip-bad", action="store_true", help="import the good lines, report the bad ones"
        )

    def handle(self, file, dry_run, skip_bad, **options):
        with import_run("import_articles", dry_run) as counts:
            report = self.read(file, dry_run, skip_bad)
            counts.update(created=report.created, existing=report.existing, bad=len(report.errors))
            for number, message in report.errors:
                self.stderr.write(f"{file}:{number}: {message}")
            if report.errors and not skip_bad:
                raise CommandError(
                    f"{len(report.errors)} bad line(s); nothing imported "
                    "(fix them, or use --skip-bad to import the rest)"
                )
        verb = "would import" if dry_run else "imported"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {report.created}, already present {report.existing}, "
                f"bad {len(report.errors)}"
            )
        )

    def read(self, file, dry_run, skip_bad):
        try:
            # Read as it is imported, a line at a time: an archive need not fit in memory. A
            # part that cannot be read rolls back what was imported before it.
            # utf-8-sig: Windows editors start a UTF-8 file with a BOM, which JSON refuses.
            with file.open(encoding="utf-8-sig") as lines:
                return import_lines(lines, ColumnTree.load(), dry_run=dry_run, skip_bad=skip_bad)
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"cannot read {file}: {error}") from error
