"""How long import_dedecms takes for a large DedeCMS site (see bench/README.md).

Builds a DedeCMS 5.7 database of N articles (default 100,000; 2 KB bodies, 60 columns in two
levels) in a MariaDB server, then times a first import and a second, unchanged one into the
database of DATABASE_URL (PostgreSQL for the figure that counts). The target database is
emptied of imported rows first.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dedecms \\
        .venv/bin/python bench/dedecms_import.py --mysql mysql://root@127.0.0.1:3306/dede_bench
"""

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pymysql

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dedecms.source import Connection  # noqa: E402
from tests.dedecms.sites import TABLES_57  # noqa: E402

PARAGRAPH = "高新区产业集群协同发展，创新合作动能澎湃，区域经济研究持续深入。"


def build_site(url, articles, columns=60):
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
    db.close()


def timed_import(url):
    """Wall time, and the command's own CPU time (what the shared machine's load does not
    change), and its report."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "manage.py", "import_dedecms", url],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return wall, cpu, result.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mysql", default="mysql://root@127.0.0.1:3306/dede_bench")
    parser.add_argument("--articles", type=int, default=100_000)
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
         "Article.objects.exclude(legacy_id=None).delete();"
         "Category.objects.exclude(legacy_id=None).delete()"],
        cwd=ROOT, check=True,
    )  # fmt: skip
    start = time.perf_counter()
    build_site(args.mysql, args.articles)
    print(f"built {args.articles} articles in MariaDB in {time.perf_counter() - start:.1f} s")
    for label in ("first import", "second import (nothing changed)"):
        seconds, cpu, report = timed_import(args.mysql)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
        load = os.getloadavg()[0]
        print(
            f"{label}: {seconds:.1f} s ({args.articles / seconds:.0f} articles/s),"
            f" command CPU {cpu:.1f} s, largest process so far {peak} MB, load {load:.1f}"
        )
        print("  " + "\n  ".join(report.splitlines()[:4]))


if __name__ == "__main__":
    main()
