"""The readers' lists by views in a window of days: 本周热门 (7 days) and 本月热门 (30)."""

from datetime import timedelta

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from news import caching
from news.models import Article

WINDOWS = {"week": 7, "month": 30}
HEADINGS = {"week": _("Most read this week"), "month": _("Most read this month")}
COUNT = 10


def first_day(days, today=None):
    """The first of the last `days` Beijing days, today included."""
    return (today or timezone.localdate()) - timedelta(days=days - 1)


def most_read(days, column_ids=None, count=COUNT):
    """The public articles most read in the last `days` days (of the columns `column_ids`,
    a column's subtree, when given), most views first, each with its `window_views`."""
    articles = Article.objects.published()
    if column_ids is not None:
        articles = articles.in_columns(column_ids)
    return list(
        articles.teasers()
        .filter(daily_views__day__gte=first_day(days))
        .annotate(window_views=Sum("daily_views__views"))
        .order_by("-window_views", "-published_at", "-pk")[:count]
    )


def reader_lists(column_ids=None):
    """Both lists, by window name: a query each, when the cache has them not."""
    return {name: most_read(days, column_ids) for name, days in WINDOWS.items()}


def cached_reader_lists(request, column=None):
    """reader_lists(), kept as the other public lists (news.caching.cached): at most the
    cache's time limit old, and new at midnight (the generation changes then). `column`:
    its subtree's lists, else the site's. A list of (window's name, heading, articles)."""
    scope = "site" if column is None else column.pk
    ids = None if column is None else request.columns.subtree_ids(column)
    lists = caching.cached(request, f"most-read:{scope}", lambda: reader_lists(ids))
    return [(name, HEADINGS[name], articles) for name, articles in lists.items()]
