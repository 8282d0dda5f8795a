"""The readers' lists 本周热门 and 本月热门 read through statements written once per process
(readership.lists: both windows ranked in one, the public articles looked up in one compiled
from the ORM's) are what their definition in the ORM gives: the same rankings and the same
lists, pins and exclusions, public articles only, ties and the 00:00 Beijing boundary
included, for the site and every column's subtree, as the time moves on."""

import random
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import F, Q, Sum
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from categories.tree import ColumnTree
from news.models import Article
from readership import lists
from readership.models import DailyViews, ListChoice

from .test_most_read import LAST_SECOND, NEXT_DAY, TODAY


def defined_ranking(days, column_ids=None):
    """The ranking as the ORM defines it: the articles with the most readers in the window
    (of the columns when given), public or not, then views, then the latest; none that
    neither a reader nor a view reached (crawlers' hits alone)."""
    rows = DailyViews.objects.filter(day__gte=lists.first_day(days))
    if column_ids is not None:
        rows = rows.filter(article__column_id__in=column_ids)
    ranked = rows.values_list("article").annotate(readers=Sum("readers"), views=Sum("views"))
    ranked = ranked.filter(Q(readers__gt=0) | Q(views__gt=0))
    ranked = ranked.order_by("-readers", "-views", "-article")[: lists.RANKED]
    return [(pk, readers) for pk, readers, _views in ranked]


def defined_public(*rankings):
    """The public articles of the rankings and the pinned ones, by id, as the ORM reads them."""
    ids = {pk for ranked in rankings for pk, _readers in ranked}
    public = (
        Article.objects.published()
        .annotate(listed_as=F("list_choice__choice"), pin=F("list_choice__pk"))
        .values_list(*lists.Listed._fields)
    )
    pinned = public.filter(list_choice__choice=ListChoice.Choice.PIN)
    rows = list(public.filter(pk__in=ids)) + list(pinned)
    return {row[0]: lists.Listed._make(row) for row in rows}


def defined_lists(column_ids):
    rankings = {name: defined_ranking(days, column_ids) for name, days in lists.WINDOWS.items()}
    public = defined_public(*rankings.values())
    return rankings, {
        name: lists.public_of(ranked, public, column_ids) for name, ranked in rankings.items()
    }


@pytest.fixture
def read_site(demo_tree):
    """200 articles over the columns, some not public (drafts, withdrawn, published or
    expiring an hour after midnight), read on days around both windows' edges by few readers
    (many ties, some at both readers and views), a few pinned or kept out."""
    rng = random.Random(26)
    columns = list(demo_tree.values())
    hour_after = NEXT_DAY + timedelta(hours=1)
    kinds = [
        {},
        {},
        {},
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.WITHDRAWN},
        {"published_at": hour_after},
        {"expires_at": hour_after},
        {"expires_at": LAST_SECOND - timedelta(hours=1)},
    ]
    articles = Article.objects.bulk_create(
        Article(
            title=f"文章 {n}",
            column=rng.choice(columns),
            body="<p>正文</p>",
            **{
                "status": Article.Status.PUBLISHED,
                "published_at": LAST_SECOND - timedelta(days=40),
                **rng.choice(kinds),
            },
        )
        for n in range(200)
    )
    rows = []
    for article in articles:
        # Days from 31 before to the day after (read after midnight), edges more often.
        for days_ago in rng.sample(sorted({31, 30, 29, 8, 7, 6, 5, 1, 0, -1, *range(2, 40, 3)}), 4):
            readers = rng.randint(0, 3)
            rows.append(
                DailyViews(
                    article=article,
                    day=TODAY - timedelta(days=days_ago),
                    readers=readers,
                    views=readers + rng.randint(0, 1),
                )
            )
    DailyViews.objects.bulk_create(rows)
    for article in rng.sample(articles, 16):
        ListChoice.objects.create(article=article, choice=rng.choice(ListChoice.Choice.values))
    tree = ColumnTree.load()
    return [None, *(tree.subtree_ids(column) for column in columns)]


@pytest.mark.parametrize(
    "moment",
    [LAST_SECOND, NEXT_DAY, NEXT_DAY + timedelta(hours=2)],
    ids=["last second of a day", "midnight", "after an hour of publications and expiries"],
)
def test_the_lists_are_what_their_definition_gives(read_site, monkeypatch, moment):
    monkeypatch.setattr(timezone, "now", lambda: moment)
    compared = 0

    for column_ids in read_site:
        rankings, defined = defined_lists(column_ids)

        assert lists.rankings(column_ids) == rankings, column_ids
        assert lists.reader_lists(lists.rankings(column_ids), column_ids) == defined, column_ids
        for days in (1, *lists.WINDOWS.values()):
            ranked = defined_ranking(days, column_ids)
            assert lists.most_read(days, column_ids) == lists.public_of(
                ranked, defined_public(ranked), column_ids
            ), (days, column_ids)
        compared += sum(map(len, defined.values()))
    assert compared > 100  # lists to compare, not empty ones


def test_the_site_has_ties_pins_and_articles_not_public_in_its_rankings(read_site, monkeypatch):
    # What the comparison above covers: a ranking longer than a list, ties at readers and
    # views, and articles ranked that are not listed (not public, or kept out).
    monkeypatch.setattr(timezone, "now", lambda: LAST_SECOND)
    rankings, defined = defined_lists(None)
    month = rankings["month"]
    figures = DailyViews.objects.filter(day__gte=lists.first_day(30)).values("article")
    figures = list(figures.annotate(readers=Sum("readers"), views=Sum("views")))
    both = {(row["readers"], row["views"]) for row in figures}

    assert len(month) == lists.RANKED
    assert len({readers for _pk, readers in month}) < len(month)
    assert len(both) < len(figures)
    assert {pk for pk, _readers in month} - {article.pk for article in defined["month"]}
    assert any(article.listed_as == ListChoice.Choice.PIN for article in defined["month"])


def test_a_column_page_that_makes_its_lists_ranks_both_windows_in_one_statement(
    client, demo_tree, read_site, monkeypatch
):
    monkeypatch.setattr(timezone, "now", lambda: LAST_SECOND)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(demo_tree["news"].get_absolute_url())

    assert page.status_code == 200
    ranked = [q for q in queries if "readership_dailyviews" in q["sql"]]
    looked_up = [q for q in queries if "readership_listchoice" in q["sql"]]
    assert (len(ranked), len(looked_up)) == (1, 1)
