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
(rankings_sql: a bound from the list's last place): at 100,000 articles about a thousand of
the 20,000 to 34,000 read in the days lacked, whose lookups read every held row when all
were looked up (bench/README.md). Both windows are ranked in one statement, which sums the
days they lack once (the dashboard's first view of a day: bench/README.md)."""

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
# Their ranking order.
FIRST = "ORDER BY readers DESC, views DESC, article_id DESC"


def held(days, through):
    """The settled days of the window of `days` whose last settled day is `through`."""
    if through is None:
        return set()
    return {through - timedelta(n) for n in range(days - 2)}


def current(rows, periods, settled):
    """{days: the last settled day the window's rows hold} for each window of `periods`
    (their marks read at once), each rolled to `settled` first when its rows are more than a
    day away from it."""
    names = {rows.mark_name(days): days for days in periods}
    marks = dict(WindowMark.objects.filter(name__in=names).values_list("name", "through"))
    found = {}
    for name, days in names.items():
        through = marks.get(name)
        if through is None or abs((settled - through).days) > 1:
            through = roll(rows, days, settled)
        found[days] = through
    return found


def ranking(days, count, today=None):
    """[(article id, readers, views)] of the `count` articles most read in the last `days`
    days (one of DAYS, today included), by readers, then views, then the latest article,
    as their daily rows rank them; articles with neither readers nor views left out."""
    return rankings(count, (days,), today)[days]


def rankings(count, periods=DAYS, today=None):
    """{days: ranking(days, count)} for each window of `periods` (of DAYS), from one
    statement: the days the windows lack are summed once for all of them."""
    found = {days: [] for days in periods}
    with connection.cursor() as cursor:
        cursor.execute(*rankings_sql(count, periods, today))
        for days, *row in cursor.fetchall():
            found[days].append(tuple(int(figure) for figure in row))
    return found


def rankings_sql(count, periods=DAYS, today=None):
    """rankings()'s statement and parameters (the windows' rows rolled first if need be).

    An article's figures in a window are its held row's, less its daily row of the day the
    rows hold beyond the window (when they are a day behind), plus its figures of the days
    they lack (`added_k`: yesterday and today, and the day before yesterday when they are a
    day behind). The days lacked are the same for every window whose rows are as far
    behind, so that their rows are summed once for them all.

    Only the articles that can still reach the list are looked up (a bound, exact): the
    final readers of the window's first `count` and of the days lacked's first `count` give
    `least`, which at least `count` articles reach. An article below it cannot have both
    held readers of `held` or more (from 1 to `least`) and `least - held + 1` or more in the
    days lacked; neither figure is less than what it has of them in the window. So the
    candidates are the held rows of `held` readers or more (read in ranking order) and the
    articles of that many readers or more in the days lacked, each with its final figures;
    `held` divides `least` in the ratio of the most either side has, so that both are
    short. When those first ones give fewer than `count` articles with a reader, every row
    is a candidate."""
    today = today or timezone.localdate()
    marks = current(ARTICLES, periods, summaries.last_settled(today))
    parts, params, lacked, ranked = [], [], {}, []
    for n, days in enumerate(periods):
        have, wanted = held(days, marks[days]), {today - timedelta(back) for back in range(days)}
        added = tuple(sorted(wanted - have))
        if added not in lacked:
            k = lacked[added] = len(lacked)
            sums, sums_params = delta_sql(ARTICLES, added, [])
            parts.append(
                f"added_{k} AS ({sums}), top_{k} AS (SELECT article_id, readers "
                f"FROM added_{k} {FIRST} LIMIT %s)"
            )
            params += [*sums_params, count]
        # At most one: the rows are never more than a day behind (current).
        (beyond,) = have - wanted or {None}
        window, window_params, last = ranking_sql(n, lacked[added], days, count, beyond)
        parts.append(window)
        params += window_params
        ranked.append(last)
    sql = (
        f"WITH {', '.join(parts)} "
        + " UNION ALL ".join(ranked)
        + " ORDER BY days, readers DESC, views DESC, article_id DESC"
    )
    return sql, params


def ranking_sql(n, k, days, count, beyond):
    """The common table expressions that bound the window of `days` (the nth; the days it
    lacks summed in `added_k`, the day it holds beyond `beyond` or None) and give its
    candidates with their final figures, their parameters, and the SELECT of its first
    `count` (days, article id, readers, views): rankings_sql()'s bound."""
    table = connection.ops.quote_name(ArticleWindow._meta.db_table)
    daily = connection.ops.quote_name(DailyViews._meta.db_table)

    def final(name):
        return f"COALESCE(w.{name}, 0) + COALESCE(a.{name}, 0) - COALESCE(t.{name}, 0)"

    # The held rows in ranking order, each with its figures of the days lacked and its
    # daily row of the day held beyond; the articles of the days lacked, each with its held
    # row and that daily row (looked up).
    held_side = (
        f"LEFT JOIN added_{k} a ON a.article_id = w.article_id "
        f"LEFT JOIN {daily} t ON t.day = %s AND t.article_id = w.article_id"
    )
    added_side = (
        f"LEFT JOIN {table} w ON w.days = {int(days)} AND w.article_id = a.article_id "
        f"LEFT JOIN {daily} t ON t.day = %s AND t.article_id = a.article_id"
    )
    ctes = (
        f"seeds_{n} AS (SELECT w.article_id, {final('readers')} AS readers "
        f"FROM (SELECT article_id, readers FROM {table} WHERE days = %s {FIRST} LIMIT %s) w "
        f"{held_side} UNION SELECT a.article_id, {final('readers')} FROM top_{k} a "
        f"{added_side}), "
        f"bound_{n} AS ("
        "SELECT least, held_most, added_most, CASE WHEN least < 1 THEN 0 "
        "WHEN split < 1 THEN 1 WHEN split > least THEN least ELSE split END AS held "
        "FROM (SELECT *, least * held_most / NULLIF(held_most + added_most, 0) AS split FROM "
        "(SELECT COALESCE(MAX(readers), 0) AS least "
        f"FROM (SELECT readers FROM seeds_{n} ORDER BY readers DESC LIMIT 1 OFFSET %s) AS nth) "
        "AS reached, "
        f"(SELECT COALESCE(MAX(readers), 0) AS held_most FROM {table} WHERE days = %s) AS h, "
        f"(SELECT COALESCE(MAX(readers), 0) AS added_most FROM top_{k}) AS a) AS figures), "
        # Each range up to its most, so that the planner expects few rows of each and
        # looks them up one by one rather than reading every held row into a hash.
        f"candidates_{n} AS (SELECT w.article_id, {final('readers')} AS readers, "
        f"{final('views')} AS views FROM {table} w {held_side} WHERE w.days = %s "
        f"AND w.readers BETWEEN (SELECT held FROM bound_{n}) AND (SELECT held_most FROM bound_{n}) "
        f"UNION SELECT a.article_id, {final('readers')}, {final('views')} FROM added_{k} a "
        f"{added_side} "
        # (With `least` 0, also the articles of no reader but views.)
        f"WHERE a.readers BETWEEN (SELECT CASE WHEN least < 1 THEN 0 ELSE least - held + 1 END "
        f"FROM bound_{n}) AND (SELECT added_most FROM bound_{n}))"
    )
    last = (
        f"SELECT * FROM (SELECT {int(days)} AS days, article_id, readers, views "
        f"FROM candidates_{n} WHERE readers > 0 OR views > 0 {FIRST} LIMIT {int(count)}) "
        f"AS ranked_{n}"
    )
    beyond = connection.ops.adapt_datefield_value(beyond)
    return ctes, [days, count, beyond, beyond, count - 1, days, beyond, days, beyond], last


def column_views(days, today=None):
    """{column id: views of its own articles} over the settled days of the last `days` days
    (one of COLUMNS.windows): the window's rows and the columns' summaries of the days they
    lack, less those of the day they hold beyond the window."""
    settled = summaries.last_settled(today)
    through = current(COLUMNS, (days,), settled)[days]
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
