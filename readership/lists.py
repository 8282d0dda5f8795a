"""The readers' lists by readers in a window of days: 本周热门 (7 days) and 本月热门 (30),
ranked by the sum of each day's distinct readers (readership.readers: a loop of requests
from one reader counts once a day, crawlers not at all), views breaking ties.

Each list is read in two steps, so that an edit costs little: the ranking (the articles
with the most readers in the window, public or not, from the daily rows alone) is kept for the
cache's time limit and the day, whatever is edited meanwhile; the list is then the ranking's
first public articles (Article.objects.published()), one lookup by id, kept for the content
generation as the other lists are. At 100,000 articles and a year of daily rows, ranking
the site's 30 days took most of the 0.8 s that the lists cost in one query (bench.readership).
"""

from copy import copy
from datetime import timedelta

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from news import caching
from news.models import Article
from sitecache import kept, versions

from .models import DailyViews

WINDOWS = {"week": 7, "month": 30}
HEADINGS = {"week": _("Most read this week"), "month": _("Most read this month")}
COUNT = 10
# Ranked candidates of a list: its first COUNT public ones are listed (fewer only when more
# than RANKED - COUNT of the most read are no longer public).
RANKED = 50


def first_day(days, today=None):
    """The first of the last `days` Beijing days, today included."""
    return (today or timezone.localdate()) - timedelta(days=days - 1)


def ranking(days, column_ids=None, count=RANKED):
    """[(article id, readers)] of the articles most read in the last `days` days (of the
    columns `column_ids`, a column's subtree, when given), public or not, most first."""
    rows = DailyViews.objects.filter(day__gte=first_day(days))
    if column_ids is not None:
        rows = rows.filter(article__column_id__in=column_ids)
    ranked = rows.values_list("article").annotate(readers=Sum("readers"), views=Sum("views"))
    ranked = ranked.order_by("-readers", "-views", "-article")[:count]
    return [(pk, readers) for pk, readers, _views in ranked]


def public_of(ranked, public, count=COUNT):
    """The first `count` public articles of a ranking (`public`: the public ones by id),
    each with its `window_readers`."""
    listed = []
    for pk, readers in ranked:
        if pk in public and len(listed) < count:
            public[pk].window_readers = readers
            listed.append(public[pk])
    return listed


def public_by_id(*rankings):
    """The public articles of the rankings by id: one lookup."""
    ids = {pk for ranked in rankings for pk, _readers in ranked}
    return Article.objects.published().teasers().in_bulk(ids)


def most_read(days, column_ids=None, count=COUNT):
    """The public articles most read in the last `days` days, most first."""
    ranked = ranking(days, column_ids)
    return public_of(ranked, public_by_id(ranked), count)


def reader_lists(rankings):
    """The lists of the rankings, by window name (each article object in one list only)."""
    public = public_by_id(*rankings.values())
    return {
        name: public_of(ranked, {pk: copy(article) for pk, article in public.items()})
        for name, ranked in rankings.items()
    }


def cached_rankings(request, column):
    """Both windows' rankings, kept for the cache's time limit under the day (and the column
    tree: a column's ranking covers its subtree), read whatever the content generation."""
    ids = None if column is None else request.columns.subtree_ids(column)
    scope = "site" if column is None else column.pk
    key = (
        f"readership:ranking:{scope}:{timezone.localdate()}:"
        f"{request.content_versions[versions.COLUMNS]}"
    )
    rankings = kept.read(key)
    if rankings is None:
        rankings = {name: ranking(days, ids) for name, days in WINDOWS.items()}
        if not caching.may_be_editor(request):
            kept.keep(key, rankings, caching.LONGEST_SECONDS)
    return rankings


def cached_reader_lists(request, column=None):
    """The lists, kept as the other public lists (news.caching.cached): at most the cache's
    time limit old, and new at midnight (the generation changes then). `column`: its
    subtree's lists, else the site's. A list of (window's name, heading, articles)."""
    scope = "site" if column is None else column.pk
    lists = caching.cached(
        request, f"most-read:{scope}", lambda: reader_lists(cached_rankings(request, column))
    )
    return [(name, HEADINGS[name], articles) for name, articles in lists.items()]
