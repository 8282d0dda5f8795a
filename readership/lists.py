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

Most article pages show lists that nobody has made yet (their column's: a thousand columns),
so making them must cost a page little: both windows are ranked by one statement and the
public articles read by another, each written once per process rather than built and
compiled by the ORM each time, and the lists are kept as their items' HTML (bench/README.md,
"The reader lists made once a process").
"""

import functools
from datetime import UTC, datetime, timedelta
from operator import itemgetter
from typing import NamedTuple

from django.db import connection
from django.db.models import F
from django.db.models.expressions import RawSQL
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from config.context_processors import content_lang
from news import caching
from news.models import Article
from news.slotted_statements import SlottedStatement
from sitecache import kept, versions

from .models import DailyViews, ListChoice

WINDOWS = {"week": 7, "month": 30}
HEADINGS = {"week": _("Most read this week"), "month": _("Most read this month")}
COUNT = 10
# Ranked candidates of a list: its first COUNT public ones are listed (fewer only when more
# than RANKED - COUNT of the most read are no longer public).
RANKED = 50
# The most ids a lookup of public articles takes: those of both windows' rankings.
LOOKED_UP = RANKED * len(WINDOWS)


def first_day(days, today=None):
    """The first of the last `days` Beijing days, today included."""
    return (today or timezone.localdate()) - timedelta(days=days - 1)


def rankings(column_ids=None, windows=WINDOWS, count=RANKED):
    """{window's name: [(article id, readers)]} of the articles most read in each window
    ({name: days}) of the columns `column_ids` (a column's subtree; all when None), public or
    not, most first: one statement for all windows, views then the latest article breaking
    ties."""
    with connection.cursor() as cursor:
        cursor.execute(
            ranking_sql(len(windows), None if column_ids is None else len(column_ids)),
            ranking_parameters(windows.values(), column_ids, count),
        )
        rows = cursor.fetchall()
    ranked = {name: [] for name in windows}
    names = list(windows)
    # Each window's rows by readers, views and id, most first, as the statement orders them.
    for window, pk, readers, _views in sorted(rows, key=itemgetter(2, 3, 1), reverse=True):
        ranked[names[window]].append((pk, readers))
    return ranked


@functools.cache
def ranking_sql(windows, columns):
    """rankings()' statement for `windows` windows and `columns` column ids (None: all),
    written once per process (the ORM's building and compiling of two statements was most of
    what a page that ranks spent on its lists, bench/README.md): the daily rows of the widest
    window summed once by article, each window's sums counting its own days alone (NULL for
    an article not read in it), then each window's first `count` of those with readers or
    views: an article that only crawlers opened (their hits count apart) is not among them,
    as on the dashboard (readership.windows)."""
    table = connection.ops.quote_name(DailyViews._meta.db_table)
    sums = ", ".join(
        f"SUM(CASE WHEN v.day >= %s THEN v.readers END) AS readers_{n}, "
        f"SUM(CASE WHEN v.day >= %s THEN v.views END) AS views_{n}"
        for n in range(windows)
    )
    scope = ""
    if columns is not None:
        articles = connection.ops.quote_name(Article._meta.db_table)
        scope = (
            f"JOIN {articles} a ON a.id = v.article_id "
            f"AND a.column_id IN ({', '.join(['%s'] * columns) or 'NULL'}) "
        )
    firsts = " UNION ALL ".join(
        f"SELECT * FROM (SELECT {n}, article_id, readers_{n}, views_{n} FROM summed "
        f"WHERE readers_{n} > 0 OR views_{n} > 0 "
        f"ORDER BY readers_{n} DESC, views_{n} DESC, article_id DESC LIMIT %s) AS window_{n}"
        for n in range(windows)
    )
    return (
        f"WITH summed AS (SELECT v.article_id, {sums} FROM {table} v {scope}"
        f"WHERE v.day >= %s GROUP BY v.article_id) {firsts}"
    )


def ranking_parameters(windows, column_ids, count):
    firsts = [first_day(days) for days in windows]
    adapt = connection.ops.adapt_datefield_value
    return [
        *(adapt(first) for first in firsts for _figure in ("readers", "views")),
        *(column_ids or ()),
        adapt(min(firsts)),
        *[count] * len(firsts),
    ]


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
    rows = public_statement().rows(lookup_values(timezone.now(), list(ids)))
    return {row[0]: Listed._make(row) for row in rows}


def public_lookup(now, ids):
    """The public articles at `now` (Article.objects.published()) among `ids`, and the
    pinned ones, as Listed's values; `ids` an array on PostgreSQL, whose psycopg parses a
    statement of more than 50 parameters anew each time (a thousand calls)."""
    public = (
        Article.objects.published(now)
        .annotate(listed_as=F("list_choice__choice"), pin=F("list_choice__pk"))
        .order_by()
        .values_list(*Listed._fields)
    )
    # A union, so that each part reads its own index (an OR of the two reads every article).
    pinned = public.filter(list_choice__choice=ListChoice.Choice.PIN)
    among = RawSQL("SELECT unnest(%s::bigint[])", [ids]) if _as_array() else ids
    return public.filter(pk__in=among).union(pinned, all=True)


def lookup_values(now, ids):
    """What fills public_lookup's statement: the time, then the ids (at most LOOKED_UP; NULL
    in the other places, which matches nothing)."""
    return [now, ids] if _as_array() else [now, *ids, *[None] * (LOOKED_UP - len(ids))]


def _as_array():
    return connection.vendor == "postgresql"


@functools.cache
def public_statement():
    """public_by_id()'s statement, composed once per process by the ORM (building and
    compiling it per page cost more than reading its rows), for ids below zero, which no
    article has."""

    def sentinels(offset):
        now = datetime(1901, 1, 1, tzinfo=UTC) + timedelta(hours=offset)
        ids = list(range(-LOOKED_UP * offset, -LOOKED_UP * (offset - 1)))
        return (now, ids), lookup_values(now, ids)

    return SlottedStatement(connection.alias, public_lookup, sentinels)


def most_read(days, column_ids=None, count=COUNT):
    """The public articles (Listed) most read in the last `days` days, most first, after the
    pinned ones."""
    ranked = rankings(column_ids, {"window": days})["window"]
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
    ranked = kept.read(key)
    if ranked is None:
        ranked = rankings(ids)
        if not caching.may_be_editor(request):
            kept.keep(key, ranked, caching.LONGEST_SECONDS)
    return ranked


def cached_reader_lists(request, column=None):
    """The lists, kept as the other public lists (news.caching.cached): at most the cache's
    time limit old, new at midnight (the generation changes then) and after a pin or an
    exclusion (readership.signals). `column`: its subtree's lists, else the site's. A list
    of (window's name, heading, its items' HTML).

    Each rendered page reads them from the cache: they are kept as their items' HTML, one
    string a list, cheap to load and to show, each article's address and the page's
    language already in it, so under the language and the script prefix (the 关怀版's) that
    make it."""
    scope = "site" if column is None else column.pk
    ids = None if column is None else set(request.columns.subtree_ids(column))
    lists = caching.cached(
        request,
        f"reader-lists:{scope}:{get_language()}:{get_script_prefix()}",
        lambda: items(reader_lists(cached_rankings(request, column), ids)),
    )
    return [(name, HEADINGS[name], html) for name, html in lists.items()]


def items(lists):
    """{window's name: the HTML of its list's items} of the lists by window name, made once
    with them (twenty links rendered by the template cost a page about 2,500 function calls,
    as much as making the lists); empty for an empty list."""
    lang = content_lang()
    return {
        name: format_html_join(
            "",
            '<li><a href="{}"{}>{}</a></li>',
            ((article.get_absolute_url(), lang, article.title) for article in articles),
        )
        for name, articles in lists.items()
    }
