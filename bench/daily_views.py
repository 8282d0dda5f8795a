"""What counting a hit on its day adds to the `db` counter's hit, measured on the statement
alone (one connection, no other load), three ways, alternately, on the database of
DATABASE_URL (migrated; one article is made if there is none):

- "total only": the UPDATE … RETURNING of before views per day;
- "two statements": that UPDATE, then the day's upsert (each its own transaction);
- "one statement": news.counter's hit, the upsert a data-modifying WITH of the UPDATE.

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
        cursor.execute(counter.add_day_views_sql(), [today, 1, article.pk])

    def one_statement(cursor):
        counter.DatabaseCounter().increment(article.pk)

    ways = [("total only", total_only), ("two statements", two_statements)]
    ways.append(("one statement", one_statement))
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
