"""The column page as a reader sees it: breadcrumb, sidebar, navigation, 404s."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from categories.models import Category

from .helpers import section, text_of

SEED_SIBLINGS = [
    "高新院新闻", "政策解读", "高新区新闻", "区域经济研究", "经济开发区新闻", "科技创新",
    "战略性新兴产业研究", "行业洞见", "一带一路新闻", "智慧城市案例", "产业规划", "园区规划",
    "智慧城市news",
]  # fmt: skip


def test_column_page_shows_seed_breadcrumb_and_all_siblings_in_order(client, demo_tree):
    response = client.get("/columns/industry-planning/")
    html = response.content.decode()

    assert response.status_code == 200
    assert text_of(section(html, "breadcrumb", "nav")) == "当前位置: 主页 > 新闻中心 > 产业规划 >"
    sidebar = section(html, "sidebar", "aside")
    assert re.findall(r"<a [^>]*>([^<]+)</a>", sidebar) == SEED_SIBLINGS
    assert re.search(r'<li class="current">\s*<a [^>]*aria-current="page">产业规划</a>', sidebar)
    # 新闻中心, in the main navigation, is the section this column is in.
    assert 'aria-current="true">新闻中心</a>' in section(html, "main-nav", "nav")


def test_column_page_sidebar_lists_children_of_the_current_column(client, demo_tree):
    html = client.get("/columns/topics/").content.decode()

    sidebar = section(html, "sidebar", "aside")
    assert "数字经济" in sidebar and "乡村振兴" in sidebar
    assert text_of(section(html, "breadcrumb", "nav")) == "当前位置: 主页 > 专题专栏 >"


def test_three_level_breadcrumb(client, demo_tree):
    html = client.get("/columns/data-elements/").content.decode()

    assert text_of(section(html, "breadcrumb", "nav")) == (
        "当前位置: 主页 > 专题专栏 > 数字经济 > 数据要素 >"
    )


def test_unicode_slug_is_served(client, db):
    # Slugs are made in pinyin now; those made from Chinese names before keep working.
    column = Category.objects.create(name="产业 规划", slug="产业-规划")

    assert client.get(f"/columns/{column.slug}/").status_code == 200


@pytest.mark.parametrize("path", ["/columns/no-such-column/", "/columns/%E4%B8%8D%E5%AD%98/"])
def test_unknown_column_is_404(client, demo_tree, path):
    assert client.get(path).status_code == 404


def test_hidden_column_leaves_navigation_but_keeps_its_page(client, demo_tree):
    notices = demo_tree["notices"]
    notices.is_visible = False
    notices.save()

    home = client.get("/").content.decode()
    nav = section(home, "main-nav", "nav")
    assert "通知公告" not in nav
    assert "新闻中心" in nav
    assert client.get("/columns/notices/").status_code == 200


def test_hidden_sibling_leaves_sidebar(client, demo_tree):
    hidden = demo_tree["park-planning"]
    hidden.is_visible = False
    hidden.save()

    sidebar = section(
        client.get("/columns/industry-planning/").content.decode(), "sidebar", "aside"
    )
    assert "园区规划" not in sidebar
    assert "产业规划" in sidebar


def test_empty_column_says_so(client, demo_tree):
    html = client.get("/columns/tenders/").content.decode()

    assert "本栏目暂无文章" in html


def column_page_queries(client, slug):
    client.get("/feed/")  # warm the cache of what every page reads (the site settings)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/columns/{slug}/").status_code == 200
    return len(queries)


def test_column_page_queries_do_not_grow_with_the_tree(client, demo_tree):
    column_page_queries(client, "industry-planning")  # its count and lists are now cached
    demo_tree["tenders"].save()  # a column write: the next request reads the tree again
    small = column_page_queries(client, "industry-planning")
    parent = demo_tree["news"]
    for n in range(500):
        Category.objects.create(name=f"栏目{n}", slug=f"extra-{n}", parent=parent)

    assert column_page_queries(client, "industry-planning") == small
    assert small <= 5 + 3  # and the readers' lists, ranked again for the new tree


def test_most_viewed_ranks_what_readers_read_now(client, demo_tree, make_article, monkeypatch):
    monkeypatch.setattr("news.models.MOST_VIEWED_AMONG", 2)
    column = demo_tree["industry-planning"]
    now = timezone.now()
    make_article(
        column, title="多年前的热文", view_count=9000, published_at=now - timedelta(days=900)
    )
    make_article(column, title="本周较多", view_count=40, published_at=now - timedelta(days=2))
    make_article(column, title="本周最多", view_count=80, published_at=now - timedelta(days=1))

    sidebar = section(client.get(column.get_absolute_url()).content.decode(), "sidebar", "aside")

    popular = text_of(sidebar.split("热门")[1])
    assert popular.index("本周最多") < popular.index("本周较多")
    assert "多年前的热文" not in popular
