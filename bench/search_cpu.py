"""What a fresh search costs in CPU, in the Django process and in its PostgreSQL backend: wall
times on a shared machine vary with the load, CPU times far less.

    python -m bench.search_cpu [--searches N] [--lists]   (DATABASE_URL as for make bench)

Runs N searches of each of bench.run's fresh lists (two common words, two single characters)
through Django's test client, one at a time, after one search that loads what every page
reads; prints the mean CPU per request of the process (time.process_time) and of its
PostgreSQL backend (/proc/PID/schedstat, so on the database's own machine), beside a kept
search page and the floor view. With --lists, the other pages of article items instead: N
pages of the column 新闻中心 and of a keyword, each read once (so rendered, not kept: leave
REDIS_URL unset, so that each run's cache is its own process's memory).
"""

import argparse
import random
import time
from pathlib import Path

from bench.run import configure_environment


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--searches", type=int, default=40)
    parser.add_argument("--lists", action="store_true", help="column and keyword pages")
    options = parser.parse_args()
    configure_environment()
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    from bench.run import search_path

    with override_settings(ALLOWED_HOSTS=["*"]):
        client = Client()
        kept = search_path("产业")
        client.get(kept)
        backend = backend_cpu(connection)
        rows = [("floor", ["/bench/floor/"] * options.searches)]
        rows += (
            list_pages(options.searches) if options.lists else search_pages(kept, options.searches)
        )
        print(f"{connection.vendor}; mean CPU per request, ms")
        print("| request | Python | database |\n|---|--:|--:|")
        for label, paths in rows:
            python, database = time.process_time(), backend()
            for path in paths:
                assert client.get(path).status_code == 200, path
            python = (time.process_time() - python) * 1000 / len(paths)
            database = (backend() - database) / 1e6 / len(paths)
            print(f"| {label} | {python:.1f} | {database:.1f} |")


def search_pages(kept, count):
    from bench.run import fresh_searches

    lists = fresh_searches(random.Random(time.time_ns()))
    return [
        ("kept search", [kept] * count),
        ("fresh, two words", lists["two words"][:count]),
        ("fresh, two single characters", lists["two characters"][:count]),
    ]


def list_pages(count):
    """Pages of a column and of a keyword not read before in this process."""
    from django.urls import reverse

    from bench.build import KEYWORDS
    from categories.models import Category
    from news.views import TAG_PAGE_SIZE, BoundedPaginator

    column = Category.objects.get(slug="news").get_absolute_url()
    tag = reverse("tag", args=[KEYWORDS[0]])
    # A keyword's pages stop at the paginator's bound.
    tag_pages = range(2, min(count + 2, BoundedPaginator.MAX_ITEMS // TAG_PAGE_SIZE + 1))
    return [
        ("column, a page not read before", [f"{column}?page={n}" for n in range(2, count + 2)]),
        ("keyword, a page not read before", [f"{tag}?page={n}" for n in tag_pages]),
    ]


def backend_cpu(connection):
    """A function giving the CPU nanoseconds spent so far by this connection's backend (0 on
    another database)."""
    if connection.vendor != "postgresql":
        return lambda: 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    schedstat = Path(f"/proc/{pid}/schedstat")
    return lambda: int(schedstat.read_text().split()[0])


if __name__ == "__main__":
    main()
