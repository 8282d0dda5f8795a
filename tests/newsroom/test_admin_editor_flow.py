"""An editor's day in the admin: writing, editing, bulk actions, previews and the changelist."""

import html
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from news.models import Article
from newsroom import review

from ..helpers import article_form

ADD_URL = "/admin/news/article/add/"
CHANGELIST_URL = "/admin/news/article/"


def change_url(article):
    return f"/admin/news/article/{article.pk}/change/"


def shown_messages(response):
    """The texts of the admin's message list, as the page shows them."""
    block = re.search(r'<ul class="messagelist">(.*?)</ul>', response.content.decode(), re.S)
    if block is None:
        return []
    return [
        (level, " ".join(re.sub(r"<[^>]+>", "", text).split()))
        for level, text in re.findall(r'<li class="([^"]*)">(.*?)</li>', block.group(1), re.S)
    ]


def listed_pks(response):
    return {article.pk for article in response.context["cl"].result_list}


# Creating and editing


def test_editor_creates_article_through_add_form_sanitized_with_summary(
    editor_client, editor, demo_tree
):
    column = demo_tree["industry-planning"]
    body = (
        "<p>六城携手打造产业集群都市圈，创新合作动能澎湃。</p>"
        "<script>alert('x')</script><p onclick=\"steal()\">第二段。</p>"
    )

    response = editor_client.post(ADD_URL, article_form(column, body=body))

    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(title="数字经济赋能产业集群")
    assert article.column == column
    assert article.created_by == editor
    assert "<script" not in article.body
    assert "alert(" not in article.body
    assert "onclick" not in article.body
    assert "<p>第二段。</p>" in article.body
    assert article.summary.startswith("六城携手打造产业集群都市圈")
    assert "<" not in article.summary
    assert article.view_count == 0


def test_editing_changes_title_and_keeps_view_count(editor_client, demo_tree, make_article):
    column = demo_tree["industry-planning"]
    article = make_article(column, title="旧标题", status=Article.Status.DRAFT)
    Article.objects.filter(pk=article.pk).update(view_count=1234)

    response = editor_client.post(
        change_url(article), article_form(column, article, title="新标题")
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.title == "新标题"
    assert article.view_count == 1234


def test_change_form_shows_view_count_read_only_and_view_on_site_link(
    editor_client, demo_tree, make_article
):
    article = make_article(demo_tree["industry-planning"])
    Article.objects.filter(pk=article.pk).update(view_count=4321)

    response = editor_client.get(change_url(article))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="view_count"' not in html
    assert re.search(
        r'class="form-row field-view_count">(?:(?!form-row).)*<div class="readonly">4321</div>',
        html,
        re.S,
    )
    view_on_site = re.search(r'<a href="([^"]+)" class="viewsitelink">', html)
    assert view_on_site is not None
    followed = editor_client.get(view_on_site.group(1))
    assert followed.status_code == 302
    assert followed["Location"].endswith(f"/articles/{article.pk}/")


def test_save_as_new_creates_second_article(editor_client, editor, demo_tree, make_article):
    column = demo_tree["industry-planning"]
    original = make_article(column, title="原文")
    data = article_form(column, title="另存的副本")
    del data["_save"]
    data["_saveasnew"] = "Save as new"

    response = editor_client.post(change_url(original), data)

    assert response.status_code == 302
    assert Article.objects.count() == 2
    copy = Article.objects.exclude(pk=original.pk).get()
    assert copy.title == "另存的副本"
    assert copy.created_by == editor
    original.refresh_from_db()
    assert original.title == "原文"


# Bulk actions


def run_action(client, action, articles, data=(), **request_options):
    data = {
        "action": action,
        "_selected_action": [a.pk for a in articles],
        "index": 0,
        **dict(data),
    }
    return client.post(CHANGELIST_URL, data, follow=True, **request_options)


def test_publish_action_publishes_selected_and_says_how_many(chief_client, demo_tree, make_article):
    column = demo_tree["industry-planning"]
    drafts = [make_article(column, status=Article.Status.DRAFT) for _ in range(3)]

    response = run_action(chief_client, "publish", drafts[:2])

    assert response.status_code == 200
    statuses = {a.pk: a.status for a in Article.objects.all()}
    assert statuses[drafts[0].pk] == statuses[drafts[1].pk] == Article.Status.PUBLISHED
    assert statuses[drafts[2].pk] == Article.Status.DRAFT
    [(level, text)] = shown_messages(response)
    assert level in {"info", "success"}
    assert re.search(r"\b2\b", text)


def test_unpublish_action_asks_first_then_sets_selected_back_to_draft(
    chief_client, demo_tree, make_article
):
    column = demo_tree["industry-planning"]
    published = [make_article(column, title=f"要撤下的文章 {n}") for n in range(3)]

    asked = run_action(chief_client, "unpublish", published[:2])
    page = asked.content.decode()

    assert Article.objects.filter(status=Article.Status.DRAFT).count() == 0
    assert "读者将无法再看到这些文章" in page
    assert "要撤下的文章 0" in page and "要撤下的文章 1" in page
    assert "要撤下的文章 2" not in page
    assert 'name="apply" value="撤回"' in page

    response = run_action(
        chief_client,
        "unpublish",
        published[:2],
        data={"apply": "1"},
        headers={"accept-language": "en"},
    )

    assert set(Article.objects.filter(status=Article.Status.DRAFT)) == set(published[:2])
    [(level, text)] = shown_messages(response)
    assert level in {"info", "success"}
    assert text == "2 articles set back to draft."


def test_an_action_that_changed_nothing_says_so_as_a_warning(chief_client, demo_tree, make_article):
    headline = make_article(demo_tree["industry-planning"], is_headline=True)
    revisions = Version.objects.get_for_object(headline).count()

    unpinned = run_action(chief_client, "unpin", [headline])
    marked = run_action(chief_client, "set_is_headline", [headline])

    assert shown_messages(unpinned) == [("warning", "没有文章被更改。")]
    assert shown_messages(marked) == [("warning", "没有文章被更改。")]
    assert Version.objects.get_for_object(headline).count() == revisions

    recommended = run_action(chief_client, "set_is_recommended", [headline])
    assert shown_messages(recommended) == [("success", "将所选文章设为推荐：已修改 1 篇文章。")]


def test_pin_and_unpin_actions_change_pinned_and_report_counts(
    chief_client, demo_tree, make_article
):
    column = demo_tree["industry-planning"]
    articles = [make_article(column) for _ in range(3)]

    response = run_action(chief_client, "pin_for_a_week", articles)
    assert Article.objects.pinned().count() == 3
    [(_, text)] = shown_messages(response)
    assert re.search(r"\b3\b", text)

    response = run_action(chief_client, "unpin", articles[:2])
    assert list(Article.objects.pinned()) == [articles[2]]
    [(_, text)] = shown_messages(response)
    assert re.search(r"\b2\b", text)


def test_move_to_column_asks_for_column_then_moves(chief_client, demo_tree, make_article):
    source, target = demo_tree["industry-planning"], demo_tree["reports"]
    moving = [make_article(source, title=f"待移动 {n}") for n in range(2)]
    staying = make_article(source, title="留在原栏目")
    selected = [a.pk for a in moving]

    first = chief_client.post(
        CHANGELIST_URL, {"action": "move_to_column", "_selected_action": selected, "index": 0}
    )

    assert first.status_code == 200
    page = first.content.decode()
    assert "待移动 0" in page and "待移动 1" in page
    assert "留在原栏目" not in page
    assert re.search(r'<select name="column"[^>]*>', page)
    assert f'<option value="{target.pk}">' in page
    assert Article.objects.filter(column=source).count() == 3

    second = chief_client.post(
        CHANGELIST_URL,
        {
            "action": "move_to_column",
            "_selected_action": selected,
            "apply": "1",
            "column": target.pk,
        },
        follow=True,
    )

    assert second.status_code == 200
    assert set(Article.objects.filter(column=target)) == set(moving)
    staying.refresh_from_db()
    assert staying.column == source
    [(level, text)] = shown_messages(second)
    assert level in {"info", "success"}
    assert re.search(r"\b2\b", text)
    assert target.name in text


# Previews


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.PUBLISHED, "published_at_offset": timedelta(days=3)},
    ],
    ids=["draft", "scheduled"],
)
def test_staff_preview_unpublished_article_anonymous_gets_404(
    editor_client, demo_tree, make_article, fields
):
    fields = dict(fields)
    offset = fields.pop("published_at_offset", None)
    if offset is not None:
        fields["published_at"] = timezone.now() + offset
    article = make_article(demo_tree["industry-planning"], title="尚未公开的文章", **fields)
    url = reverse("article", kwargs={"pk": article.pk})

    preview = editor_client.get(url)
    anonymous = Client().get(url)

    assert preview.status_code == 200
    assert 'class="preview-banner"' in preview.content.decode()
    assert "尚未公开的文章" in preview.content.decode()
    assert anonymous.status_code == 404
    article.refresh_from_db()
    assert article.view_count == 0


def test_public_article_has_no_preview_banner_for_staff(editor_client, demo_tree, make_article):
    article = make_article(demo_tree["industry-planning"])

    response = editor_client.get(reverse("article", kwargs={"pk": article.pk}))

    assert response.status_code == 200
    assert 'class="preview-banner"' not in response.content.decode()


# The changelist


def test_changelist_filters_by_status(editor_client, demo_tree, make_article):
    column = demo_tree["industry-planning"]
    draft = make_article(column, status=Article.Status.DRAFT)
    make_article(column)

    response = editor_client.get(CHANGELIST_URL, {"status__exact": "draft"})

    assert response.status_code == 200
    assert listed_pks(response) == {draft.pk}


def test_changelist_column_filter_includes_descendant_columns(
    editor_client, demo_tree, make_article
):
    in_child = make_article(demo_tree["industry-planning"], title="产业规划里的文章")
    in_root = make_article(demo_tree["news"], title="新闻中心本身的文章")
    elsewhere = make_article(demo_tree["reports"], title="研究报告里的文章")
    # The editor clicks 新闻中心 in the filter sidebar.
    sidebar = editor_client.get(CHANGELIST_URL).content.decode()
    link = re.search(r'<a style="[^"]*" href="(\?[^"]+)">新闻中心</a>', sidebar)
    assert link is not None

    response = editor_client.get(CHANGELIST_URL + html.unescape(link.group(1)))

    assert response.status_code == 200
    assert dict(response.wsgi_request.GET) == {
        "column__id__inhierarchy": [str(demo_tree["news"].pk)]
    }
    assert listed_pks(response) == {in_child.pk, in_root.pk}
    page = response.content.decode()
    assert "产业规划里的文章" in page
    assert elsewhere.title not in page


@pytest.mark.parametrize(
    "value", ["999999", "abc", "", "99999999999999999999999", "1 OR 1=1"], ids=repr
)
def test_changelist_column_filter_with_bad_id_reloads_unfiltered(
    editor_client, demo_tree, make_article, value
):
    article = make_article(demo_tree["industry-planning"])

    response = editor_client.get(CHANGELIST_URL, {"column__id__inhierarchy": value})

    assert response.status_code == 302
    assert response["Location"].endswith(f"{CHANGELIST_URL}?e=1")
    reloaded = editor_client.get(response["Location"])
    assert reloaded.status_code == 200
    assert listed_pks(reloaded) == {article.pk}


@pytest.mark.parametrize("value", ["True", "False", "abc"])
def test_changelist_column_isnull_parameter_is_no_server_error(
    editor_client, demo_tree, make_article, value
):
    article = make_article(demo_tree["industry-planning"])

    response = editor_client.get(CHANGELIST_URL, {"column__isnull": value}, follow=True)

    assert response.status_code == 200
    # Every article has a column: only "is not null" lists it.
    assert listed_pks(response) == ({article.pk} if value == "False" else set())


def test_changelist_search_by_title(editor_client, demo_tree, make_article):
    column = demo_tree["industry-planning"]
    wanted = make_article(column, title="六城携手打造产业集群都市圈")
    make_article(column, title="智慧城市建设进展")

    response = editor_client.get(CHANGELIST_URL, {"q": "产业集群"})

    assert response.status_code == 200
    assert listed_pks(response) == {wanted.pk}


def changelist_queries(client):
    client.get(CHANGELIST_URL)  # warm process-wide caches (content types, the site's apps)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CHANGELIST_URL)
    assert response.status_code == 200
    return response, [q["sql"] for q in queries.captured_queries]


def test_changelist_query_count_does_not_grow_with_articles(editor_client, demo_tree, make_article):
    columns = [c for c in demo_tree.values() if c.parent_id is not None]
    for n in range(5):
        make_article(columns[n % len(columns)], author=f"作者{n}")
    small, small_queries = changelist_queries(editor_client)
    assert len(small.context["cl"].result_list) == 5

    for n in range(5, 60):
        make_article(columns[n % len(columns)], author=f"作者{n}")
    large, large_queries = changelist_queries(editor_client)
    assert len(large.context["cl"].result_list) == 50  # list_per_page

    assert len(large_queries) == len(small_queries), "\n".join(large_queries)


@pytest.mark.parametrize(
    ("field", "value"),
    [("title", "控制字符\x01标题"), ("published_at_0", "0001-01-01"), ("source", "来源\x7f")],
)
def test_unstorable_input_is_a_form_error(editor_client, demo_tree, field, value):
    response = editor_client.post(
        ADD_URL, article_form(demo_tree["industry-planning"], **{field: value})
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert not Article.objects.exists()


def test_a_refused_staff_page_is_in_the_admins_layout_with_the_way_back(editor_client):
    refused = editor_client.get("/admin/readership/listchoice/")
    page = refused.content.decode()

    assert refused.status_code == 403
    assert '<header id="header">' in page and "<h1>无权访问</h1>" in page
    assert '<a href="/admin/">返回管理首页</a>' in page
    assert 'class="site-header"' not in page  # not the readers' page


def test_an_actions_page_says_first_what_it_will_leave_out(
    editor_client, chief_client, demo_tree, make_article
):
    column = demo_tree["industry-planning"]
    live = make_article(column, title="在线文章")
    draft = make_article(column, title="草稿文章", status=Article.Status.DRAFT)

    move = run_action(editor_client, "move_to_column", [live, draft]).content.decode()
    only_live = run_action(editor_client, "move_to_column", [live])
    send_back = run_action(chief_client, "send_back", [live])

    assert "有 1 篇所选文章将不予处理：已发布的文章由主编移动。" in move
    assert shown_messages(only_live) == [
        ("warning", "没有文章被更改。"),
        ("warning", "有 1 篇所选文章未处理：已发布的文章由主编移动。"),
    ]
    assert 'name="note"' not in send_back.content.decode()  # no comment asked for nothing
    assert shown_messages(send_back)[0] == ("warning", "没有文章被更改。")


def listed_on_actions_page(markup):
    """What an action's page says it will act on: its count line and the titles listed."""
    form = re.search(r'<div id="content".*?<form method="post">(.*?)</form>', markup, re.S)
    count = re.search(r"<p>([^<]*篇文章：)</p>", form.group(1))
    return count.group(1), re.findall(r"<li>([^<]*)</li>", form.group(1))


def test_an_actions_page_lists_only_the_articles_it_will_change(
    editor, editor_client, chief_client, demo_tree, make_article
):
    column = demo_tree["industry-planning"]
    live = make_article(column, title="在线文章")
    draft = make_article(column, title="草稿文章", status=Article.Status.DRAFT)

    move = run_action(editor_client, "move_to_column", [live, draft]).content.decode()
    assert listed_on_actions_page(move) == ("以下 1 篇文章：", ["草稿文章"])

    moved = run_action(
        editor_client,
        "move_to_column",
        [live, draft],
        {"apply": "1", "column": demo_tree["park-planning"].pk},
    )
    assert shown_messages(moved) == [
        ("success", "已将 1 篇文章移到“园区规划”。"),
        ("warning", "有 1 篇所选文章未处理：已发布的文章由主编移动。"),
    ]

    in_review = make_article(column, title="待审稿件", status=Article.Status.DRAFT)
    review.submit(in_review, editor)
    send_back = run_action(chief_client, "send_back", [live, in_review]).content.decode()
    assert listed_on_actions_page(send_back) == ("以下 1 篇文章：", ["待审稿件"])
