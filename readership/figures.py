"""The readership figures read from the views per day (DailyViews), for the editors'
dashboard: each function takes the rows it may read (every article's, or a writer's own)
and, to keep what it read, the name of those rows (`scope`). Every article's views per day
and per column come from the summaries of the days that are over (readership.summaries)
and the daily rows of yesterday and today, and their most read in 7 and 30 days from each
article's figures over the settled days (readership.windows) and the daily rows of the days
after them; a writer's, from
their own daily rows, the days before today kept for PAST_SECONDS (they change only by a
late flush). The most read in 7 and 30 days are kept whole for PAST_SECONDS too."""

from datetime import timedelta

from django.core.cache import cache
from django.db.models import F, Q, Sum
from django.utils import timezone

from news.models import Article

from . import day_columns, summaries, windows
from .models import DailyViews

# The field of the daily rows that gives the column their views count in.
COLUMN = "column"
PAST_SECONDS = 600
LIVE_SECONDS = 60
# The scope of every article's rows (a chief editor's), which the summaries hold.
EVERY_ARTICLE = "all"


def before_statistics(article):
    """The article's views counted before its days were kept (an older total, an imported
    one): its total beyond the sum of its days, crawlers' hits included. Both move in one
    step (news.counter), so this figure stays what it was when statistics began."""
    counted = DailyViews.objects.filter(article=article).aggregate(
        hits=Sum(F("views") + F("crawler_views"))
    )["hits"]
    return article.view_count - (counted or 0)


def window(days, today=None):
    """The last `days` Beijing days, today included: (first, last)."""
    today = today or timezone.localdate()
    return today - timedelta(days=days - 1), today


def views_by(rows, first, last, field):
    """The views from `first` to `last` summed by `field`, as (value, views) rows."""
    if field == COLUMN:
        day_columns.fill()
    return (
        rows.filter(day__gte=first, day__lte=last)
        .values_list(field)
        .annotate(views=Sum("views"))
        .order_by()
    )


def summed(rows, days, field, scope):
    """{value of `field`: views} over the last `days` days: for every article's rows, the
    settled days from their summaries (the columns' from readership.windows); for a
    writer's (`scope`), the days before today kept; the other days read now (live_by)."""
    first, today = window(days)
    if scope is None:
        return dict(views_by(rows, first, today, field))
    if days == 1:
        return dict(live_by(rows, first, today, field, scope))
    if scope == EVERY_ARTICLE:
        live = max(first, summaries.last_settled(today) + timedelta(days=1))
        if field == "day":
            found = summaries.site_days(first, live - timedelta(days=1))
        else:
            found = windows.column_views(days, today)
    else:
        live = today
        key = f"readership:past:{scope}:{field}:{first}:{today}"
        found = cache.get(key)
        if found is None:
            found = dict(views_by(rows, first, today - timedelta(days=1), field))
            cache.set(key, found, PAST_SECONDS)
    found = dict(found)
    for value, views in live_by(rows, live, today, field, scope):
        found[value] = found.get(value, 0) + views
    return found


def live_by(rows, first, today, field, scope):
    """views_by() of the days not summarised: read now for the days, kept LIVE_SECONDS for
    every article's columns (yesterday's and today's rows summed by column)."""
    if scope != EVERY_ARTICLE or field == "day":
        return views_by(rows, first, today, field)
    key = f"readership:live:{field}:{first}:{today}"
    found = cache.get(key)
    if found is None:
        found = list(views_by(rows, first, today, field))
        cache.set(key, found, LIVE_SECONDS)
    return found


def per_day(rows, days, scope=None):
    """[(day, views)] for each of the last `days` days, oldest first, days without views
    at 0."""
    first, _last = window(days)
    found = summed(rows, days, "day", scope)
    return [(first + timedelta(n), found.get(first + timedelta(n), 0)) for n in range(days)]


def per_day_of_articles(article_ids, days):
    """{article id: per_day() series of its last `days` days} for each of `article_ids`, in
    one query."""
    first, last = window(days)
    found = {pk: {} for pk in article_ids}
    rows = DailyViews.objects.filter(article__in=found, day__range=(first, last))
    for pk, day, views in rows.values_list("article", "day", "views"):
        found[pk][day] = views
    dates = [first + timedelta(n) for n in range(days)]
    return {pk: [(day, by_day.get(day, 0)) for day in dates] for pk, by_day in found.items()}


def most_read(rows, days, count=10, scope=None):
    """The articles most read in the last `days` days, by readers then views, whether public
    now or not: [(article with its column and writer, readers, views)], most first; today's
    read now, longer windows kept under `scope` (when given)."""
    return most_read_of(rows, (days,), count, scope)[days]


def most_read_of(rows, periods, count=10, scope=None):
    """{days: most_read(rows, days, count, scope)} for each of `periods`: the windows of
    every article's rows not kept ranked in one statement (readership.windows), the
    articles of all the lists read in one query."""
    # (Readers in the key: entries kept before they were counted hold (article, views).)
    keys = {
        days: f"readership:most-read-readers:{scope}:{days}:{count}:{window(days)[1]}"
        for days in periods
        if days > 1 and scope is not None
    }
    kept = cache.get_many(keys.values())
    found = {days: kept[key] for days, key in keys.items() if key in kept}
    missing = [days for days in periods if days not in found]
    windowed = [days for days in missing if scope == EVERY_ARTICLE and days in windows.DAYS]
    ranked = windows.rankings(count, windowed) if windowed else {}
    for days in missing:
        if days not in ranked:
            ranked[days] = ranked_rows(rows, days, count)
    articles = (
        Article.objects.teasers()
        .select_related("column", "created_by")
        .in_bulk({pk for days in missing for pk, *_figures in ranked[days]})
    )
    for days in missing:
        found[days] = [
            (articles[pk], readers, views) for pk, readers, views in ranked[days] if pk in articles
        ]
    cache.set_many({keys[days]: found[days] for days in missing if days in keys}, PAST_SECONDS)
    return {days: found[days] for days in periods}


def ranked_rows(rows, days, count):
    """[(article id, readers, views)] of the `count` most read of `rows` in the last `days`
    days, summed from the daily rows."""
    return list(
        views_by(rows, *window(days), "article")
        .annotate(readers=Sum("readers"))
        .filter(Q(readers__gt=0) | Q(views__gt=0))
        .order_by("-readers", "-views", "-article")
        .values_list("article", "readers", "views")[:count]
    )


def per_column(rows, days, tree, scope=None):
    """Each column of the tree (`tree`: the request's column tree), in tree order, with
    its views in the last `days` days, its descendants' included, and its own: [(column,
    with descendants, own)], columns without views left out."""
    own = summed(rows, days, COLUMN, scope)
    # Summed from the leaves up in one pass (a column's descendants follow it in tree
    # order): a subtree walk per column costs a million steps at a thousand columns.
    totals = {}
    for column in reversed(tree.columns):
        totals[column.pk] = totals.get(column.pk, 0) + own.get(column.pk, 0)
        if column.parent_id is not None:
            totals[column.parent_id] = totals.get(column.parent_id, 0) + totals[column.pk]
    return [
        (column, totals[column.pk], own.get(column.pk, 0))
        for column in tree.columns
        if totals[column.pk]
    ]
