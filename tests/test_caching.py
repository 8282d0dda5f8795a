"""Cached public reads: an edit shows on the very next request, time is honoured, and
editors neither read nor fill the public cache."""

from datetime import timedelta

import pytest
from django.core.cache import cache, caches
from django.test import Client
from django.utils import timezone

from .helpers import article_form, section, text_of


def titles_on_home(client):
    return client.get("/").content.decode()


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


@pytest.fixture(params=["local memory", "redis"])
def page_cache(request):
    """Each cache a deployment may choose: the process's memory, or Redis with each
    process's copies of what it read there (sitecache.kept)."""
    if request.param == "redis":
        request.getfixturevalue("redis_cache")
    return request.param


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
            status="published",
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
        {"action": "unpublish", "_selected_action": [article.pk]},
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


def test_editors_neither_read_nor_fill_the_public_cache(
    admin_client, demo_tree, make_article, monkeypatch
):
    make_article(demo_tree["industry-planning"], title="编辑看到的文章")
    stored = []
    monkeypatch.setattr(cache, "set", lambda key, *args, **kwargs: stored.append(key))

    assert "编辑看到的文章" in titles_on_home(admin_client)
    admin_client.get("/columns/news/")

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
