"""RSS feeds, the sitemap and robots.txt."""

import xml.etree.ElementTree as ET

from news.models import Article


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


def test_sitemap_lists_columns_and_articles_with_lastmod(client, demo_tree, make_article):
    article = make_article(demo_tree["industry-planning"])

    root = ET.fromstring(client.get("/sitemap.xml").content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = {u.findtext("s:loc", namespaces=ns): u for u in root.findall("s:url", ns)}

    assert "http://testserver/columns/industry-planning/" in urls
    entry = urls[f"http://testserver/articles/{article.pk}/"]
    assert entry.findtext("s:lastmod", namespaces=ns) == article.updated_at.date().isoformat()
    assert len(urls) == len(demo_tree) + Article.objects.published().count()


def test_robots_txt_points_to_sitemap(client, db):
    response = client.get("/robots.txt")

    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body
