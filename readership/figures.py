"""The readership figures read from the views per day (DailyViews), for the editors'
dashboard: each function takes the rows it may read (every article's, or a writer's own)."""

from datetime import timedelta

from django.db.models import Sum
from django.utils import timezone

from news.models import Article

from .models import DailyViews


def before_statistics(article):
    """The article's views counted before its days were kept (an older total, an imported
    one): its total beyond the sum of its days. Both move in one step (news.counter), so
    this figure stays what it was when statistics began."""
    counted = DailyViews.objects.filter(article=article).aggregate(views=Sum("views"))["views"]
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


def per_day(rows, days):
    """[(day, views)] for each of the last `days` days, oldest first, days without views
    at 0."""
    first, _last = window(days)
    found = dict(views_by(rows, days, "day"))
    return [(first + timedelta(n), found.get(first + timedelta(n), 0)) for n in range(days)]


def most_read(rows, days, count=10):
    """The articles most read in the last `days` days, whether public now or not: [(article
    with its column and writer, views)], most first."""
    ranked = list(views_by(rows, days, "article").order_by("-views", "-article")[:count])
    articles = (
        Article.objects.teasers()
        .select_related("column", "created_by")
        .in_bulk([pk for pk, _views in ranked])
    )
    return [(articles[pk], views) for pk, views in ranked if pk in articles]


def per_column(rows, days, tree):
    """Each column of the tree (`tree`: the request's column tree), in tree order, with
    its views in the last `days` days, its descendants' included, and its own: [(column,
    with descendants, own)], columns without views left out."""
    own = dict(views_by(rows, days, "article__column"))
    figures = []
    for column in tree.columns:
        total = sum(own.get(pk, 0) for pk in tree.subtree_ids(column))
        if total:
            figures.append((column, total, own.get(column.pk, 0)))
    return figures
