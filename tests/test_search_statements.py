"""A search's statement composed once per shape and filled with each search's values
(news.search_statements) finds exactly what the ORM's search finds, for words of every kind,
on either database, with and without the index, whichever way the statistics send each walk;
and a shape is composed once."""

import pytest

from news import search_index, search_statements
from news.models import Article
from news.ranked_page import ranked_pks

from .test_search_index import QUERIES, articles, index  # noqa: F401 (fixtures)

MORE = [
    ["产业", "-"],  # a word of no letter beside one with entries
    ["Digital", "产业", "鑫", "A-B"],
    ["5G%"],  # LIKE's own characters, escaped: not 5G网络
    ["a_b"],  # not A-B
    ["x\\y", "产业"],
    ["区域协同", "升级", "产业", "协同", "集群观察", "网络", "鑫", "观察"],  # eight words
]


def by_orm(words, bound, exact):
    found = Article.objects.published().search(words, limit=bound, exact=exact)
    return list(found.values_list("pk", flat=True)[:bound])


@pytest.fixture(params=["walked", "sorted"])
def statistics(request, monkeypatch):
    """Each walk of the search as the statistics of a common word, then of a rare one, send
    it (search_index.newest_passing): the newest rows walked, or the candidates sorted."""
    common = request.param == "walked"
    monkeypatch.setattr(
        search_index, "most_candidates", lambda using, wanted: float("inf") if common else 0
    )
    monkeypatch.setattr(search_index, "unlisted", lambda using, wanted: not common)
    search_statements._statement.cache_clear()
    yield
    search_statements._statement.cache_clear()


@pytest.mark.parametrize(("bound", "exact"), [(101, 20), (3, 1), (5, None), (2, 40)])
def test_a_statement_filled_finds_what_the_orm_finds(articles, index, statistics, bound, exact):  # noqa: F811
    for words in QUERIES + MORE:
        found = ranked_pks(search_statements.ranked(words, bound, exact))
        expected_exact = bound if exact is None else min(exact, bound)
        assert found == by_orm(words, bound, expected_exact), words


def test_a_shape_is_composed_once_for_every_search_of_it(articles, monkeypatch):  # noqa: F811
    search_statements._statement.cache_clear()
    ranked_pks(search_statements.ranked(["产业", "协同"], 101, 20))

    def compose_again(*args, **kwargs):
        raise AssertionError("composed again")

    monkeypatch.setattr(search_statements, "compose", compose_again)
    found = ranked_pks(search_statements.ranked(["区域", "升级"], 101, 20))
    assert found == by_orm(["区域", "升级"], 101, 20) == [articles["body"].pk]


def test_pages_past_the_bound_share_one_statement(articles):  # noqa: F811
    search_statements._statement.cache_clear()
    for page_end in (120, 140, 10**9):
        search_statements.ranked(["产业"], 101, page_end)

    # A reader's ?page=N makes no statement of its own past the bound's.
    assert search_statements._statement.cache_info().currsize == 1
