"""The readers' topic pages: /topics/ and /topics/<slug>/ show public topics only, and in a
topic only the public articles, section by section in the editors' order."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from news import caching
from news.models import Article
from topics.models import Topic, TopicSection

from ..buckets import readable
from ..helpers import section, text_of
from ..test_feeds_and_crawlers import sitemap_entries
from ..test_query_counts import queries_for


def listed_titles(page):
    return re.findall(r'class="item-title"><a href="[^"]+"[^>]*>([^<]+)</a>', page)


def section_texts(page):
    """{section name: [article titles]} in the page's order."""
    found = {}
    for block in re.findall(r'<section class="topic-section".*?</section>', page, re.S):
        name = text_of(re.search(r"<h2[^>]*>.*?</h2>", block, re.S).group(0))
        found[name] = listed_titles(block)
    return found


def test_a_topic_shows_its_lead_and_sections_with_their_public_articles_in_order(
    client, demo_tree, make_article, make_topic
):
    column = demo_tree["industry-planning"]
    first, second, third = (make_article(column, title=t) for t in ("甲文章", "乙文章", "丙文章"))
    draft = make_article(column, title="草稿文章", status=Article.Status.DRAFT)
    later = make_article(column, title="定时文章", published_at=timezone.now() + timedelta(days=1))
    topic = make_topic(
        title="长三角一体化",
        slug="changsanjiao",
        lead="第一段导语。\n第二段导语。",
        sections=[("政策", [third, draft, first]), ("观察", [later, second])],
    )

    response = client.get("/topics/changsanjiao/")

    assert response.status_code == 200
    page = response.content.decode()
    assert '<h1 class="topic-title">长三角一体化</h1>' in page
    assert "<p>第一段导语。</p><p>第二段导语。</p>" in page
    assert section_texts(page) == {"政策": ["丙文章", "甲文章"], "观察": ["乙文章"]}
    assert text_of(section(page, "breadcrumb", "nav")) == "当前位置: 主页 > 专题 > 长三角一体化 >"
    assert topic.get_absolute_url() == "/topics/changsanjiao/"


def test_a_section_may_list_its_articles_newest_first(client, demo_tree, make_article, make_topic):
    column = demo_tree["industry-planning"]
    old = make_article(column, title="旧文", published_at=timezone.now() - timedelta(days=9))
    new = make_article(column, title="新文", published_at=timezone.now() - timedelta(days=1))
    make_topic(slug="newest", sections=[("动态", [old, new], TopicSection.Order.NEWEST)])

    page = client.get("/topics/newest/").content.decode()

    assert section_texts(page) == {"动态": ["新文", "旧文"]}


def test_unknown_draft_and_scheduled_topics_are_not_found(client, db, make_topic):
    make_topic(slug="draft", status=Topic.Status.DRAFT)
    make_topic(slug="later", published_at=timezone.now() + timedelta(hours=1))

    unknown = ("/topics/none/", "/topics/%E4%B8%93/", "/topics/%00/", "/topics/" + "x" * 5000 + "/")
    for path in ("/topics/draft/", "/topics/later/", *unknown):
        assert client.get(path).status_code == 404, path
    assert client.get("/topics/").content.decode().count('class="topic-item') == 0


def test_staff_preview_a_draft_topic_never_cached(chief_client, make_topic):
    make_topic(slug="draft", title="筹备中的专题", status=Topic.Status.DRAFT)

    response = chief_client.get("/topics/draft/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "预览：此专题尚未公开。" in page
    assert '<meta name="robots" content="noindex">' in page
    assert "no-store" in response["Cache-Control"]


def test_the_topic_list_is_paginated_newest_first(client, db, make_topic):
    topics = [
        make_topic(title=f"专题{n}", published_at=timezone.now() - timedelta(days=n))
        for n in range(13)
    ]
    make_topic(title="草稿专题", status=Topic.Status.DRAFT)

    first = client.get("/topics/").content.decode()
    second = client.get("/topics/?page=2").content.decode()

    assert listed_titles(first) == [t.title for t in topics[:12]]
    assert listed_titles(second) == [topics[12].title]
    assert text_of(section(first, "breadcrumb", "nav")) == "当前位置: 主页 > 专题 >"
    assert client.get("/topics/?page=3").status_code == 404
    assert client.get("/topics/?page=abc").status_code == 404


def test_topic_pages_in_english_and_in_the_elder_friendly_version(
    client, demo_tree, make_article, make_topic
):
    article = make_article(demo_tree["industry-planning"], title="园区文章")
    make_topic(slug="parks", title="园区专题", sections=[("园区", [article])])

    page = client.get("/en/topics/parks/").content.decode()
    listing = client.get("/en/topics/").content.decode()
    care = client.get("/care/topics/parks/").content.decode()

    assert "园区文章" in care and ">标准版</a>" in care

    assert '<html lang="en"' in page
    assert "Special topics" in text_of(section(page, "breadcrumb", "nav"))
    assert 'href="/en/topics/parks/"' in listing
    assert 'hreflang="zh-hans" href="http://testserver/topics/parks/"' in page


def test_the_sitemap_lists_public_topics(client, db, make_topic):
    public = make_topic(slug="public")
    make_topic(slug="draft", status=Topic.Status.DRAFT)

    index = sitemap_entries(client, "/sitemap.xml", "sitemap")
    topics = sitemap_entries(client, "/sitemap-topics.xml", "url")

    assert "http://testserver/sitemap-topics.xml" in index
    assert set(topics) == {f"http://testserver{public.get_absolute_url()}"}


def test_a_kept_topic_page_shows_edits_and_unpublished_articles_at_once(
    client, demo_tree, make_article, make_topic
):
    article = make_article(demo_tree["industry-planning"], title="会被撤下的文章")
    topic = make_topic(slug="kept", sections=[("旧名", [article])])
    assert section_texts(client.get("/topics/kept/").content.decode()) == {
        "旧名": ["会被撤下的文章"]
    }

    topic.sections.update(name="新名")  # a bulk write, as the admin's are not
    TopicSection.objects.get(topic=topic).save()
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)

    assert section_texts(client.get("/topics/kept/").content.decode()) == {"新名": []}
    topic.status = Topic.Status.DRAFT
    topic.save()
    assert client.get("/topics/kept/").status_code == 410  # readers saw it: gone


def test_a_scheduled_topic_is_the_next_change_of_the_kept_pages(db, make_topic):
    now = timezone.now()
    when = now + timedelta(seconds=90)
    make_topic(published_at=when)
    make_topic(published_at=now + timedelta(seconds=30), status=Topic.Status.DRAFT)

    assert caching.next_change(now) == pytest.approx(when.timestamp())


@pytest.mark.parametrize("page", ["topic", "list"])
def test_queries_stay_flat_as_topics_grow(client, demo_tree, make_article, make_topic, page):
    column = demo_tree["industry-planning"]
    sizes = iter(range(3))

    def counts(n):
        articles = [make_article(column) for _ in range(n)]
        slug = f"size-{n}-{next(sizes)}"
        make_topic(slug=slug, sections=[(f"栏{i}", articles) for i in range(n // 3)])
        url = f"/topics/{slug}/" if page == "topic" else "/topics/"
        return queries_for(client, url), queries_for(client, url)

    counts(3)  # the first request also reads what every page shares (the column tree)
    small, large = counts(3), counts(30)

    # Cold: right after the topic was written; warm: the kept page.
    assert small == large
    cold, warm = large
    assert cold <= 5
    assert warm == 1


def test_a_topics_banner_reaches_readers_wherever_media_are_kept(
    client, make_topic, jpeg_upload, media_storage
):
    topic = make_topic(cover=jpeg_upload())

    page = client.get(topic.get_absolute_url()).content.decode()

    assert topic.cover.name.startswith("topics/")
    assert f'src="{topic.cover.url}"' in page
    assert readable(topic.cover.url)  # the bucket's policy lets readers fetch it
