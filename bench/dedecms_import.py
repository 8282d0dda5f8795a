"""How long import_dedecms takes for a large DedeCMS site (see bench/README.md).

Builds a DedeCMS 5.7 database of N articles (default 100,000; 2 KB bodies, 60 columns in two
levels) in a MariaDB server, then times a first import and a second, unchanged one into the
database of DATABASE_URL (PostgreSQL for the figure that counts). The target database is
emptied of imported rows first, and MEDIA_ROOT of the images an earlier import copied (else
a first import would find them all copied already).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dedecms \\
        .venv/bin/python bench/dedecms_import.py --mysql mysql://root@127.0.0.1:3306/dede_bench

--site-root DIR writes the image sets' pictures there (uploads/allimg/…, a file of its own for
each picture: 10,000 for 2,000 sets of five) and imports with --site-root DIR, so that every
picture is copied, checked and thumbnailed as on a real cut-over; without it the pictures are
left out (the import says so for each set).

--breakdown runs the first import inside this process instead, and says where its time goes:
reading MariaDB, the importer's Python work (decoding, sanitizing, digests, the rest), and
the database's statements, with the CPU both servers spent (they must run on this machine).
Its importer CPU is this process's alone: with --site-root, not that of the worker processes
that check and thumbnail pictures ahead (dedecms.picture_pool).
--drop-article-indexes (only for a scratch database) drops the article table's secondary
indexes first, to show what share of the writes is index maintenance.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pymysql

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dedecms.source import Connection  # noqa: E402
from tests.dedecms.sites import TABLES_57  # noqa: E402

PARAGRAPH = "高新区产业集群协同发展，创新合作动能澎湃，区域经济研究持续深入。"
PICTURES_PER_SET = 5


def write_pictures(site_root, image_sets):
    """The image sets' picture files under the old site's root, as build_site names them:
    a 1024×768 JPEG (about 30 KB, a photograph's size on a news site of DedeCMS's time),
    written once and linked under each name."""
    from PIL import Image, ImageDraw

    folder = Path(site_root) / "uploads" / "allimg"
    folder.mkdir(parents=True, exist_ok=True)
    sample = folder / "sample.jpg"
    image = Image.new("RGB", (1024, 768), (70, 120, 160))
    ImageDraw.Draw(image).ellipse((200, 150, 820, 620), fill=(230, 190, 90))
    image.save(sample, "JPEG", quality=80)
    for seq in range(1, image_sets + 1):
        for n in range(PICTURES_PER_SET):
            path = folder / f"{seq}_{n}.jpg"
            if not path.exists():
                os.link(sample, path)


def build_site(url, articles, image_sets, columns=60):
    target = Connection.from_url(url)
    db = pymysql.connect(
        host=target.host, port=target.port, user=target.user, password=target.password,
        charset="utf8mb4", autocommit=True,
    )  # fmt: skip
    with db.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS `{target.database}`")
        cursor.execute(f"CREATE DATABASE `{target.database}` CHARACTER SET utf8mb4")
        cursor.execute(f"USE `{target.database}`")
        for statement in TABLES_57.format(p="dede_", charset="utf8mb4").split(";"):
            if statement.strip():
                cursor.execute(statement)
        tops = columns // 10
        for n in range(1, columns + 1):
            parent = 0 if n <= tops else (n % tops) + 1
            cursor.execute(
                "INSERT INTO dede_arctype (id, reid, sortrank, typename, typedir)"
                " VALUES (%s, %s, %s, %s, %s)",
                [n, parent, n, f"栏目{n}", f"{{cmspath}}/a/c{parent}/c{n}"],
            )
        # MariaDB's sequence engine (seq_1_to_N) makes the rows in the server.
        cursor.execute(
            "INSERT INTO dede_archives (id, typeid, sortrank, flag, channel, arcrank, click,"
            " title, writer, source, pubdate, senddate, keywords, description)"
            f" SELECT seq, 1 + MOD(seq, {columns}), 1600000000 + seq * 60,"
            " ELT(1 + MOD(seq, 5), '', 'h', 'c', 'f', 'b'), 1,"
            " IF(MOD(seq, 20) = 0, -1, 0), MOD(seq, 5000),"
            " CONCAT('区域经济研究文章 ', seq), '作者', '高新院', 1600000000 + seq * 60,"
            " 1600000000 + seq * 60, '产业,园区', ''"
            f" FROM seq_1_to_{articles}"
        )
        body = "".join(f"<p>{PARAGRAPH}{n}</p>" for n in range(30))  # about 2 KB
        cursor.execute(
            "INSERT INTO dede_addonarticle (aid, typeid, body)"
            f" SELECT seq, 1 + MOD(seq, {columns}), CONCAT(%s, seq) FROM seq_1_to_{articles}",
            [body],
        )
        # Image sets (图集) after the articles: five captioned pictures and a short text each,
        # each picture a file of its own (write_pictures): SEQ becomes the set's number.
        pictures = "".join(
            f"{{dede:img ddimg='' text='园区风光{n}' width='800' height='600'}}"
            f" /uploads/allimg/SEQ_{n}.jpg {{/dede:img}}\r\n"
            for n in range(PICTURES_PER_SET)
        )
        cursor.execute(
            "INSERT INTO dede_archives (id, typeid, sortrank, channel, title, pubdate, senddate)"
            f" SELECT {articles} + seq, 1 + MOD(seq, {columns}), 1600000000 + seq * 60, 2,"
            " CONCAT('园区图集 ', seq), 1600000000 + seq * 60, 1600000000 + seq * 60"
            f" FROM seq_1_to_{image_sets}"
        )
        cursor.execute(
            "INSERT INTO dede_addonimages (aid, typeid, imgurls, body)"
            f" SELECT {articles} + seq, 1 + MOD(seq, {columns}), REPLACE(%s, 'SEQ', seq), %s"
            f" FROM seq_1_to_{image_sets}",
            [pictures, f"<p>{PARAGRAPH}</p>"],
        )
    db.close()


class LoadSampler(threading.Thread):
    """The 1-minute load average (/proc/loadavg) every few seconds while a run lasts."""

    def __init__(self):
        super().__init__(daemon=True)
        self.samples, self.stopped = [], threading.Event()

    def run(self):
        while True:
            self.samples.append(os.getloadavg()[0])
            if self.stopped.wait(5):
                return

    def summary(self):
        self.stopped.set()
        self.join()
        return f"load {min(self.samples):.1f}-{max(self.samples):.1f}"


def timed_import(url, site_root=None):
    """Wall time, the command's own CPU time (what the shared machine's load does not
    change) and its largest size, and its report."""
    options = ["--site-root", str(site_root)] if site_root else []
    with tempfile.TemporaryFile("w+") as errors:
        start = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "manage.py", "import_dedecms", url, *options],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=errors, text=True,
        )  # fmt: skip
        report = process.stdout.read()
        # wait4: this child's own resources, not those of every child so far.
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        if status:
            errors.seek(0)
            raise SystemExit(f"import_dedecms failed:\n{errors.read()}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024, report


def process_cpu(pid):
    """Seconds of CPU a local process has used (user + system), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def drop_article_indexes():
    """The article table's indexes but its primary key and unique legacy id (the importer
    looks rows up by it)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'news_article'"
            " AND indexname NOT IN ('news_article_pkey', 'news_article_legacy_id_key')"
        )
        names = [name for (name,) in cursor.fetchall()]
        for name in names:
            cursor.execute(f'DROP INDEX "{name}"')
    print(f"dropped {len(names)} indexes: {', '.join(sorted(names))}")


class Stopwatch:
    def __init__(self):
        self.seconds = 0.0

    def wrap(self, function):
        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start

        return timed

    def wrap_stream(self, stream):
        while True:
            start = time.perf_counter()
            try:
                item = next(stream)
            except StopIteration:
                return
            finally:
                self.seconds += time.perf_counter() - start
            yield item


def breakdown(url, drop_indexes, site_root=None):
    """The first import in this process, with its time taken apart."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection

    from dedecms import importer, mapping
    from dedecms.source import DedeSource
    from news import bulk_inserts
    from news.models import Article

    if drop_indexes:
        drop_article_indexes()
    source = DedeSource(Connection.from_url(url))
    clocks = {name: Stopwatch() for name in ("read", "decode", "derive", "digest", "db")}
    articles = source.articles
    source.articles = lambda: clocks["read"].wrap_stream(articles())
    source.decode = clocks["decode"].wrap(source.decode)
    importer.mapping.digest = clocks["digest"].wrap(mapping.digest)
    Article.derive_fields = clocks["derive"].wrap(Article.derive_fields)
    bulk_inserts.copy_rows = clocks["db"].wrap(bulk_inserts.copy_rows)  # COPY is no execute()
    with source._db.cursor() as cursor:
        cursor.execute("SELECT @@pid_file")
        mariadb_pid = int(Path(cursor.fetchone()[0].decode()).read_text())
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        postgres_pid = cursor.fetchone()[0]

    def on_database(execute, sql, params, many, context):
        return clocks["db"].wrap(execute)(sql, params, many, context)

    servers = {"MariaDB": mariadb_pid, "PostgreSQL": postgres_pid}
    servers_before = {name: process_cpu(pid) for name, pid in servers.items()}
    load = LoadSampler()
    load.start()
    before, start = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    with connection.execute_wrapper(on_database):
        report = importer.DedeImport(source, site_root=site_root).run()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    servers_cpu = {name: process_cpu(pid) - servers_before[name] for name, pid in servers.items()}
    seconds = {name: clock.seconds for name, clock in clocks.items()}
    python = wall - seconds["read"] - seconds["db"]
    print(
        f"first import (in process): {wall:.1f} s ({report.articles['created'] / wall:.0f}"
        f" articles/s), importer CPU {cpu:.1f} s, {load.summary()}"
    )
    print(
        f"  reading MariaDB         {seconds['read']:6.1f} s"
        f"  (MariaDB server CPU {servers_cpu['MariaDB']:.1f} s)\n"
        f"  Python                  {python:6.1f} s\n"
        f"    decoding              {seconds['decode']:6.1f} s\n"
        f"    sanitizing, deriving  {seconds['derive']:6.1f} s\n"
        f"    digests               {seconds['digest']:6.1f} s\n"
        f"    the rest (mapping, images, ORM, commit)"
        f" {python - seconds['decode'] - seconds['derive'] - seconds['digest']:6.1f} s\n"
        f"  database statements     {seconds['db']:6.1f} s"
        f"  (PostgreSQL backend CPU {servers_cpu['PostgreSQL']:.1f} s)"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mysql", default="mysql://root@127.0.0.1:3306/dede_bench")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--image-sets", type=int, default=2_000)
    parser.add_argument("--site-root", help="see the module's doc")
    parser.add_argument("--breakdown", action="store_true", help="see the module's doc")
    parser.add_argument("--drop-article-indexes", action="store_true", help="with --breakdown")
    args = parser.parse_args()
    # As in production: with debug on, Django would keep every query's SQL (bodies and all).
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, check=True
    )
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-v0", "-c",
         "from news.models import Article; from categories.models import Category;"
         "from dedecms.models import ImportedImage;"
         "from django.core.files.storage import default_storage as media;"
         "Article.objects.exclude(legacy_id=None).delete();"
         "Category.objects.exclude(legacy_id=None).delete();"
         "[media.delete(n) for i in ImportedImage.objects.all()"
         " for n in (i.name, i.thumbnail) if n];"
         "ImportedImage.objects.all().delete()"],
        cwd=ROOT, check=True,
    )  # fmt: skip
    start = time.perf_counter()
    build_site(args.mysql, args.articles, args.image_sets)
    if args.site_root:
        write_pictures(args.site_root, args.image_sets)
    print(
        f"built {args.articles} articles and {args.image_sets} image sets in MariaDB"
        f" in {time.perf_counter() - start:.1f} s"
    )
    if args.breakdown:
        breakdown(args.mysql, args.drop_article_indexes, args.site_root)
        return
    for label in ("first import", "second import (nothing changed)"):
        load = LoadSampler()
        load.start()
        seconds, cpu, peak, report = timed_import(args.mysql, args.site_root)
        documents = args.articles + args.image_sets
        print(
            f"{label}: {seconds:.1f} s ({documents / seconds:.0f} articles/s),"
            f" command CPU {cpu:.1f} s, at most {peak} MB, {load.summary()}"
        )
        print("  " + "\n  ".join(report.splitlines()[:4]))


if __name__ == "__main__":
    main()
