"""Topics in the admin, by the newsroom's rule: a reporter (编辑) makes and edits draft
topics and chooses their articles; only a chief editor (主编) makes a topic public, takes it
down, or changes it once published; publishing leaves an entry in the audit log."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from auditlog.models import Action, Entry
from topics.models import Topic, TopicArticle, TopicSection

from ..helpers import text_of

ADD_URL = "/admin/topics/topic/add/"
LIST_URL = "/admin/topics/topic/"


def topic_form(**fields):
    """The add or change form's data, with one new section."""
    data = {
        "title": "数字经济专题",
        "slug": "digital-economy",
        "lead": "导语",
        "status": "draft",
        "published_at_0": "2026-01-05",
        "published_at_1": "10:00:00",
        "sections-TOTAL_FORMS": "1",
        "sections-INITIAL_FORMS": "0",
        "sections-0-name": "政策解读",
        "sections-0-position": "1",
        "sections-0-order": "chosen",
    }
    data.update(fields)
    return data


def topic_entries():
    return list(Entry.objects.filter(object_type="topics.topic").order_by("time", "pk"))


def test_a_reporter_makes_a_draft_topic_but_cannot_make_it_public(editor_client, editor):
    response = editor_client.post(ADD_URL, topic_form(status="published"))

    assert response.status_code == 302
    topic = Topic.objects.get()
    assert topic.status == Topic.Status.DRAFT  # the status is not the reporter's to set
    assert topic.created_by == editor
    assert [s.name for s in topic.sections.all()] == ["政策解读"]
    assert Action.PUBLISH not in [e.action for e in topic_entries()]

    editor_client.post(LIST_URL, {"action": "publish", "_selected_action": [topic.pk], "index": 0})
    topic.refresh_from_db()
    assert topic.status == Topic.Status.DRAFT
    assert "发布所选专题" not in editor_client.get(LIST_URL).content.decode()


def test_a_reporter_cannot_change_a_published_topic(editor_client, make_topic):
    topic = make_topic(title="已发布的专题", sections=[("分区", [])])
    section = topic.sections.get()

    page = editor_client.get(f"/admin/topics/topic/{topic.pk}/change/")
    posted = editor_client.post(
        f"/admin/topics/topic/{topic.pk}/change/", topic_form(title="改过的标题")
    )
    section_post = editor_client.post(
        f"/admin/topics/topicsection/{section.pk}/change/",
        {"name": "改名", "position": "0", "order": "chosen", **entry_forms([])},
    )

    assert page.status_code == 200 and 'name="title"' not in page.content.decode()
    assert posted.status_code == 403
    assert section_post.status_code == 403
    topic.refresh_from_db()
    assert topic.title == "已发布的专题"
    assert topic.sections.get().name == "分区"


def entry_forms(articles, initial=0):
    data = {
        "entries-TOTAL_FORMS": str(len(articles)),
        "entries-INITIAL_FORMS": str(initial),
    }
    for n, article in enumerate(articles):
        data[f"entries-{n}-article"] = str(article.pk)
        data[f"entries-{n}-position"] = str(n)
    return data


def test_a_reporter_chooses_a_sections_articles_found_by_title(
    editor_client, demo_tree, make_article, make_topic
):
    column = demo_tree["industry-planning"]
    first, second = make_article(column, title="园区甲"), make_article(column, title="园区乙")
    make_article(column, title="别的文章")
    topic = make_topic(status=Topic.Status.DRAFT, sections=[("分区", [])])
    section = topic.sections.get()

    found = editor_client.get(
        "/admin/autocomplete/",
        {"term": "园区", "app_label": "topics", "model_name": "topicarticle",
         "field_name": "article"},
    ).json()  # fmt: skip
    response = editor_client.post(
        f"/admin/topics/topicsection/{section.pk}/change/",
        {"name": "分区", "position": "0", "order": "chosen", **entry_forms([second, first])},
    )

    assert {item["text"] for item in found["results"]} == {"园区甲", "园区乙"}
    assert response.status_code == 302
    assert response["Location"] == f"/admin/topics/topic/{topic.pk}/change/"
    assert [e.article for e in TopicArticle.objects.filter(section=section)] == [second, first]


def test_a_chief_editor_publishes_and_unpublishes_and_the_log_says_who(
    chief_client, chief_editor, make_topic
):
    topic = make_topic(status=Topic.Status.DRAFT)
    listing = chief_client.get(LIST_URL).content.decode()

    chief_client.post(LIST_URL, {"action": "publish", "_selected_action": [topic.pk], "index": 0})
    topic.refresh_from_db()
    assert topic.status == Topic.Status.PUBLISHED
    chief_client.post(LIST_URL, {"action": "unpublish", "_selected_action": [topic.pk], "index": 0})
    topic.refresh_from_db()

    assert "发布所选专题" in listing and "撤回所选专题" in listing
    assert topic.status == Topic.Status.DRAFT
    logged = [e for e in topic_entries() if e.action in (Action.PUBLISH, Action.UNPUBLISH)]
    assert [(e.action, e.username, e.object_id) for e in logged] == [
        (Action.PUBLISH, "chief", str(topic.pk)),
        (Action.UNPUBLISH, "chief", str(topic.pk)),
    ]


def test_a_chief_editor_publishes_from_the_form(chief_client):
    chief_client.post(ADD_URL, topic_form(status="published"))

    topic = Topic.objects.get()
    assert topic.status == Topic.Status.PUBLISHED
    assert [e.action for e in topic_entries()] == [Action.CREATE, Action.PUBLISH]
    assert TopicSection.objects.filter(topic=topic).count() == 1


def test_the_topic_pages_are_in_chinese(chief_client, make_topic):
    topic = make_topic(sections=[("分区", [])])
    section = topic.sections.get()

    pages = [
        chief_client.get(url).content.decode()
        for url in (LIST_URL, ADD_URL, f"/admin/topics/topic/{topic.pk}/change/",
                    f"/admin/topics/topicsection/{section.pk}/change/")
    ]  # fmt: skip

    assert "专题" in pages[0]
    assert "导语" in pages[1] and "分区" in pages[1]
    assert "分区中的文章" in pages[3]


def section_page_rows(client, section):
    """Each saved row of a section's articles: (its label, the options of its article box)."""
    page = client.get(f"/admin/topics/topicsection/{section.pk}/change/").content.decode()
    rows = re.findall(r'<tr class="form-row has_original[^"]*"[^>]*>(.*?)</tr>', page, re.S)
    return [
        (
            text_of(re.search(r'<td class="original">\s*<p>(.*?)</p>', row, re.S)[1]),
            [text_of(o) for o in re.findall(r"<option[^>]*>(.*?)</option>", row, re.S)],
        )
        for row in rows
    ]


def test_a_sections_rows_name_their_articles_by_title(
    chief_client, demo_tree, make_article, make_topic
):
    column = demo_tree["industry-planning"]
    first, second = make_article(column, title="园区甲"), make_article(column, title="园区乙")
    for n in range(5):
        make_article(column, title=f"未选的文章 {n}")
    section = make_topic(sections=[("分区", [first, second])]).sections.get()

    # An autocomplete box holding its own article, not a choice of every article.
    assert section_page_rows(chief_client, section) == [
        ("园区甲", ["园区甲"]),
        ("园区乙", ["园区乙"]),
    ]


def test_a_sections_page_reads_its_rows_articles_with_the_rows(
    chief_client, demo_tree, make_article, make_topic
):
    column = demo_tree["industry-planning"]
    articles = [make_article(column, title=f"园区{n}") for n in range(8)]
    few = make_topic(slug="few", sections=[("分区", articles[:2])]).sections.get()
    many = make_topic(slug="many", sections=[("分区", articles)]).sections.get()

    def queries(section):
        with CaptureQueriesContext(connection) as captured:
            rows = section_page_rows(chief_client, section)
        return len(captured), rows

    queries(few)  # what the first page of a session reads once
    (few_queries, few_rows), (many_queries, many_rows) = queries(few), queries(many)
    # Each saved row's box holds its own article, selected, and costs no query of its own.
    assert many_rows == [(f"园区{n}", [f"园区{n}"]) for n in range(8)]
    assert few_rows == many_rows[:2]
    assert many_queries == few_queries
    page = chief_client.get(f"/admin/topics/topicsection/{many.pk}/change/").content.decode()
    assert len(re.findall(r"<option[^>]*selected[^>]*>园区\d</option>", page)) == 8
