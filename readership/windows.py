"""The settled part of the dashboard's most read in 7 and 30 days (readership.figures):
every article's readers and views over the window's days older than yesterday, a row per
article read in them (ArticleWindow), so that a ranking reads those rows in ranking order and
the daily rows of the few days they do not hold, not a month of daily rows (300,000 at
100,000 articles: bench.readership).

The rows move forward a day at a time (`roll`): the day that became settled added, the day
that left the window taken away, two days of daily rows. `manage.py summarise_views` rolls
them after midnight; a ranking made before reads the days they lack (and takes away the day
they hold beyond the window) from the daily rows, and rolls them itself only when they are
more than a day away from the settled days. When a settled day's rows change afterwards
(summaries.forget), the rows are made again from the daily rows by the next ranking.

A ranking is exact: an article whose days are all held ranks by its held figures, so the
held rows are read in ranking order, those of articles with daily rows to add or take away
skipped, until `count` are found; the others are ranked by their held figures and their
daily rows together."""

from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from . import summaries
from .models import ArticleWindow, DailyViews, WindowMark

# The windows whose settled days are held.
DAYS = (7, 30)


def held(days, through):
    """The settled days of the window of `days` whose last settled day is `through`."""
    if through is None:
        return set()
    return {through - timedelta(n) for n in range(days - 2)}


def mark(days):
    return WindowMark.objects.filter(days=days).values_list("through", flat=True).first()


def ranking(days, count, today=None):
    """[(article id, readers, views)] of the `count` articles most read in the last `days`
    days (one of DAYS, today included), by readers, then views, then the latest article,
    as their daily rows rank them; articles with neither readers nor views left out."""
    with connection.cursor() as cursor:
        cursor.execute(*ranking_sql(days, count, today))
        return [tuple(int(figure) for figure in row) for row in cursor.fetchall()]


def ranking_sql(days, count, today=None):
    """ranking()'s statement and parameters, the window's rows first rolled if they are
    more than a day away from the settled days."""
    today = today or timezone.localdate()
    settled = summaries.last_settled(today)
    through = mark(days)
    if through is None or abs((settled - through).days) > 1:
        through = roll(days, settled)
    have, wanted = held(days, through), {today - timedelta(n) for n in range(days)}
    delta, params = delta_sql(sorted(wanted - have), sorted(have - wanted))
    table = connection.ops.quote_name(ArticleWindow._meta.db_table)
    sql = (
        f"WITH delta AS ({delta}) "
        "SELECT article_id, readers, views FROM ("
        "SELECT d.article_id AS article_id, COALESCE(w.readers, 0) + d.readers AS readers, "
        "COALESCE(w.views, 0) + d.views AS views "
        f"FROM delta d LEFT JOIN {table} w ON w.days = %s AND w.article_id = d.article_id "
        "UNION ALL SELECT * FROM ("
        f"SELECT article_id, readers, views FROM {table} WHERE days = %s "
        "AND article_id NOT IN (SELECT article_id FROM delta) "
        "ORDER BY readers DESC, views DESC, article_id DESC LIMIT %s) AS untouched"
        ") AS candidates WHERE readers > 0 OR views > 0 "
        "ORDER BY readers DESC, views DESC, article_id DESC LIMIT %s"
    )
    return sql, [*params, days, days, count, count]


def roll(days, through):
    """Move the window's rows to the settled days ending on `through`: the days they lack
    added, those they hold beyond taken away (made again from the daily rows when they hold
    none of the window's days). Two rolls at once run one after the other (the mark's row
    locked), the second finding nothing left to do. Returns `through`."""
    WindowMark.objects.get_or_create(days=days)
    with transaction.atomic():
        found = WindowMark.objects.select_for_update().get(days=days)
        have, wanted = held(days, found.through), held(days, through)
        if not have & wanted:
            ArticleWindow.objects.filter(days=days).delete()
            have = set()
        if have != wanted:
            delta, params = delta_sql(sorted(wanted - have), sorted(have - wanted))
            table = connection.ops.quote_name(ArticleWindow._meta.db_table)
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {table} (days, article_id, readers, views) "
                    "SELECT %s, d.article_id, COALESCE(w.readers, 0) + d.readers, "
                    f"COALESCE(w.views, 0) + d.views FROM ({delta}) AS d LEFT JOIN {table} w "
                    "ON w.days = %s AND w.article_id = d.article_id WHERE 1 = 1 "
                    "ON CONFLICT (days, article_id) "
                    "DO UPDATE SET readers = excluded.readers, views = excluded.views",
                    [days, *params, days],
                )
            ArticleWindow.objects.filter(days=days, readers=0, views=0).delete()
        found.through = through
        found.save(update_fields=["through"])
    return through


def delta_sql(added, taken):
    """A SELECT of (article_id, readers, views): the sums of the daily rows of the days
    `added`, less those of the days `taken`, by article; and its parameters."""
    adapt = connection.ops.adapt_datefield_value
    added, taken = [adapt(day) for day in added], [adapt(day) for day in taken]
    sign, signs = "1", []
    if taken:
        sign = f"CASE WHEN day IN ({placeholders(added)}) THEN 1 ELSE -1 END" if added else "-1"
        signs = added
    table = connection.ops.quote_name(DailyViews._meta.db_table)
    select = (
        f"SELECT article_id, SUM({sign} * readers) AS readers, SUM({sign} * views) AS views "
        f"FROM {table} WHERE day IN ({placeholders(added + taken or [None])}) "
        "GROUP BY article_id"
    )
    return select, [*signs, *signs, *(added + taken or [None])]  # None: no day, no row


def placeholders(values):
    return ", ".join(["%s"] * len(values))
