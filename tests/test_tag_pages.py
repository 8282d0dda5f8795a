"""Tag pages: each keyword leads to the public articles carrying it, from the keyword table."""

import re
from datetime import timedelta
from urllib.parse import quote

from django.core.management import call_command
from django.utils import timezone

from news.models import Article

from .helpers import section, text_of
from .test_feeds_and_crawlers import sitemap_entries
from .test_query_counts import queries_for


def listed_titles(page):
    return re.findall(r'<h2 class="item-title"><a href="/articles/\d+/">([^<]+)</a>', page)


def test_a_tag_page_lists_exactly_the_public_articles_newest_first(client, demo_tree, make_article):
    planning, park = demo_tree["industry-planning"], demo_tree["park-planning"]
    older = make_article(planning, title="较早的文章", keywords="数字经济,园区")
    newer = make_article(
        park, title="较新的文章", keywords="数字经济", published_at=timezone.now() - timedelta(1)
    )
    older.published_at = timezone.now() - timedelta(days=3)
    older.save()
    make_article(planning, title="草稿", keywords="数字经济", status=Article.Status.DRAFT)
    make_article(
        planning, title="定时发布", keywords="数字经济", published_at=timezone.now() + timedelta(1)
    )
    make_article(planning, title="别的关键词", keywords="数字经济体")

    response = client.get("/tags/数字经济/")

    assert response.status_code == 200
    page = response.content.decode()
    assert listed_titles(page) == [newer.title, older.title]
    assert "<h1>标签：数字经济</h1>" in page
    assert f'href="/tags/{quote("数字经济")}/feed/"' in page


def test_tag_pages_paginate_and_refuse_bad_pages(client, demo_tree, make_article):
    column = demo_tree["industry-planning"]
    articles = [make_article(column, keywords="园区") for _ in range(21)]

    first = client.get("/tags/园区/").content.decode()
    second = client.get("/tags/园区/?page=2").content.decode()

    assert listed_titles(first) == [a.title for a in articles[:20]]
    assert listed_titles(second) == [articles[20].title]
    assert client.get("/tags/园区/?page=3").status_code == 404
    assert client.get("/tags/园区/?page=abc").status_code == 404


def test_unknown_or_draft_only_keywords_are_not_found(client, demo_tree, make_article):
    make_article(demo_tree["industry-planning"], keywords="内部", status=Article.Status.DRAFT)

    assert client.get("/tags/内部/").status_code == 404
    assert client.get("/tags/内部/feed/").status_code == 404  # says no more than the page
    assert client.get("/tags/没有这个词/").status_code == 404
    assert client.get("/tags/没有这个词/feed/").status_code == 404


def test_the_keyword_table_follows_edits(client, demo_tree, make_article):
    article = make_article(demo_tree["industry-planning"], keywords="旧词")

    article.keywords = "新词，另一个词"
    article.save()

    assert client.get("/tags/旧词/").status_code == 404
    assert listed_titles(client.get("/tags/新词/").content.decode()) == [article.title]
    assert listed_titles(client.get("/tags/另一个词/").content.decode()) == [article.title]
    article.delete()
    assert client.get("/tags/新词/").status_code == 404


def test_a_keyword_with_a_slash_has_its_page_and_feed(client, demo_tree, make_article):
    article = make_article(demo_tree["industry-planning"], keywords="5G/6G")

    page = client.get(article.get_absolute_url()).content.decode()

    assert '<a href="/tags/5G/6G/" rel="tag">5G/6G</a>' in page
    assert listed_titles(client.get("/tags/5G/6G/").content.decode()) == [article.title]
    assert client.get("/tags/5G/6G/feed/")["Content-Type"].startswith("application/rss+xml")


def test_each_keyword_on_the_article_page_is_a_link(client, demo_tree, make_article):
    article = make_article(demo_tree["industry-planning"], keywords="产业集群,都市圈")

    tags = section(client.get(article.get_absolute_url()).content.decode(), "article-tags", "p")

    assert text_of(tags) == "标签： 产业集群 都市圈"
    assert re.findall(r'<a href="([^"]+)" rel="tag">', tags) == [
        f"/tags/{quote('产业集群')}/",
        f"/tags/{quote('都市圈')}/",
    ]


def test_tag_feed_and_sitemap(client, demo_tree, make_article):
    column = demo_tree["industry-planning"]
    public = make_article(column, title="公开的文章", keywords="园区")
    make_article(column, title="草稿文章", keywords="园区,草稿词", status=Article.Status.DRAFT)

    feed = client.get("/tags/园区/feed/").content.decode()
    tags = sitemap_entries(client, "/sitemap-tags.xml", "url")

    assert re.findall(r"<item><title>([^<]+)</title>", feed) == [public.title]
    assert set(tags) == {f"http://testserver/tags/{quote('园区')}/"}


def test_tag_page_queries_do_not_grow(client, demo_tree, make_article):
    column = demo_tree["industry-planning"]
    for _ in range(3):
        make_article(column, keywords="园区")
    client.get("/feed/")  # warm the cache of the site settings
    small = queries_for(client, "/tags/园区/")

    for _ in range(40):
        make_article(column, keywords="园区,协同")

    assert queries_for(client, "/tags/园区/?page=2") == small <= 5  # as a column page


def test_rebuild_keywords_fills_the_table_after_bulk_inserts(client, demo_tree):
    Article.objects.bulk_create(
        Article(
            title=f"批量 {n}",
            column=demo_tree["industry-planning"],
            body="<p>正文</p>",
            keywords="批量词",
            status=Article.Status.PUBLISHED,
        )
        for n in range(3)
    )
    assert client.get("/tags/批量词/").status_code == 404

    call_command("rebuild_keywords", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert len(listed_titles(client.get("/tags/批量词/").content.decode())) == 3


def test_a_keyword_on_very_many_articles_lists_the_latest_only(
    client, demo_tree, make_article, monkeypatch
):
    from news.views import BoundedPaginator

    monkeypatch.setattr(BoundedPaginator, "MAX_ITEMS", 20)
    articles = [make_article(demo_tree["industry-planning"], keywords="园区") for _ in range(25)]

    page = client.get("/tags/园区/").content.decode()

    assert listed_titles(page) == [a.title for a in articles[:20]]
    assert "超过 20 篇文章，这里列出最新的 20 篇。" in page
    assert client.get("/tags/园区/?page=2").status_code == 404
