"""Search: Chinese substrings, title matches first, highlighting, awkward queries, and
searches that cannot hold every worker."""

import re
import threading

import pytest
from django.db import connections
from django.test import Client

from .helpers import section


@pytest.fixture
def articles(demo_tree, make_article):
    column = demo_tree["regional-economy"]
    return {
        "in_body": make_article(column, title="长三角一体化观察", body="<p>推动区域协同发展。</p>"),
        "in_title": make_article(column, title="区域协同发展的新路径", body="<p>正文</p>"),
        "in_summary": make_article(
            column, title="都市圈观察", summary="聚焦协同创新", body="<p>正文</p>"
        ),
        "other": make_article(column, title="园区规划要点", body="<p>产业园区</p>"),
    }


def result_urls(response):
    return re.findall(
        r'<h2 class="item-title"><a href="(/articles/\d+/)">', response.content.decode()
    )


def test_chinese_substring_finds_title_summary_and_body(client, articles):
    urls = result_urls(client.get("/search/", {"q": "协同"}))

    assert set(urls) == {
        articles[key].get_absolute_url() for key in ("in_body", "in_title", "in_summary")
    }


def test_title_matches_come_first(client, articles):
    urls = result_urls(client.get("/search/", {"q": "区域协同"}))

    assert urls == [articles["in_title"].get_absolute_url(), articles["in_body"].get_absolute_url()]


def test_every_word_must_match(client, articles):
    urls = result_urls(client.get("/search/", {"q": "区域协同 长三角"}))

    assert urls == [articles["in_body"].get_absolute_url()]


def test_query_is_highlighted_and_escaped(client, articles):
    page = client.get("/search/", {"q": "协同"}).content.decode()

    assert "区域<mark>协同</mark>发展的新路径" in page
    hostile = client.get("/search/", {"q": "<script>协同"}).content.decode()
    assert "<script>协同" not in hostile


@pytest.mark.parametrize("query", ["", "协", " 协 "])
def test_empty_or_one_character_query_asks_for_more(client, articles, query):
    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    assert result_urls(response) == []
    if query.strip():
        assert "请至少输入 2 个字" in response.content.decode()


def test_overlong_query_is_cut_politely(client, articles):
    response = client.get("/search/", {"q": "协同" + "字" * 500})

    assert response.status_code == 200
    assert "只使用了前面的部分" in section(response.content.decode(), "notice", "p")
    assert len(response.context["query"]) == 200


def test_search_pages(client, demo_tree, make_article):
    for n in range(25):
        make_article(demo_tree["regional-economy"], title=f"协同第{n}篇")

    assert len(result_urls(client.get("/search/", {"q": "协同"}))) == 20
    assert len(result_urls(client.get("/search/", {"q": "协同", "page": 2}))) == 5
    assert client.get("/search/", {"q": "协同", "page": 3}).status_code == 404
    assert client.get("/search/", {"q": "协同", "page": "x"}).status_code == 404


def test_markup_is_not_searched(client, articles):
    assert result_urls(client.get("/search/", {"q": "strong"})) == []
    assert result_urls(client.get("/search/", {"q": "<p>"})) == []


def test_highlight_marks_the_longest_word_in_any_case_and_escapes_the_rest():
    from news.templatetags.news_tags import highlight

    marked = highlight('<b>"Smart" 城市</b> & 智慧城市 SMART', ["城市", "智慧城市", "smart"])

    assert marked == (
        "&lt;b&gt;&quot;<mark>Smart</mark>&quot; <mark>城市</mark>&lt;/b&gt; &amp; "
        "<mark>智慧城市</mark> <mark>SMART</mark>"
    )
    assert highlight("<i>", []) == "&lt;i&gt;"


def test_highlight_never_marks_inside_an_entity(client, demo_tree, make_article):
    make_article(demo_tree["regional-economy"], title="R&D 投入与协同 amp")

    page = client.get("/search/", {"q": "amp 协同"}).content.decode()

    assert "R&amp;D 投入与<mark>协同</mark> <mark>amp</mark>" in page


def test_repeated_words_count_once_and_at_most_eight_are_searched(client, articles):
    repeated = client.get("/search/", {"q": "协同 " * 100})
    assert result_urls(repeated) == result_urls(client.get("/search/", {"q": "协同"}))
    assert "只搜索了前" not in repeated.content.decode()

    nine = " ".join(["区域", "协同", "发展", "路径", "新", "的", "区域协同", "发展的", "不存在"])
    page = client.get("/search/", {"q": nine}).content.decode()
    assert "只搜索了前 8 个不同的词" in page
    # The result line names the words searched for, not the ninth.
    assert "找到 1 篇与“区域 协同 发展 路径 新 的 区域协同 发展的”相关的文章" in page
    assert result_urls(client.get("/search/", {"q": nine})) == [
        articles["in_title"].get_absolute_url()
    ]


@pytest.mark.parametrize(
    "title, body, query",
    [
        ("协同文章", "正文", "协同"),
        ("文章", "推动区域协同", "区域协同"),
    ],  # the latter tested in bodies
)
def test_large_result_counts_say_more_than_a_hundred(client, demo_tree, title, body, query):
    from news.models import Article

    articles = [
        Article(
            title=f"{title} {n}",
            column=demo_tree["regional-economy"],
            body=f"<p>{body}</p>",
            summary="摘要",
            status=Article.Status.PUBLISHED,
        )
        for n in range(101)
    ]
    for article in articles:
        article.derive_fields(summary_was_derived=False)  # as every bulk writer does
    Article.objects.bulk_create(articles)
    page = client.get("/search/", {"q": query}).content.decode()
    assert f"找到超过 100 篇与“{query}”相关的文章" in page
    # Pages go as far as the first 100 results.
    assert client.get("/search/", {"q": query, "page": "5"}).status_code == 200
    assert client.get("/search/", {"q": query, "page": "6"}).status_code == 404


def test_a_common_word_lists_newest_first_with_its_count_and_pages(client, demo_tree, make_article):
    column = demo_tree["regional-economy"]
    # make_article dates each article an hour before the one made before it.
    in_titles = [make_article(column, title=f"发展报告 {n}") for n in range(3)]
    in_texts = [make_article(column, body=f"<p>第 {n} 篇谈发展</p>") for n in range(40)]
    make_article(column, body="<p>发，展</p>")  # not the word
    make_article(column, title="发展草稿", status="draft")

    pages = [client.get("/search/", {"q": "发展", "page": n}) for n in (1, 2, 3)]

    assert "找到 43 篇与“发展”相关的文章" in pages[0].content.decode()
    assert [url for page in pages for url in result_urls(page)] == [
        article.get_absolute_url() for article in in_titles + in_texts
    ]
    assert [len(result_urls(page)) for page in pages] == [20, 20, 3]
    assert client.get("/search/", {"q": "发展", "page": 4}).status_code == 404


def publish_dated(demo_tree, *texts):
    """Public articles of (title, body) in bulk, as every bulk writer makes them, each an
    hour older than the one before; returned in that order."""
    from datetime import timedelta

    from django.utils import timezone

    from news.models import Article

    now = timezone.now()
    articles = [
        Article(
            title=title,
            column=demo_tree["regional-economy"],
            body=f"<p>{body}</p>",
            summary="摘要",
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(hours=n),
        )
        for n, (title, body) in enumerate(texts, 1)
    ]
    for article in articles:
        article.derive_fields(summary_was_derived=False)
    return Article.objects.bulk_create(articles)


@pytest.mark.parametrize("in_titles, in_texts", [(25, 15), (30, 90)])
def test_title_matches_fill_the_first_pages_in_order(client, demo_tree, in_titles, in_texts):
    # Texts newer than every title match: still after them, on whichever page they begin.
    texts = publish_dated(demo_tree, *[(f"观察 {n}", "推动区域协同发展") for n in range(in_texts)])
    titles = publish_dated(demo_tree, *[(f"区域协同 {n}", "正文") for n in range(in_titles)])
    ranked = [article.get_absolute_url() for article in titles + texts]

    pages = [client.get("/search/", {"q": "区域协同", "page": n}) for n in (1, 2, 3)]

    assert [result_urls(page) for page in pages] == [ranked[:20], ranked[20:40], ranked[40:60]]
    total = in_titles + in_texts
    count = f"找到 {total} 篇" if total <= 100 else "找到超过 100 篇"
    assert all(count in page.content.decode() for page in pages if page.status_code == 200)


def test_a_fresh_search_page_asks_the_same_queries_whatever_it_finds(client, demo_tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    publish_dated(demo_tree, *[(f"区域协同 {n}", "推动协同发展") for n in range(30)])
    client.get("/search/", {"q": "园区"})  # what every page reads once (settings, columns)
    counts, reading_articles = [], []
    for query, page in (("区域协同", 1), ("区域协同", 2), ("协同发展", 1), ("不存在的词", 1)):
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/search/", {"q": query, "page": page}).status_code == 200
        counts.append(len(queries))
        reading_articles.append([q for q in queries if "news_article" in q["sql"]])

    # The search and its page's articles in one statement, with the time limit's statements
    # on PostgreSQL; never a query per result.
    assert counts == [counts[0]] * 4
    assert [len(statements) for statements in reading_articles] == [1] * 4


def test_single_characters_find_the_articles_that_have_them(client, demo_tree, make_article):
    column = demo_tree["regional-economy"]
    both = make_article(column, title="鑫源公司", body="<p>淼水湖畔</p>")
    in_title = make_article(column, title="淼与鑫", body="<p>正文</p>")
    make_article(column, title="鑫源", body="<p>正文</p>")  # 鑫 alone
    make_article(column, title="观察", body="<p>水淼</p>")  # 淼 alone

    found = result_urls(client.get("/search/", {"q": "鑫 淼"}))

    assert found == [in_title.get_absolute_url(), both.get_absolute_url()]


def test_punctuation_alone_is_not_searched(client, articles):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", {"q": "，， ——"})

    assert response.status_code == 200
    assert "请输入文字或数字：只有标点符号无法搜索" in response.content.decode()
    assert not [query for query in queries if "body_text" in query["sql"]]


def search_in_a_thread(query, responses):
    """Runs the search in a thread of its own, as another request of the same process."""

    def run():
        try:
            responses.append(Client().get("/search/", {"q": query}))
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_search_beyond_the_cap_is_asked_to_try_again(client, articles, settings, monkeypatch):
    from news import search_statements

    settings.SEARCH_CONCURRENCY = 1
    running, release = threading.Event(), threading.Event()
    search = search_statements.ranked

    def held(*args, **kwargs):
        running.set()
        release.wait(timeout=30)
        return search(*args, **kwargs)

    monkeypatch.setattr(search_statements, "ranked", held)
    first = []
    thread = search_in_a_thread("协同", first)
    try:
        assert running.wait(timeout=30)
        refused = client.get("/search/", {"q": "园区"})
    finally:
        release.set()
        thread.join()

    assert refused.status_code == 503
    assert int(refused["Retry-After"]) > 0
    assert "no-store" in refused["Cache-Control"]
    assert "搜索的人较多，请稍等几秒再试" in refused.content.decode()
    assert len(result_urls(first[0])) == 3  # the first search ran to its end
    # Its slot is free again; the refused search was not kept.
    assert result_urls(client.get("/search/", {"q": "园区"})) == [
        articles["other"].get_absolute_url()
    ]


def test_a_search_runs_once_for_its_count_and_its_page(client, articles):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        urls = result_urls(client.get("/search/", {"q": "区域协同"}))

    assert urls == [articles["in_title"].get_absolute_url(), articles["in_body"].get_absolute_url()]
    # The texts are searched once; the page's articles are then read by pk.
    assert len([query for query in queries if "body_text" in query["sql"]]) == 1


# A condition that holds, after seconds of work: what a search of a huge site would take.
SLOW_CONDITION = {
    "postgresql": "pg_sleep(2) IS NOT NULL",
    "sqlite": "(WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000000)"
    " SELECT count(*) FROM n) > 0",
}


def test_search_over_its_time_limit_asks_to_narrow_it(client, articles, settings, monkeypatch):
    from django.db import connection

    from news import search_statements
    from news.models import ArticleQuerySet

    settings.SEARCH_TIMEOUT_MS = 50
    search = ArticleQuerySet.search
    search_statements._statement.cache_clear()  # composed from search() as it is now
    monkeypatch.setattr(
        ArticleQuerySet,
        "search",
        lambda self, *args, **kwargs: search(self, *args, **kwargs).extra(
            where=[SLOW_CONDITION[connection.vendor]]
        ),
    )

    response = client.get("/search/", {"q": "协同"})

    assert response.status_code == 200
    assert "搜索用时过长，请缩小范围" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert client.get("/").status_code == 200  # the connection is usable again
    monkeypatch.setattr(ArticleQuerySet, "search", search)
    search_statements._statement.cache_clear()
    # Stopped by the moment's load, the page was not kept: the same search runs again.
    assert len(result_urls(client.get("/search/", {"q": "协同"}))) == 3


def test_a_repeated_search_is_kept_until_the_content_changes(client, articles):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = result_urls(client.get("/search/", {"q": "协同"}))
    with CaptureQueriesContext(connection) as queries:
        again = result_urls(client.get("/search/", {"q": "协同"}))
    assert again == first
    assert len(queries) == 1  # the content versions
    assert result_urls(client.get("/search/", {"q": "园区"})) == [
        articles["other"].get_absolute_url()
    ]

    articles["other"].title = "园区协同规划要点"
    articles["other"].save()

    assert articles["other"].get_absolute_url() in result_urls(
        client.get("/search/", {"q": "协同"})
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_only_postgresql_searches_in_a_transaction(client, articles, monkeypatch):
    """PostgreSQL needs one for the search's local time limit; on SQLite a transaction begins
    IMMEDIATE, and would hold the write lock, and every hit with it, while the search reads."""
    from django.db import connection

    from news import search_statements

    search = search_statements.ranked
    seen = []

    def recording(*args, **kwargs):
        seen.append(connection.in_atomic_block)
        return search(*args, **kwargs)

    monkeypatch.setattr(search_statements, "ranked", recording)

    assert len(result_urls(client.get("/search/", {"q": "协同"}))) == 3
    assert seen == [connection.vendor == "postgresql"]


def test_letters_match_in_any_case_and_chinese_as_it_is(client, demo_tree, make_article):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    column = demo_tree["regional-economy"]
    latin = make_article(column, title="Smart City 新区", body="<p>数字孪生平台</p>")
    make_article(column, title="智慧园区", body="<p>smart 平台</p>")

    assert result_urls(client.get("/search/", {"q": "sMART city"})) == [latin.get_absolute_url()]
    with CaptureQueriesContext(connection) as queries:
        assert result_urls(client.get("/search/", {"q": "数字孪生"})) == [latin.get_absolute_url()]
    # No text upper-cased to match a word in which no letter has a case (a PostgreSQL search
    # of "数字孪生" upper-cased the text of every article it tested).
    searches = [query["sql"] for query in queries if "body_text" in query["sql"]]
    assert searches
    assert not [sql for sql in searches if re.search(r'UPPER\("news_article"\."body_text"', sql)]


def test_a_later_page_of_results_says_its_number_in_the_title(client, demo_tree, make_article):
    for number in range(21):
        make_article(demo_tree["regional-economy"], title=f"协同 {number}")

    first = client.get("/search/", {"q": "协同"}).content.decode()
    second = client.get("/search/", {"q": "协同", "page": 2}).content.decode()

    assert "<title>搜索：协同 - " in first
    assert "<title>搜索：协同 - 第 2 页 - " in second
