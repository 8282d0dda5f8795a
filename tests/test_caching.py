"""Cached public reads: an edit shows on the very next request, time is honoured, and
editors read the public cache but never fill it."""

from datetime import timedelta

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from .helpers import article_form, section, text_of


def titles_on_home(client):
    return client.get("/").content.decode()


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def test_admin_edit_shows_on_the_next_public_request(
    admin_client, page_cache, demo_tree, make_article
):
    column = demo_tree["industry-planning"]
    article = make_article(column, title="园区规划新进展")
    reader = Client()
    assert "园区规划新进展" in titles_on_home(reader)
    assert "园区规划新进展" in reader.get(column.get_absolute_url()).content.decode()

    response = admin_client.post(
        f"/admin/news/article/{article.pk}/change/",
        article_form(
            column,
            article,
            title="园区规划再提速",
            published_at_0=timezone.localtime(article.published_at).strftime("%Y-%m-%d"),
            published_at_1=timezone.localtime(article.published_at).strftime("%H:%M:%S"),
        ),
    )
    assert response.status_code == 302

    assert "园区规划再提速" in titles_on_home(reader)
    assert "园区规划再提速" in reader.get(column.get_absolute_url()).content.decode()


def test_admin_bulk_action_shows_on_the_next_public_request(
    admin_client, page_cache, demo_tree, make_article
):
    column = demo_tree["industry-planning"]
    article = make_article(column, title="即将撤下的文章")
    reader = Client()
    assert "即将撤下的文章" in titles_on_home(reader)

    admin_client.post(
        "/admin/news/article/",
        {"action": "unpublish", "_selected_action": [article.pk], "apply": "1"},
    )

    assert "即将撤下的文章" not in titles_on_home(reader)
    assert "即将撤下的文章" not in reader.get(column.get_absolute_url()).content.decode()


def test_column_move_shows_on_the_next_public_request(client, page_cache, demo_tree):
    column = demo_tree["industry-planning"]
    assert "产业规划" in text_of(
        section(client.get("/columns/news/").content.decode(), "sidebar", "aside")
    )

    column.move_to(demo_tree["research"], "last-child")

    sidebar = text_of(
        section(client.get("/columns/research/").content.decode(), "sidebar", "aside")
    )
    assert "产业规划" in sidebar
    news = text_of(section(client.get("/columns/news/").content.decode(), "sidebar", "aside"))
    assert "产业规划" not in news


def popular_in(client, column):
    sidebar = section(client.get(column.get_absolute_url()).content.decode(), "sidebar", "aside")
    return text_of(sidebar.split("热门")[1]) if "热门" in sidebar else ""


def test_column_move_shows_in_the_most_viewed_list_on_the_next_request(
    client, page_cache, demo_tree, make_article
):
    make_article(demo_tree["industry-planning"], title="阅读最多的规划", view_count=90)
    assert "阅读最多的规划" in popular_in(client, demo_tree["news"])

    demo_tree["industry-planning"].move_to(demo_tree["research"], "last-child")

    assert "阅读最多的规划" not in popular_in(client, demo_tree["news"])
    assert "阅读最多的规划" in popular_in(client, demo_tree["research"])


def related_on(client, article):
    page = client.get(article.get_absolute_url()).content.decode()
    return text_of(section(page, "related", "section"))


def test_admin_edit_shows_in_other_articles_related_lists_on_the_next_request(
    admin_client, page_cache, demo_tree, make_article
):
    planning, policy = demo_tree["industry-planning"], demo_tree["policy-interpretation"]
    article = make_article(planning, keywords="都市圈")
    sharing = make_article(policy, title="都市圈协同发展", keywords="都市圈")
    reader = Client()
    assert "都市圈协同发展" in related_on(reader, article)

    response = admin_client.post(
        f"/admin/news/article/{sharing.pk}/change/",
        article_form(
            policy,
            sharing,
            title="都市圈一体化提速",
            keywords="都市圈",
            published_at_0=timezone.localtime(sharing.published_at).strftime("%Y-%m-%d"),
            published_at_1=timezone.localtime(sharing.published_at).strftime("%H:%M:%S"),
        ),
    )
    assert response.status_code == 302

    assert "都市圈一体化提速" in related_on(reader, article)
    newcomer = make_article(demo_tree["research"], title="都市圈新规划", keywords="都市圈")
    assert "都市圈新规划" in related_on(reader, article)
    newcomer.delete()
    assert "都市圈新规划" not in related_on(reader, article)


def test_articles_sharing_a_keyword_read_its_related_walk_once(
    client, page_cache, demo_tree, make_article
):
    first = make_article(demo_tree["industry-planning"], title="都市圈规划", keywords="都市圈")
    second = make_article(demo_tree["research"], title="都市圈研究", keywords="都市圈")
    assert "都市圈研究" in related_on(client, first)

    with CaptureQueriesContext(connection) as queries:
        assert "都市圈规划" in related_on(client, second)

    (links,) = [
        query["sql"]
        for query in queries
        # The related walk's (the reader lists' ranking and pins are unions too).
        if "UNION" in query["sql"].upper() and "readership_" not in query["sql"]
    ]
    assert "news_articlekeyword" not in links  # the keyword's walk came from the cache


def test_scheduled_article_appears_at_its_time_with_no_edit(
    client, page_cache, demo_tree, make_article, monkeypatch
):
    column = demo_tree["industry-planning"]
    make_article(column, title="早已发布的文章")
    release = timezone.now() + timedelta(hours=2)
    make_article(column, title="定时发布的文章", published_at=release)
    assert "定时发布的文章" not in titles_on_home(client)
    assert "定时发布的文章" not in client.get(column.get_absolute_url()).content.decode()

    later = release + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)

    assert "定时发布的文章" in titles_on_home(client)
    assert "定时发布的文章" in client.get(column.get_absolute_url()).content.decode()


def test_with_redis_a_process_reads_a_page_again_from_its_own_copy(
    client, redis_cache, demo_tree, make_article, monkeypatch
):
    make_article(demo_tree["industry-planning"], title="园区规划新进展")
    first = titles_on_home(client)
    shared = caches["default"]
    asked = []
    get = shared.get
    monkeypatch.setattr(shared, "get", lambda key, *args: asked.append(key) or get(key, *args))

    assert titles_on_home(client) == first
    assert not [key for key in asked if key.startswith("public:")]


def test_editors_never_fill_the_public_cache(admin_client, demo_tree, make_article, monkeypatch):
    make_article(demo_tree["industry-planning"], title="编辑看到的文章")
    article = make_article(demo_tree["research"], keywords="都市圈")
    make_article(demo_tree["news"], title="编辑看到的相关文章", keywords="都市圈")
    stored = []
    monkeypatch.setattr(cache, "set", lambda key, *args, **kwargs: stored.append(key))

    assert "编辑看到的文章" in titles_on_home(admin_client)
    admin_client.get("/columns/news/")
    assert "编辑看到的相关文章" in related_on(admin_client, article)

    assert not [key for key in stored if key.startswith("public:")]


def test_column_page_lists_the_most_viewed_of_the_column_and_its_descendants(
    client, demo_tree, make_article
):
    make_article(demo_tree["industry-planning"], title="阅读较多", view_count=50)
    make_article(demo_tree["industry-planning"], title="阅读最多", view_count=90)
    make_article(demo_tree["research"], title="别的栏目", view_count=500)

    sidebar = section(client.get("/columns/news/").content.decode(), "sidebar", "aside")

    popular = text_of(sidebar.split("热门")[1])
    assert popular.index("阅读最多") < popular.index("阅读较多")
    assert "别的栏目" not in popular


@pytest.mark.parametrize("field", ["published_at", "expires_at", "pinned_until"])
def test_the_next_scheduled_change_is_read_at_its_time(demo_tree, make_article, field):
    """The time the kept pages' keys change by themselves is the scheduled time itself (on
    SQLite the database gives it as a naive datetime in UTC, never read as local time)."""
    from news import caching

    now = timezone.now()
    when = now + timedelta(minutes=3)
    make_article(demo_tree["industry-planning"], **{field: when})

    assert caching.next_change(now) == pytest.approx(when.timestamp())
