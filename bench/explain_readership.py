"""The plans of the queries that read a window of daily rows, on the benchmark's database
(bench.readership builds it): the reader lists' rankings (本周热门/本月热门, the site's and a
column's), the dashboard's most read of today and of 7 and 30 days (readership.windows, one
statement for both), also as the first view of a day without the timer finds the windows (a
day behind: rolled back for the plan, then forward again), the live days' views per column,
and a day's summary (the columns' rows summed and written: rolled back).

    DATABASE_URL=postgres://… python -m bench.explain_readership

Each query as the code sends it, recorded (connection.queries) and run again under
PostgreSQL's EXPLAIN (ANALYZE, BUFFERS), or on SQLite its query plan.
"""

from contextlib import contextmanager
from datetime import timedelta

from bench.run import configure_environment


def main():
    configure_environment()
    import django

    django.setup()
    from django.db import connection, transaction

    from categories.models import Category
    from categories.tree import ColumnTree
    from readership import figures, lists, summaries, windows
    from readership.models import DailyViews

    news = ColumnTree.load().subtree_ids(Category.objects.get(slug="news"))
    rows = DailyViews.objects.all()
    first, today = figures.window(2)
    settled = summaries.last_settled()

    @contextmanager
    def a_day_behind():
        """The most read windows as yesterday's timer left them."""
        for days in windows.DAYS:
            windows.roll(windows.ARTICLES, days, settled - timedelta(days=1))
        try:
            yield
        finally:
            for days in windows.DAYS:
                windows.roll(windows.ARTICLES, days, settled)

    def summary_of_a_day():
        with transaction.atomic():
            summaries.write([settled])
            transaction.set_rollback(True)

    reads = {
        "reader lists' rankings, the site's": lambda: lists.rankings(),
        "reader lists' rankings, 新闻中心's": lambda: lists.rankings(news),
        "dashboard's most read today": lambda: figures.ranked_rows(rows, 1, 10),
        "dashboard's most read in 7 and 30 days (one statement)": lambda: windows.rankings(10),
        "views per column, yesterday and today": lambda: list(
            figures.views_by(rows, first, today, figures.COLUMN)
        ),
        "a day's summary (its rows by column)": summary_of_a_day,
    }
    behind = {
        "most read in 7 and 30 days, the windows a day behind": lambda: windows.rankings(10),
    }
    print(f"{DailyViews.objects.count():,} daily rows, {connection.vendor}")
    for name, read in reads.items():
        explain(name, read, ("INSERT",) if read is summary_of_a_day else ("SELECT", "WITH"))
    with a_day_behind():
        for name, read in behind.items():
            explain(name, read)


def explain(name, read, kinds=("SELECT", "WITH")):
    """The plan of the last statement of `read()` that reads the daily rows and begins with
    one of `kinds` (what it writes rolled back)."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        read()
    sql = [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].startswith(kinds) and "readership_dailyviews" in query["sql"]
    ][-1]
    postgresql = connection.vendor == "postgresql"
    explain = "EXPLAIN (ANALYZE, BUFFERS) " if postgresql else "EXPLAIN QUERY PLAN "
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(explain + sql)
        plan = "\n".join(" ".join(map(str, row)) for row in cursor.fetchall())
        transaction.set_rollback(True)
    print(f"\n## {name}\n\n{sql}\n\n{plan}", flush=True)


if __name__ == "__main__":
    main()
