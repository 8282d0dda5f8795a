"""The plans of the queries that read a window of daily rows, on the benchmark's database
(bench.readership builds it): the reader lists' rankings (本周热门/本月热门, the site's and a
column's), the dashboard's most read of today and of 30 days (readership.windows), and the
live days' views per column.

    DATABASE_URL=postgres://… python -m bench.explain_readership

Each query as the code sends it, recorded (connection.queries) and run again under
PostgreSQL's EXPLAIN (ANALYZE, BUFFERS), or on SQLite its query plan.
"""

from bench.run import configure_environment


def main():
    configure_environment()
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from categories.models import Category
    from categories.tree import ColumnTree
    from readership import figures, lists, windows
    from readership.models import DailyViews

    news = ColumnTree.load().subtree_ids(Category.objects.get(slug="news"))
    rows = DailyViews.objects.all()
    first, today = figures.window(2)
    reads = {
        "reader list ranking, the site's 30 days": lambda: lists.ranking(30),
        "reader list ranking, 新闻中心's 7 days": lambda: lists.ranking(7, news),
        "dashboard's most read today": lambda: figures.ranked_rows(rows, 1, 10),
        "dashboard's most read in 30 days": lambda: windows.ranking(30, 10),
        "views per column, yesterday and today": lambda: list(
            figures.views_by(rows, first, today, "article__column")
        ),
    }
    print(f"{DailyViews.objects.count():,} daily rows, {connection.vendor}")
    for name, read in reads.items():
        with CaptureQueriesContext(connection) as captured:
            read()
        sql = captured.captured_queries[-1]["sql"]
        explain = (
            "EXPLAIN (ANALYZE, BUFFERS) "
            if connection.vendor == "postgresql"
            else "EXPLAIN QUERY PLAN "
        )
        with connection.cursor() as cursor:
            cursor.execute(explain + sql)
            plan = "\n".join(" ".join(map(str, row)) for row in cursor.fetchall())
        print(f"\n## {name}\n\n{sql}\n\n{plan}", flush=True)


if __name__ == "__main__":
    main()
