"""The readership figures read from the views per day (DailyViews), for the editors'
dashboard: each function takes the rows it may read (every article's, or a writer's own)
and, to keep what it read, the name of those rows (`scope`). The days before today change
only by a late flush, so their figures are kept for PAST_SECONDS and today's read each time;
the most read in 7 and 30 days are kept whole as long. At 100,000 articles and a year of
daily rows, a year of site views per day took 0.3 s to read (bench.readership)."""

from datetime import timedelta

from django.core.cache import cache
from django.db.models import F, Sum
from django.utils import timezone

from news.models import Article

from .models import DailyViews

PAST_SECONDS = 600


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


def views_by(rows, days, field):
    """The views of the last `days` days summed by `field`, as (value, views) rows."""
    first, last = window(days)
    return (
        rows.filter(day__gte=first, day__lte=last)
        .values_list(field)
        .annotate(views=Sum("views"))
        .order_by()
    )


def summed(rows, days, field, scope):
    """{value of `field`: views} over the last `days` days: the days before today kept
    under `scope` (when given), today's read now."""
    first, today = window(days)
    if days == 1 or scope is None:
        return dict(views_by(rows, days, field))
    key = f"readership:past:{scope}:{field}:{first}:{today}"
    past = cache.get(key)
    if past is None:
        past = dict(views_by(rows.filter(day__lt=today), days, field))
        cache.set(key, past, PAST_SECONDS)
    found = dict(past)
    for value, views in views_by(rows.filter(day=today), days, field):
        found[value] = found.get(value, 0) + views
    return found


def per_day(rows, days, scope=None):
    """[(day, views)] for each of the last `days` days, oldest first, days without views
    at 0."""
    first, _last = window(days)
    found = summed(rows, days, "day", scope)
    return [(first + timedelta(n), found.get(first + timedelta(n), 0)) for n in range(days)]


def most_read(rows, days, count=10, scope=None):
    """The articles most read in the last `days` days, by readers then views, whether public
    now or not: [(article with its column and writer, readers, views)], most first; today's
    read now, longer windows kept under `scope` (when given)."""
    # (Readers in the key: entries kept before they were counted hold (article, views).)
    key = f"readership:most-read-readers:{scope}:{days}:{count}:{window(days)[1]}"
    if days > 1 and scope is not None:
        found = cache.get(key)
        if found is not None:
            return found
    ranked = views_by(rows, days, "article").annotate(readers=Sum("readers"))
    ranked = list(ranked.order_by("-readers", "-views", "-article")[:count])
    articles = (
        Article.objects.teasers()
        .select_related("column", "created_by")
        .in_bulk([pk for pk, *_figures in ranked])
    )
    found = [(articles[pk], readers, views) for pk, views, readers in ranked if pk in articles]
    if days > 1 and scope is not None:
        cache.set(key, found, PAST_SECONDS)
    return found


def per_column(rows, days, tree, scope=None):
    """Each column of the tree (`tree`: the request's column tree), in tree order, with
    its views in the last `days` days, its descendants' included, and its own: [(column,
    with descendants, own)], columns without views left out."""
    own = summed(rows, days, "article__column", scope)
    figures = []
    for column in tree.columns:
        total = sum(own.get(pk, 0) for pk in tree.subtree_ids(column))
        if total:
            figures.append((column, total, own.get(column.pk, 0)))
    return figures
