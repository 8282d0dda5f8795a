"""What counting a hit on its day adds to the `db` counter's hit, measured on the statement
alone (one connection, no other load), each way in turn, on the database of DATABASE_URL
(migrated; one article is made if there is none):

- "total only": the UPDATE … RETURNING of before views per day;
- "two statements": that UPDATE, then the day's upsert (each its own transaction);
- "nobody known": news.counter's hit with no reader (as before unique readers), on
  PostgreSQL the upsert a data-modifying WITH of the UPDATE;
- "reader seen": news.counter's hit of a reader already seen today (the reader's insert
  does nothing), on PostgreSQL in the same statement, on SQLite one more;
- "new reader": the same with a reader new each time (the reader's row inserted);
- "crawler": news.counter's hit of a crawler (no reader).

    DATABASE_URL=postgres://… python -m bench.daily_views [--hits N] [--rounds R]

Prints the median time of a hit per way and round, with synchronous_commit as configured.
"""

import argparse
import os
import statistics
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hits", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from categories.models import Category
    from news import counter
    from news.models import Article
    from readership.readers import UNKNOWN_READER, Visit

    article = Article.objects.first()
    if article is None:
        column = Category.objects.first() or Category.objects.create(name="测试", slug="bench")
        article = Article.objects.create(column=column, title="测试", body="<p>测试</p>")
    quote = connection.ops.quote_name
    update = (
        f"UPDATE {quote(Article._meta.db_table)} SET {quote('view_count')} = "
        f"{quote('view_count')} + 1 WHERE {quote('id')} = %s RETURNING {quote('view_count')}"
    )
    today = connection.ops.adapt_datefield_value(timezone.localdate())

    def total_only(cursor):
        cursor.execute(update, [article.pk])
        cursor.fetchone()

    def two_statements(cursor):
        total_only(cursor)
        cursor.execute(counter.add_day_figures_sql(), [today, 1, 0, 0, article.pk])

    readers = iter(range(1, 10**9))

    def counted(visit):
        return lambda cursor: counter.DatabaseCounter().increment(article.pk, visit())

    ways = [
        ("total only", total_only),
        ("two statements", two_statements),
        ("nobody known", counted(lambda: UNKNOWN_READER)),
        ("reader seen", counted(lambda: Visit(crawler=False, reader=0))),
        ("new reader", counted(lambda: Visit(crawler=False, reader=next(readers)))),
        ("crawler", counted(lambda: Visit(crawler=True, reader=None))),
    ]
    print(
        f"{connection.vendor}, synchronous commit: {counter.settings.VIEW_COUNT_SYNCHRONOUS_COMMIT}"
    )
    for _ in range(options.rounds):
        for label, way in ways:
            times = []
            with connection.cursor() as cursor:
                for _ in range(options.hits):
                    started = time.perf_counter()
                    way(cursor)
                    times.append(time.perf_counter() - started)
            print(f"{label:15s} median {statistics.median(times) * 1000:.3f} ms", flush=True)


if __name__ == "__main__":
    main()
