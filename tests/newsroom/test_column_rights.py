"""Column rights (栏目权限): a superuser assigns columns, with their sub-columns, to a user or
a group; the staff so limited see, write, submit and review only there."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from reversion.models import Version

from news.models import Article
from newsroom.models import ColumnRight, Submission
from newsroom.revisions import versions_of

from ..helpers import article_form, changelist_rows, published_through_the_form

CHANGELIST_URL = "/admin/news/article/"


def listed(client):
    return {a.title for a in client.get(CHANGELIST_URL).context["cl"].result_list}


@pytest.fixture
def articles(demo_tree, make_article):
    return {
        "inside": make_article(demo_tree["industry-planning"], title="新闻中心的文章"),
        "outside": make_article(demo_tree["reports"], title="研究报告的文章"),
    }


def test_a_superuser_assigns_columns_in_the_admin(admin_client, editor, demo_tree):
    page = admin_client.get("/admin/newsroom/columnright/add/")
    assert page.status_code == 200

    admin_client.post(
        "/admin/newsroom/columnright/add/", {"user": editor.pk, "columns": [demo_tree["news"].pk]}
    )

    right = ColumnRight.objects.get()
    assert (right.user, list(right.columns.all())) == (editor, [demo_tree["news"]])
    assert (
        "新闻中心"
        in changelist_rows(admin_client.get("/admin/newsroom/columnright/").content.decode())[0]
    )


def test_only_superusers_assign_columns(chief_client, editor_client):
    for client in (chief_client, editor_client):
        assert client.get("/admin/newsroom/columnright/").status_code == 403
        assert client.get("/admin/newsroom/reviewpath/add/").status_code == 403


@pytest.fixture
def limited_editor(editor, demo_tree):
    right = ColumnRight.objects.create(user=editor)
    right.columns.add(demo_tree["news"])
    return editor


def test_a_limited_reporter_sees_and_opens_only_their_columns(
    editor_client, limited_editor, articles
):
    assert listed(editor_client) == {"新闻中心的文章"}
    outside = f"/admin/news/article/{articles['outside'].pk}/"
    # As for an article that does not exist: the admin's "not found" message, or refused.
    assert editor_client.get(f"{outside}change/")["Location"] == "/admin/"
    assert editor_client.get(f"{outside}history/")["Location"] == "/admin/"
    assert editor_client.get(f"{outside}history/compare/?a=1").status_code == 403
    assert editor_client.get(f"{outside}pending/").status_code == 403


def test_a_limited_reporter_writes_only_in_their_columns(editor_client, limited_editor, demo_tree):
    form = editor_client.get("/admin/news/article/add/").context["adminform"].form
    choices = {column.slug for column in form.fields["column"].queryset}
    assert "industry-planning" in choices and "news" in choices
    assert "reports" not in choices and "research" not in choices

    refused = editor_client.post(
        "/admin/news/article/add/", article_form(demo_tree["reports"], title="越权稿件")
    )

    assert "column" in refused.context["adminform"].form.errors
    assert not Article.objects.filter(title="越权稿件").exists()


def test_a_limited_reporter_cannot_move_articles_out_of_their_columns(
    editor_client, limited_editor, demo_tree, make_article
):
    draft = make_article(demo_tree["industry-planning"], status=Article.Status.DRAFT)

    editor_client.post(
        CHANGELIST_URL,
        {
            "action": "move_to_column",
            "_selected_action": [draft.pk],
            "apply": "1",
            "column": demo_tree["reports"].pk,
        },
    )

    assert Article.objects.get(pk=draft.pk).column == demo_tree["industry-planning"]


def test_a_groups_columns_limit_its_members(editor_client, editor, demo_tree, articles):
    right = ColumnRight.objects.create(group=Group.objects.get(user=editor))
    right.columns.add(demo_tree["research"])

    assert listed(editor_client) == {"研究报告的文章"}


def test_staff_with_no_right_keep_their_reach(editor_client, articles):
    assert listed(editor_client) == {"新闻中心的文章", "研究报告的文章"}


def test_a_limited_chief_editor_reviews_and_publishes_only_their_columns(
    chief_editor, editor_client, demo_tree
):
    right = ColumnRight.objects.create(user=chief_editor)
    right.columns.add(demo_tree["research"])
    chief = Client()
    chief.force_login(chief_editor)
    for column in ("industry-planning", "reports"):
        editor_client.post(
            "/admin/news/article/add/",
            article_form(demo_tree[column], title=f"{column} 稿件", button="_submit"),
        )
    elsewhere = Submission.objects.get(article__column=demo_tree["industry-planning"])

    queue = chief.get("/admin/newsroom/submission/").context["cl"].result_list
    assert [s.article.title for s in queue] == ["reports 稿件"]
    refused = chief.post(f"/admin/newsroom/submission/{elsewhere.pk}/change/", {"_approve": "1"})
    assert refused.status_code == 302 and not elsewhere.decisions.exists()
    chief.post(
        CHANGELIST_URL,
        {"action": "publish", "_selected_action": [elsewhere.article_id], "index": 0},
    )

    assert Article.objects.get(pk=elsewhere.article_id).status == Article.Status.PENDING
    assert Submission.objects.get(pk=elsewhere.pk).state == Submission.State.IN_REVIEW


def test_a_limited_reporter_previews_only_their_columns_drafts(
    editor_client, limited_editor, demo_tree, make_article
):
    from ..test_attachments import make_attachment

    inside = make_article(demo_tree["industry-planning"], status=Article.Status.DRAFT)
    outside = make_article(demo_tree["reports"], status=Article.Status.DRAFT)
    files = {article.pk: make_attachment(article).pk for article in (inside, outside)}

    assert editor_client.get(inside.get_absolute_url()).status_code == 200
    assert editor_client.get(outside.get_absolute_url()).status_code == 404
    assert editor_client.get(f"/attachments/{files[inside.pk]}/").status_code == 200
    assert editor_client.get(f"/attachments/{files[outside.pk]}/").status_code == 404


def test_a_limited_chief_editors_restore_keeps_the_article_in_their_columns(
    admin_client, chief_editor, demo_tree
):
    """A revision from when the article was in a column out of reach restores its text, not
    that column: restoring would put a live article before that column's readers with no
    word of its own chief editors."""
    article = published_through_the_form(admin_client, demo_tree["reports"], title="迁移前")
    admin_client.post(
        f"/admin/news/article/{article.pk}/change/",
        article_form(
            demo_tree["industry-planning"], Article.objects.get(pk=article.pk), title="迁移后"
        ),
    )
    assert Article.objects.get(pk=article.pk).column == demo_tree["industry-planning"]
    right = ColumnRight.objects.create(user=chief_editor)
    right.columns.add(demo_tree["news"])
    chief = Client()
    chief.force_login(chief_editor)
    older = versions_of(article).last()

    chief.post(f"/admin/news/article/{article.pk}/history/{older.pk}/restore/")

    restored = Article.objects.get(pk=article.pk)
    assert (restored.title, restored.column) == ("迁移前", demo_tree["industry-planning"])


def test_a_limited_chief_editor_recovers_a_deleted_article_only_into_their_columns(
    admin_client, chief_editor, demo_tree
):
    """Who may delete may bring a deleted article back, as a draft: into a column within
    their reach, as the form and the list's move keep them."""
    article = published_through_the_form(admin_client, demo_tree["reports"], title="误删的报告")
    admin_client.post(f"/admin/news/article/{article.pk}/delete/", {"post": "yes"})
    chief_editor.user_permissions.add(Permission.objects.get(codename="delete_article"))
    right = ColumnRight.objects.create(user=chief_editor)
    right.columns.add(demo_tree["news"])
    chief = Client()
    chief.force_login(chief_editor)
    version = Version.objects.get_deleted(Article).get()
    address = f"/admin/news/article/recover/{version.pk}/"

    offered = chief.get(address).context["form"].fields["column"].queryset
    assert demo_tree["industry-planning"] in offered
    assert demo_tree["reports"] not in offered
    refused = chief.post(address, {"column": demo_tree["reports"].pk})
    assert refused.status_code == 200 and refused.context["form"].errors
    assert not Article.objects.exists()

    chief.post(address, {"column": demo_tree["industry-planning"].pk})
    assert Article.objects.get().column == demo_tree["industry-planning"]
