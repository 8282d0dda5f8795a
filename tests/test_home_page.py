"""The home page: headlines, latest, a block per top-level column, most viewed."""

import re
from datetime import timedelta

from django.utils import timezone

from .helpers import section


def test_home_shows_headlines_latest_column_blocks_and_most_viewed(client, demo_tree, make_article):
    pinned = make_article(demo_tree["industry-planning"], title="置顶头条", is_headline=True)
    newest = make_article(demo_tree["data-elements"], title="最新的数据文章")
    popular = make_article(demo_tree["tenders"], title="最热的公告", view_count=999)

    page = client.get("/").content.decode()

    assert pinned.title in section(page, "headlines", "section")
    assert newest.title in section(page, "latest", "section")
    blocks = re.findall(
        r'<h2 class="block-title"><a href="/columns/([^/]+)/">',
        section(page, "column-blocks", "div"),
    )
    assert blocks == ["news", "topics", "notices"]  # in tree order; 研究成果 has no articles
    ranked = section(page, "most-viewed", "aside")
    assert ranked.index(popular.title) < ranked.index(newest.title)


def test_column_block_shows_newest_six_of_the_subtree(client, demo_tree, make_article):
    titles = [make_article(demo_tree["data-elements"], title=f"专题{n}").title for n in range(8)]

    page = client.get("/").content.decode()
    blocks = section(page, "column-blocks", "div")

    assert [t for t in titles if t in blocks] == titles[:6]


def test_empty_site_home_still_renders(client, demo_tree):
    response = client.get("/")

    assert response.status_code == 200
    assert "暂无文章" in response.content.decode()


def test_language_switch_in_the_header_links_to_the_english_page(client, demo_tree):
    home = client.get("/").content.decode()
    assert '<a href="/en/" lang="en" hreflang="en">English</a>' in home
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/">' in home

    english = client.get("/en/").content.decode()

    nav = section(english, "main-nav", "nav")
    assert ">Home</a>" in nav
    assert ">主页</a>" not in nav
    assert '<a href="/" lang="zh-hans" hreflang="zh-hans">简体中文</a>' in english


def test_the_old_language_form_still_switches(client, demo_tree):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)

    assert ">Home</a>" in section(response.content.decode(), "main-nav", "nav")


def linked_titles(html):
    return re.findall(r'<a href="/articles/\d+/"[^>]*>([^<]+)</a>', html)


def test_latest_and_headlines_put_the_pinned_first_however_old(client, demo_tree, make_article):
    column = demo_tree["industry-planning"]
    now = timezone.now()
    newer = [
        make_article(
            column, title=f"新闻{n}", is_headline=True, published_at=now - timedelta(hours=n)
        )
        for n in range(1, 15)
    ]
    make_article(
        column,
        title="置顶旧闻",
        is_headline=True,
        published_at=now - timedelta(days=400),
        pinned_until=now + timedelta(days=1),
    )
    make_article(
        column,
        title="置顶已过",
        is_headline=True,
        published_at=now - timedelta(days=300),
        pinned_until=now - timedelta(days=1),
    )

    page = client.get("/").content.decode()

    newest = [article.title for article in newer]
    assert linked_titles(section(page, "latest", "section")) == ["置顶旧闻", *newest[:11]]
    assert linked_titles(section(page, "headlines", "section")) == ["置顶旧闻", *newest[:5]]
