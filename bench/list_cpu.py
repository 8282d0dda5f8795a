"""What the lists that show article items cost to render, in CPU: pages of a column and of a
keyword, each asked for once (so rendered, not kept), and the topics' pages if there are any.

    python -m bench.list_cpu [--pages N]    (DATABASE_URL as for make bench; build it first)

Each page is read through Django's test client in a fresh process (its cache is the local
memory one unless REDIS_URL is set: leave it unset), after one page that loads what every
page reads; prints the mean CPU per request of the process and of its PostgreSQL backend,
as bench.search_cpu does, to compare two versions of the list item run in turn.
"""

import argparse
import time

from bench.run import configure_environment
from bench.search_cpu import backend_cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=40)
    options = parser.parse_args()
    configure_environment()
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    from bench.build import KEYWORDS
    from categories.models import Category
    from topics.models import Topic

    news = Category.objects.get(slug="news").get_absolute_url()
    tag = reverse("tag", args=[KEYWORDS[0]])
    pages = range(2, options.pages + 2)
    topics = [topic.get_absolute_url() for topic in Topic.objects.all()[: options.pages]]
    rows = [
        ("floor", ["/bench/floor/"] * options.pages),
        ("column, a page not read before", [f"{news}?page={n}" for n in pages]),
        ("keyword, a page not read before", [f"{tag}?page={n}" for n in pages]),
        ("topic, each once", topics),
    ]
    with override_settings(ALLOWED_HOSTS=["*"]):
        client = Client()
        client.get(news)
        backend = backend_cpu(connection)
        print(f"{connection.vendor}; mean CPU per request, ms")
        print("| request | Python | database |\n|---|--:|--:|")
        for label, paths in rows:
            if not paths:
                continue
            python, database = time.process_time(), backend()
            for path in paths:
                assert client.get(path).status_code == 200, path
            python = (time.process_time() - python) * 1000 / len(paths)
            database = (backend() - database) / 1e6 / len(paths)
            print(f"| {label} | {python:.1f} | {database:.1f} |")


if __name__ == "__main__":
    main()
