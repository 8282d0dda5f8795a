"""`make bench`: build (or reuse) a large database, serve it with gunicorn as in production,
load every reader page with wrk and print one table beside a trivial view on the same server.

    python -m bench.run [--articles N] [--small] [--duration S] [--connections C] [--rebuild]

SQLite (bench/out/bench.sqlite3) unless DATABASE_URL names a database the benchmark may
fill (it is emptied first when it does not hold the requested number of articles).
"""

import argparse
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}
# The rate at which docs/nginx.conf lets one client start searches (limit_req).
NGINX_SEARCH_RATE = 2


def main():
    options = parse_arguments()
    OUT.mkdir(exist_ok=True)
    configure_environment()
    wrk = find_wrk()

    import django

    django.setup()
    prepare_database(options.articles, options.rebuild)
    pages = pages_to_measure(options.only)

    from django.db import connections

    connections.close_all()
    server = start_gunicorn(options.port)
    # A stopped run stops its server too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
    try:
        rows = measure(wrk, options, pages)
        rss = worker_rss(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print_table(options, rows, rss)
    if any(row["status"] != 200 or row["errors"] for row in rows):
        sys.exit("a page did not answer 200 throughout (see the table)")


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--small", action="store_true", help="3,000 articles, 2 s a page")
    parser.add_argument("--duration", type=int, default=6, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=8, help="concurrent wrk clients")
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--rebuild", action="store_true", help="build the database anew")
    parser.add_argument(
        "--only",
        metavar="WORDS",
        help="only the pages whose label holds one of these comma-separated words (and the floor)",
    )
    options = parser.parse_args()
    if options.small:
        options.articles, options.duration = 3_000, 2
    return options


def configure_environment():
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{OUT / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ["DJANGO_HTTPS"] = "0"
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))


def find_wrk():
    wrk = shutil.which("wrk")
    if wrk is None and os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False)
        wrk = shutil.which("wrk")
    if wrk is None:
        sys.exit("wrk is needed: apt-get install wrk (Debian/Ubuntu) or brew install wrk")
    return wrk


def prepare_database(articles, rebuild):
    from django.conf import settings
    from django.core.management import call_command

    from bench.build import build
    from news.models import Article

    database = settings.DATABASES["default"]
    call_command("migrate", verbosity=0)
    if rebuild or Article.objects.count() != articles:
        print(f"building {articles:,} articles in {database['NAME']} …", flush=True)
        started = time.monotonic()
        call_command("flush", interactive=False, verbosity=0)
        columns, total = build(articles)
        print(
            f"built {columns:,} columns, {total:,} articles in {time.monotonic() - started:.0f} s"
        )
    call_command("collectstatic", interactive=False, verbosity=0)


def pages_to_measure(only=None):
    """(label, path or list of paths) for every page the benchmark loads; with `only`, the
    pages whose label holds one of its comma-separated words, between the two floors."""
    import random

    from django.urls import reverse

    from bench.build import COMMON_WORD, KEYWORDS, RARE_WORD
    from categories.models import Category
    from news.models import Article
    from news.sitemaps import ArticleSitemap
    from news.views import COLUMN_PAGE_SIZE

    public = Article.objects.published()
    news = Category.objects.get(slug="news")
    leaf = Category.objects.filter(level=3, children=None).order_by("pk").first()
    in_news = public.in_column(news).count()
    page = min(200, max(1, -(-in_news // COLUMN_PAGE_SIZE)))
    hot = public.get(title__startswith="产业集群|创新合作动能澎湃")
    ids = list(public.values_list("pk", flat=True))
    randoms = [f"/articles/{pk}/" for pk in random.Random(1).sample(ids, min(2_000, len(ids)))]
    last_sitemap_page = ArticleSitemap().paginator.num_pages
    eight = "产业 园区 创新 数字 经济 规划 协同 发展"
    tag = KEYWORDS[0]  # on about one article in twelve
    # Searches nobody made before in this run, each list of its own words so that no row
    # meets a search another row made: more of them than a row can make in its time.
    searches = fresh_searches(random.Random(2))
    pages = [
        ("floor (trivial view)", "/bench/floor/"),
        ("home", "/"),
        (f"column {news.name} (all descendants)", news.get_absolute_url()),
        (f"leaf column {leaf.name}", leaf.get_absolute_url()),
        (f"column {news.name} ?page={page}", f"{news.get_absolute_url()}?page={page}"),
        (f"column {news.name} ?page=last", f"{news.get_absolute_url()}?page=last"),
        ("article, hot", hot.get_absolute_url()),
        ("article, random", randoms),
        (f"tag {tag}", reverse("tag", args=[tag])),
        (f"search {COMMON_WORD}", search_path(COMMON_WORD)),
        (f"search {RARE_WORD}", search_path(RARE_WORD)),
        ("search 8 words", search_path(eight)),
        ("search, another two words each time", searches["two words"]),
        ("search, another two single characters each time", searches["two characters"]),
        (
            f"column {news.name} while one client searches ({NGINX_SEARCH_RATE}/s)",
            news.get_absolute_url(),
            searches["background"],
        ),
        ("feed /feed/", "/feed/"),
        ("sitemap index", "/sitemap.xml"),
        ("sitemap articles page", "/sitemap-articles.xml"),
        ("sitemap articles, last page", f"/sitemap-articles.xml?p={last_sitemap_page}"),
        ("floor again", "/bench/floor/"),
    ]
    if not only:
        return pages
    words = only.split(",")
    return [page for page in pages if "floor" in page[0] or any(w in page[0] for w in words)]


def page_targets(only=None):
    """{label: path or list of paths} of pages_to_measure, without any background load."""
    return {label: target for label, target, *_background in pages_to_measure(only)}


def search_path(words):
    return "/search/?" + urllib.parse.urlencode({"q": words})


def fresh_searches(rng, each=4_000):
    """Paths of searches for the fresh rows, none in two lists: two common words (the
    generated keywords and the two-character words of the phrases every body is made of,
    most of them in nearly every article), two single characters (those of the phrases
    and keywords, and some no article has), and a mix of both for the background load."""
    from bench.build import KEYWORDS, PHRASES

    words = set(KEYWORDS) | {p[i : i + 2] for p in PHRASES for i in range(0, len(p) - 1, 2)}
    characters = set("".join(PHRASES + tuple(KEYWORDS))) | set("鑫淼犇骉焱垚")
    pairs = rng.sample([f"{a} {b}" for a in sorted(words) for b in sorted(words) if a != b], each)
    singles = rng.sample(
        [f"{a} {b}" for a in sorted(characters) for b in sorted(characters) if a != b], each
    )
    half = each // 2
    return {
        "two words": [search_path(q) for q in pairs[:half]],
        "two characters": [search_path(q) for q in singles[:half]],
        "background": [search_path(q) for q in pairs[half:] + singles[half:]],
    }


def start_gunicorn(port):
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [gunicorn, "config.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/floor/", timeout=2).read()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("gunicorn did not start")


def measure(wrk, options, pages):
    base = f"http://127.0.0.1:{options.port}"
    rows = []
    for label, target, *background in pages:
        paths = target if isinstance(target, list) else [target]
        status, queries = probe(base + paths[0])
        command = [wrk, "-t2", f"-c{options.connections}", f"-d{options.duration}s", "--latency"]
        if len(paths) > 1:
            command += ["-s", str(random_paths_script(paths))]
        load = SearchLoad(base, *background) if background else None
        result = subprocess.run([*command, base + paths[0]], capture_output=True, text=True)
        rows.append({"label": label, "status": status, "queries": queries, **parse_wrk(result)})
        if load:
            rows[-1]["background"] = load.stop()
        print(f"  {label}: {rows[-1]['rps']:.0f} req/s", file=sys.stderr, flush=True)
    return rows


class SearchLoad:
    """One client starting a fresh search NGINX_SEARCH_RATE times a second, whatever the
    answers' times (as nginx's limit lets it), until stopped; counts the answers' statuses."""

    def __init__(self, base, paths):
        self.base, self.paths = base, iter(paths)
        self.statuses, self.requests = {}, []
        self.stopping = threading.Event()
        self.clock = threading.Thread(target=self.run)
        self.clock.start()

    def run(self):
        while not self.stopping.wait(1 / NGINX_SEARCH_RATE):
            request = threading.Thread(target=self.search, args=(self.base + next(self.paths),))
            request.start()
            self.requests.append(request)

    def search(self, url):
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        except OSError:
            status = "no answer"
        self.statuses[status] = self.statuses.get(status, 0) + 1

    def stop(self):
        self.stopping.set()
        self.clock.join()
        for request in self.requests:
            request.join()
        return ", ".join(f"{count} × {status}" for status, count in sorted(self.statuses.items()))


def probe(url):
    """The status and query count of the page once both workers have served it (warm)."""
    for _ in range(4):
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                status, queries = response.status, response.headers.get("X-Queries", "?")
        except urllib.error.HTTPError as error:
            status, queries = error.code, error.headers.get("X-Queries", "?")
    return status, queries


def random_paths_script(paths):
    script = OUT / "random_paths.lua"
    listed = ",".join(f'"{path}"' for path in paths)
    script.write_text(
        f"local paths = {{{listed}}}\n"
        "request = function()\n"
        '  return wrk.format("GET", paths[math.random(#paths)])\n'
        "end\n"
    )
    return script


def parse_wrk(result):
    text = result.stdout

    def latency(percent):
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s|m)\b", text, re.M)
        return float(match.group(1)) * UNITS[match.group(2)] if match else float("nan")

    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    socket_errors = re.search(r"Socket errors: (.*)", text)
    return {
        "rps": float(rps.group(1)) if rps else 0.0,
        "p50": latency(50),
        "p99": latency(99),
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }


def worker_rss(master_pid):
    """Resident memory of each gunicorn worker, in MB."""
    result = subprocess.run(
        ["ps", "-o", "rss=", "--ppid", str(master_pid)], capture_output=True, text=True
    )
    return [int(kb) // 1024 for kb in result.stdout.split()]


def print_table(options, rows, rss):
    from django.conf import settings
    from django.db import connection

    from news.models import Article

    floors = [row["rps"] for row in rows if row["label"].startswith("floor")]
    floor = sum(floors) / len(floors)
    print()
    print(
        f"{Article.objects.count():,} articles, {connection.vendor}, "
        f"counter: {getattr(settings, 'VIEW_COUNTER_BACKEND', 'db')}, "
        f"gunicorn 2 sync workers, wrk -t2 -c{options.connections} -d{options.duration}s"
    )
    print()
    print("| page | req/s | × floor | p50 ms | p99 ms | queries |")
    print("|---|--:|--:|--:|--:|--:|")
    for row in rows:
        note = "" if row["status"] == 200 and not row["errors"] else f" (HTTP {row['status']})"
        print(
            f"| {row['label']}{note} | {row['rps']:.0f} | {row['rps'] / floor:.2f} "
            f"| {row['p50']:.1f} | {row['p99']:.1f} | {row['queries']} |"
        )
    for row in rows:
        if "background" in row:
            print(f"\n{row['label']}: the background searches answered {row['background']}")
    print()
    print(f"gunicorn worker RSS after the run: {', '.join(f'{mb} MB' for mb in rss)}")


if __name__ == "__main__":
    main()
