"""RSS feeds, the sitemap and robots.txt."""

import html
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news.models import Article
from sitesettings.models import SiteSettings


def feed_titles(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    return [item.findtext("title") for item in channel.findall("item")]


def test_site_feed_has_latest_twenty_newest_first(client, demo_tree, make_article):
    articles = [make_article(demo_tree["industry-planning"]) for _ in range(25)]

    assert feed_titles(client, "/feed/") == [a.title for a in articles[:20]]


def test_column_feed_covers_descendants_only(client, demo_tree, make_article):
    child = make_article(demo_tree["data-elements"], title="数据要素文章")
    make_article(demo_tree["industry-planning"], title="别处的文章")

    assert feed_titles(client, "/columns/topics/feed/") == [child.title]
    assert client.get("/columns/no-such/feed/").status_code == 404


@pytest.mark.parametrize(("url", "home"), [("/feed/", "/"), ("/en/feed/", "/en/")])
def test_the_site_feed_links_its_languages_home_and_gives_the_articles_language(
    client, demo_tree, url, home
):
    channel = ET.fromstring(client.get(url).content).find("channel")

    assert channel.findtext("link") == f"http://testserver{home}"
    assert channel.findtext("language") == "zh-hans"  # the articles' language, in either feed


# Plain text that HTML would read otherwise: an unknown tag, a known one, an entity, quotes.
MARKUP_LIKE = 'R&D <实验室> "前沿" 5 < 6 <b>粗</b> &amp;'


def test_feed_channels_and_items_read_back_as_the_text_staff_typed(client, demo_tree, make_article):
    SiteSettings.objects.create(site_name=f"{MARKUP_LIKE} 网")
    column = demo_tree["industry-planning"]
    column.description = MARKUP_LIKE
    column.save()
    make_article(column, title=MARKUP_LIKE, summary=MARKUP_LIKE, keywords="研发&<合作>")

    feeds = {
        url: feedparser.parse(client.get(url).content)
        for url in ["/feed/", "/columns/industry-planning/feed/", "/tags/研发&<合作>/feed/"]
    }

    # Descriptions are HTML to feed readers, the channel's as the item's; titles are text.
    shown = {url: html.unescape(feed.feed.subtitle) for url, feed in feeds.items()}
    assert shown == {
        "/feed/": f"{MARKUP_LIKE} 网 的最新文章",
        "/columns/industry-planning/feed/": MARKUP_LIKE,
        "/tags/研发&<合作>/feed/": "关于“研发&<合作>”的文章",
    }
    for feed in feeds.values():
        assert html.unescape(feed.entries[0].summary) == MARKUP_LIKE
        assert feed.entries[0].title == MARKUP_LIKE
    assert feeds["/feed/"].feed.title == f"{MARKUP_LIKE} 网"


SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_entries(client, url, tag):
    response = client.get(url)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {
        entry.findtext("s:loc", namespaces=SITEMAP): entry.findtext("s:lastmod", namespaces=SITEMAP)
        for entry in root.findall(f"s:{tag}", SITEMAP)
    }


def article_sitemap_page_of(article):
    """The articles sitemap page that lists `article` (news.sitemaps.IdRangePaginator)."""
    from news.sitemaps import ArticleSitemap

    return f"/sitemap-articles.xml?p={(article.pk - 1) // ArticleSitemap.limit + 1}"


def test_sitemap_index_points_to_columns_articles_tags_and_topics(client, demo_tree, make_article):
    article = make_article(demo_tree["industry-planning"])

    index = sitemap_entries(client, "/sitemap.xml", "sitemap")

    assert {url.partition("?")[0] for url in index} == {
        "http://testserver/sitemap-columns.xml",
        "http://testserver/sitemap-articles.xml",
        "http://testserver/sitemap-tags.xml",
        "http://testserver/sitemap-topics.xml",
    }
    lastmod = datetime.fromisoformat(index["http://testserver/sitemap-articles.xml"])
    assert lastmod == article.updated_at


def test_sitemap_index_lastmod_moves_when_a_scheduled_article_goes_public(
    client, demo_tree, make_article, monkeypatch
):
    make_article(demo_tree["industry-planning"])
    release = timezone.now() + timedelta(hours=2)
    make_article(demo_tree["industry-planning"], published_at=release)
    monkeypatch.setattr(timezone, "now", lambda: release + timedelta(minutes=1))

    index = sitemap_entries(client, "/sitemap.xml", "sitemap")

    assert datetime.fromisoformat(index["http://testserver/sitemap-articles.xml"]) == release


def test_sitemap_sections_list_columns_and_articles_with_lastmod(client, demo_tree, make_article):
    article = make_article(demo_tree["industry-planning"])

    columns = sitemap_entries(client, "/sitemap-columns.xml", "url")
    articles = sitemap_entries(client, article_sitemap_page_of(article), "url")

    assert len(columns) == len(demo_tree)
    assert "http://testserver/columns/industry-planning/" in columns
    assert articles == {
        # The date in the site's time zone (Asia/Shanghai), as Django's sitemap writes it.
        f"http://testserver/articles/{article.pk}/": timezone.localdate(
            article.updated_at
        ).isoformat()
    }
    assert client.get("/sitemap-nothing.xml").status_code == 404


def page_number(url):
    return int(url.partition("?p=")[2] or 1)


def article_sitemap_pages(client, limit, first):
    """{page number: {article URL: lastmod}} of the articles pages that the index lists, from
    the page that holds id `first` on (those before hold ids of other tests' articles: the
    database's id sequence does not go back on every database)."""
    index = sitemap_entries(client, "/sitemap.xml", "sitemap")
    pages = {page_number(url): url for url in index if "articles" in url}
    assert sorted(pages) == list(range(1, len(pages) + 1))
    return {
        number: sitemap_entries(client, url.replace("http://testserver", ""), "url")
        for number, url in pages.items()
        if number > (first - 1) // limit
    }


def test_article_sitemap_pages_past_its_limit(client, demo_tree, make_article, monkeypatch):
    from news.sitemaps import ArticleSitemap

    monkeypatch.setattr(ArticleSitemap, "limit", 3)
    articles = [make_article(demo_tree["industry-planning"]) for _ in range(7)]
    draft = make_article(demo_tree["industry-planning"], status=Article.Status.DRAFT)

    pages = article_sitemap_pages(client, 3, articles[0].pk)

    listed = [url for page in pages.values() for url in page]
    assert sorted(listed) == sorted(f"http://testserver/articles/{a.pk}/" for a in articles)
    assert all(len(page) <= 3 for page in pages.values())
    assert max(pages) == -(-draft.pk // 3)  # a page for each 3 ids, to the highest


def test_article_sitemap_pages_keep_their_articles_as_new_ones_come(
    client, demo_tree, make_article, monkeypatch
):
    from news.sitemaps import ArticleSitemap

    monkeypatch.setattr(ArticleSitemap, "limit", 3)
    first = make_article(demo_tree["industry-planning"])
    for _ in range(6):
        make_article(demo_tree["industry-planning"])
    before = article_sitemap_pages(client, 3, first.pk)

    newer = [make_article(demo_tree["industry-planning"]) for _ in range(4)]
    after = article_sitemap_pages(client, 3, first.pk)

    last = max(before)
    assert {n: after[n] for n in before if n != last} == {
        n: page for n, page in before.items() if n != last
    }
    assert f"http://testserver/articles/{newer[-1].pk}/" in after[max(after)]


def test_a_deep_article_sitemap_page_neither_counts_nor_skips_articles(
    client, demo_tree, make_article, monkeypatch
):
    from news.sitemaps import ArticleSitemap

    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    articles = [make_article(demo_tree["industry-planning"]) for _ in range(6)]
    last_page = -(-articles[-1].pk // 2)

    with CaptureQueriesContext(connection) as queries:
        entries = sitemap_entries(client, f"/sitemap-articles.xml?p={last_page}", "url")

    assert f"http://testserver/articles/{articles[-1].pk}/" in entries
    statements = " ".join(query["sql"].upper() for query in queries)
    assert "COUNT(" not in statements
    assert "OFFSET" not in statements


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", "99999999", "%00"])
def test_an_article_sitemap_page_that_is_not_there_is_a_404(client, demo_tree, make_article, page):
    make_article(demo_tree["industry-planning"])

    assert client.get(f"/sitemap-articles.xml?p={page}").status_code == 404


def test_robots_txt_points_to_sitemap(client, db):
    response = client.get("/robots.txt")

    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Disallow: /search/" in body and "Disallow: /en/search/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body
