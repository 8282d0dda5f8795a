"""The readers' lists by readers in a window of days: 本周热门 (7 days) and 本月热门 (30),
ranked by the sum of each day's distinct readers (readership.readers: a loop of requests
from one reader counts once a day, crawlers not at all), views breaking ties.

Each list is read in two steps, so that an edit costs little: the ranking (the articles
with the most readers in the window, public or not, from the daily rows alone) is kept for the
cache's time limit and the day, whatever is edited meanwhile; the list is then the ranking's
first public articles (Article.objects.published()) after those a chief editor pinned, less
those kept out (ListChoice), one lookup, kept for the content generation as the other lists
are. At 100,000 articles and a year of daily rows, ranking
the site's 30 days took most of the 0.8 s that the lists cost in one query (bench.readership).
"""

from datetime import timedelta
from typing import NamedTuple

from django.db.models import F, Sum
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from news import caching
from news.models import Article
from sitecache import kept, versions

from .models import DailyViews, ListChoice

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


class Listed(NamedTuple):
    """What a list needs of a public article: its title and address, and what orders it."""

    pk: int
    title: str
    column_id: int
    listed_as: str | None  # the chief editors' choice: pinned, kept out or None
    pin: int | None  # the choice's id, to order the pins

    def get_absolute_url(self):
        return reverse("article", kwargs={"pk": self.pk})


def public_of(ranked, public, column_ids=None, count=COUNT):
    """The list of a ranking (`public`: the public articles by id, public_by_id()): the
    pinned ones first (those of the columns `column_ids` when given), the latest pin first,
    then the ranking's others not kept out; `count` in all."""
    pinned = sorted(
        (
            article
            for article in public.values()
            if article.listed_as == ListChoice.Choice.PIN
            and (column_ids is None or article.column_id in column_ids)
        ),
        key=lambda article: article.pin,
        reverse=True,
    )
    others = [
        public[pk] for pk, _readers in ranked if pk in public and public[pk].listed_as is None
    ]
    return (pinned + others)[:count]


def public_by_id(*rankings):
    """The public articles (Listed) of the rankings and the pinned ones by id: one lookup of
    the few columns a list shows, read as plain values (a page that is not kept reads them
    when its column's lists are not kept either)."""
    ids = {pk for ranked in rankings for pk, _readers in ranked}
    public = (
        Article.objects.published()
        .annotate(listed_as=F("list_choice__choice"), pin=F("list_choice__pk"))
        .order_by()
        .values_list(*Listed._fields)
    )
    # A union, so that each part reads its own index (an OR of the two reads every article).
    pinned = public.filter(list_choice__choice=ListChoice.Choice.PIN)
    rows = public.filter(pk__in=ids).union(pinned, all=True)
    return {row[0]: Listed._make(row) for row in rows}


def most_read(days, column_ids=None, count=COUNT):
    """The public articles (Listed) most read in the last `days` days, most first, after the
    pinned ones."""
    ranked = ranking(days, column_ids)
    return public_of(ranked, public_by_id(ranked), column_ids, count)


def reader_lists(rankings, column_ids=None):
    """The lists of the rankings (Listed), by window name; `column_ids`: the subtree whose
    lists they are, None for the site's."""
    public = public_by_id(*rankings.values())
    return {name: public_of(ranked, public, column_ids) for name, ranked in rankings.items()}


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
    time limit old, new at midnight (the generation changes then) and after a pin or an
    exclusion (readership.signals). `column`: its subtree's lists, else the site's. A list
    of (window's name, heading, [(title, address)]).

    Each rendered page reads them from the cache: they are kept as plain strings, cheap to
    load, with each article's address already made, so under the language and the script
    prefix (the 关怀版's) that make it."""
    scope = "site" if column is None else column.pk
    ids = None if column is None else set(request.columns.subtree_ids(column))
    lists = caching.cached(
        request,
        f"most-read:{scope}:{get_language()}:{get_script_prefix()}",
        lambda: links(reader_lists(cached_rankings(request, column), ids)),
    )
    return [(name, HEADINGS[name], articles) for name, articles in lists.items()]


def links(lists):
    """{window's name: [(title, address)]} of the lists by window name."""
    return {
        name: [(article.title, article.get_absolute_url()) for article in articles]
        for name, articles in lists.items()
    }
