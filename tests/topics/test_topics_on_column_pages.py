"""A topic linked to a column is found from the column's page: the page names the public
topics of the column and of the columns under it, newest first, within the column page's
query budget; the topic's admin form sets the column."""

import re
from datetime import timedelta

from django.utils import timezone

from topics import listing
from topics.models import Topic

from ..helpers import text_of
from ..test_query_counts import BUDGETS, COLD_EXTRA, queries_for
from .test_topic_admin import ADD_URL, topic_form


def topics_named(page):
    """The titles the column page's topic list links to, in order."""
    block = re.search(r'<nav class="column-topics".*?</nav>', page, re.S)
    return re.findall(r"<a [^>]*>([^<]+)</a>", block.group(0)) if block else []


def test_a_column_page_names_its_public_topics_and_those_under_it(client, demo_tree, make_topic):
    now = timezone.now()
    make_topic(title="园区专题", column=demo_tree["park-planning"], published_at=now)
    make_topic(title="新闻专题", column=demo_tree["news"], published_at=now - timedelta(days=1))
    make_topic(title="草稿专题", column=demo_tree["news"], status=Topic.Status.DRAFT)
    make_topic(title="定时专题", column=demo_tree["news"], published_at=now + timedelta(hours=1))
    make_topic(title="无栏目专题")

    top = client.get("/columns/news/").content.decode()
    leaf = client.get("/columns/park-planning/").content.decode()
    other = client.get("/columns/industry-planning/").content.decode()

    assert topics_named(top) == ["园区专题", "新闻专题"]
    assert topics_named(leaf) == ["园区专题"]
    assert topics_named(other) == []
    link = re.search(r'<nav class="column-topics".*?</nav>', leaf, re.S).group(0)
    assert 'href="/topics/' in link and "专题" in text_of(link)


def test_a_topic_column_without_articles_shows_its_topics_and_no_empty_note(
    client, demo_tree, make_topic
):
    from categories.models import Category

    column = Category.objects.create(name="专题", slug="zhuanti")
    make_topic(title="一带一路专题", column=column)

    page = client.get("/columns/zhuanti/").content.decode()

    assert topics_named(page) == ["一带一路专题"]
    assert "本栏目暂无文章" not in text_of(page)


def test_past_the_count_the_column_links_to_all_topics(client, demo_tree, make_topic):
    column = demo_tree["park-planning"]
    for n in range(listing.COLUMN_TOPICS_COUNT + 1):
        make_topic(title=f"专题{n}", column=column, published_at=timezone.now() - timedelta(n))

    named = topics_named(client.get("/columns/park-planning/").content.decode())

    assert named == [f"专题{n}" for n in range(listing.COLUMN_TOPICS_COUNT)] + ["全部专题"]


def test_the_column_page_shows_a_topic_taken_back_no_more(client, demo_tree, make_topic):
    topic = make_topic(title="撤回的专题", column=demo_tree["park-planning"])
    assert topics_named(client.get("/columns/park-planning/").content.decode()) == ["撤回的专题"]

    topic.status = Topic.Status.DRAFT
    topic.save()

    assert topics_named(client.get("/columns/park-planning/").content.decode()) == []


def test_the_topics_stay_within_the_column_pages_query_budget(
    client, demo_tree, make_article, make_topic, django_assert_max_num_queries
):
    column = demo_tree["park-planning"]
    for _n in range(3):
        make_article(column)
        make_topic(column=column)
    url = "/columns/park-planning/"
    cold = queries_for(client, url)

    with django_assert_max_num_queries(BUDGETS["column"]):
        page = client.get(url).content.decode()

    assert len(topics_named(page)) == 3
    assert cold <= BUDGETS["column"] + COLD_EXTRA


def test_topics_add_no_query_to_a_rendered_column_page(client, demo_tree, make_article, make_topic):
    """A page rendered anew (another page number, right after a column write, which makes
    the column's lists read again) reads the same queries whether the column has topics or
    not."""
    for _n in range(25):
        make_article(demo_tree["park-planning"])
        make_article(demo_tree["industry-planning"])
    make_topic(column=demo_tree["park-planning"])
    counts = {}
    for slug in ("park-planning", "industry-planning"):
        queries_for(client, f"/columns/{slug}/")
        demo_tree["tenders"].save()
        counts[slug] = queries_for(client, f"/columns/{slug}/?page=2")

    assert counts["park-planning"] == counts["industry-planning"]


def test_the_topic_form_sets_its_column(chief_client, demo_tree, client):
    column = demo_tree["park-planning"]

    chief_client.post(ADD_URL, topic_form(status="published", column=column.pk))

    topic = Topic.objects.get()
    assert topic.column == column
    form = chief_client.get(f"/admin/topics/topic/{topic.pk}/change/").content.decode()
    assert 'name="column"' in form
    assert topics_named(client.get("/columns/park-planning/").content.decode()) == [topic.title]
