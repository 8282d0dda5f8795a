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

A ranking is exact, and looks up only the articles that can still reach the list
(ranking_sql: a bound from the list's last place): at 100,000 articles about a thousand of
the 20,000 to 34,000 read in the days lacked, whose lookups read every held row when all
were looked up (bench/README.md)."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from . import summaries
from .models import ArticleWindow, ColumnDay, ColumnWindow, DailyViews, WindowMark


@dataclass(frozen=True)
class Rows:
    """A kind of window rows: their model, what they are summed by (`key`), their figures,
    the rows of a day they are summed from, and the windows kept."""

    name: str
    model: type
    key: str
    figures: tuple
    source: type
    windows: tuple

    def mark_name(self, days):
        return f"{self.name}-{days}"


ARTICLES = Rows("articles", ArticleWindow, "article_id", ("readers", "views"), DailyViews, (7, 30))
# Summed from the columns' summaries of the days (readership.summaries), which are written
# first.
COLUMNS = Rows("columns", ColumnWindow, "column_id", ("views",), ColumnDay, (7, 30, 90, 365))
# The most read windows.
DAYS = ARTICLES.windows


def held(days, through):
    """The settled days of the window of `days` whose last settled day is `through`."""
    if through is None:
        return set()
    return {through - timedelta(n) for n in range(days - 2)}


def mark(rows, days):
    name = rows.mark_name(days)
    return WindowMark.objects.filter(name=name).values_list("through", flat=True).first()


def current(rows, days, settled):
    """The last settled day the window's rows hold, rolled to `settled` first when they
    are more than a day away from it."""
    through = mark(rows, days)
    if through is None or abs((settled - through).days) > 1:
        through = roll(rows, days, settled)
    return through


def ranking(days, count, today=None):
    """[(article id, readers, views)] of the `count` articles most read in the last `days`
    days (one of DAYS, today included), by readers, then views, then the latest article,
    as their daily rows rank them; articles with neither readers nor views left out."""
    with connection.cursor() as cursor:
        cursor.execute(*ranking_sql(days, count, today))
        return [tuple(int(figure) for figure in row) for row in cursor.fetchall()]


def ranking_sql(days, count, today=None):
    """ranking()'s statement and parameters (the window's rows rolled first if need be).

    Only the articles that can still reach the list are looked up (a bound, exact): the
    final readers of the window's first `count` and of the lacking days' first `count` give
    `least`, which at least `count` articles reach. An article below it in both of two
    ranges cannot reach it: with its held readers under `held` (from 1 to `least`), it
    needs at least `least - held + 1` readers in the lacking days. So the candidates are
    the held rows of `held` readers or more (read in ranking order), each with its lacking
    days, and the lacking days' rows of that many readers or more, each with its held row;
    `held` divides `least` in the ratio of the most either side has, so that both are
    short. When those first ones give fewer than `count` articles with a reader, every row
    is a candidate."""
    today = today or timezone.localdate()
    through = current(ARTICLES, days, summaries.last_settled(today))
    have, wanted = held(days, through), {today - timedelta(n) for n in range(days)}
    delta, params = delta_sql(ARTICLES, sorted(wanted - have), sorted(have - wanted))
    table = connection.ops.quote_name(ArticleWindow._meta.db_table)
    first = "ORDER BY readers DESC, views DESC, article_id DESC"
    sql = (
        f"WITH delta AS ({delta}), "
        "seeds AS ("
        "SELECT w.article_id, w.readers + COALESCE(d.readers, 0) AS readers "
        f"FROM (SELECT article_id, readers FROM {table} WHERE days = %s {first} LIMIT %s) w "
        "LEFT JOIN delta d ON d.article_id = w.article_id "
        "UNION SELECT d.article_id, d.readers + COALESCE(w.readers, 0) "
        f"FROM (SELECT article_id, readers FROM delta {first} LIMIT %s) d "
        f"LEFT JOIN {table} w ON w.days = %s AND w.article_id = d.article_id), "
        "bound AS ("
        "SELECT least, held_most, added_least, added_most, CASE WHEN least < 1 THEN 0 "
        "WHEN split < 1 THEN 1 WHEN split > least THEN least ELSE split END AS held "
        "FROM (SELECT *, least * held_most / NULLIF(held_most "
        "+ CASE WHEN added_most > 0 THEN added_most ELSE 0 END, 0) AS split FROM "
        "(SELECT COALESCE(MAX(readers), 0) AS least "
        "FROM (SELECT readers FROM seeds ORDER BY readers DESC LIMIT 1 OFFSET %s) AS nth) "
        "AS reached, "
        f"(SELECT COALESCE(MAX(readers), 0) AS held_most FROM {table} WHERE days = %s) AS h, "
        "(SELECT MIN(readers) AS added_least, COALESCE(MAX(readers), 0) AS added_most "
        "FROM delta) AS a) AS figures), "
        # Each range up to its most, so that the planner expects few rows of each and
        # looks them up one by one rather than reading every held row into a hash.
        "candidates AS ("
        "SELECT w.article_id, w.readers + COALESCE(d.readers, 0) AS readers, "
        "w.views + COALESCE(d.views, 0) AS views "
        f"FROM {table} w LEFT JOIN delta d ON d.article_id = w.article_id WHERE w.days = %s "
        "AND w.readers BETWEEN (SELECT held FROM bound) AND (SELECT held_most FROM bound) "
        "UNION SELECT d.article_id, d.readers + COALESCE(w.readers, 0), "
        "d.views + COALESCE(w.views, 0) "
        f"FROM delta d LEFT JOIN {table} w ON w.days = %s AND w.article_id = d.article_id "
        "WHERE d.readers BETWEEN (SELECT CASE WHEN least < 1 THEN added_least "
        "ELSE least - held + 1 END FROM bound) AND (SELECT added_most FROM bound)) "
        "SELECT article_id, readers, views FROM candidates WHERE readers > 0 OR views > 0 "
        f"{first} LIMIT %s"
    )
    return sql, [*params, days, count, count, days, count - 1, days, days, days, count]


def column_views(days, today=None):
    """{column id: views of its own articles} over the settled days of the last `days` days
    (one of COLUMNS.windows): the window's rows and the columns' summaries of the days they
    lack, less those of the day they hold beyond the window."""
    settled = summaries.last_settled(today)
    through = current(COLUMNS, days, settled)
    have, wanted = held(days, through), held(days, settled)
    summaries.fill(min(wanted), settled)
    delta, params = delta_sql(COLUMNS, sorted(wanted - have), sorted(have - wanted))
    table = connection.ops.quote_name(ColumnWindow._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_id, SUM(views) FROM ("
            f"SELECT column_id, views FROM {table} WHERE days = %s "
            f"UNION ALL {delta}) AS figures GROUP BY column_id",
            [days, *params],
        )
        return {column: int(views) for column, views in cursor.fetchall() if views}


def roll(rows, days, through):
    """Move the window's rows to the settled days ending on `through`: the days they lack
    added, those they hold beyond taken away (made again when they hold none of the
    window's days). Two rolls at once run one after the other (the mark's row locked), the
    second finding nothing left to do. Returns `through`."""
    name = rows.mark_name(days)
    WindowMark.objects.get_or_create(name=name)
    if rows is COLUMNS:
        summaries.fill(through - timedelta(days=days - 3), through)
    with transaction.atomic():
        found = WindowMark.objects.select_for_update().get(name=name)
        have, wanted = held(days, found.through), held(days, through)
        if not have & wanted:
            rows.model.objects.filter(days=days).delete()
            have = set()
        if have != wanted:
            delta, params = delta_sql(rows, sorted(wanted - have), sorted(have - wanted))
            table = connection.ops.quote_name(rows.model._meta.db_table)
            figures = ", ".join(rows.figures)
            added = ", ".join(f"COALESCE(w.{name}, 0) + d.{name}" for name in rows.figures)
            updated = ", ".join(f"{name} = excluded.{name}" for name in rows.figures)
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {table} (days, {rows.key}, {figures}) "
                    f"SELECT %s, d.{rows.key}, {added} FROM ({delta}) AS d "
                    f"LEFT JOIN {table} w ON w.days = %s AND w.{rows.key} = d.{rows.key} "
                    f"WHERE 1 = 1 ON CONFLICT (days, {rows.key}) DO UPDATE SET {updated}",
                    [days, *params, days],
                )
            rows.model.objects.filter(days=days, **dict.fromkeys(rows.figures, 0)).delete()
        found.through = through
        found.save(update_fields=["through"])
    return through


def delta_sql(rows, added, taken):
    """A SELECT of the key and figures of `rows`: the sums of the day's rows of the days
    `added`, less those of the days `taken`, by key; and its parameters."""
    adapt = connection.ops.adapt_datefield_value
    added, taken = [adapt(day) for day in added], [adapt(day) for day in taken]
    sign, signs = "1", []
    if taken:
        sign = f"CASE WHEN day IN ({placeholders(added)}) THEN 1 ELSE -1 END" if added else "-1"
        signs = added
    sums = ", ".join(f"SUM({sign} * {name}) AS {name}" for name in rows.figures)
    days = added + taken or [None]  # None: no day, no row
    select = (
        f"SELECT {rows.key}, {sums} "
        f"FROM {connection.ops.quote_name(rows.source._meta.db_table)} "
        f"WHERE day IN ({placeholders(days)}) GROUP BY {rows.key}"
    )
    return select, [*(signs * len(rows.figures)), *days]


def placeholders(values):
    return ", ".join(["%s"] * len(values))
