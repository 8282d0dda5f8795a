"""What changes what readers see leaves one entry per article: publishing and unpublishing
(from the form, a list action or `manage.py articles`), each review decision, a restore, a
recovery, a deletion."""

from io import StringIO

from django.core.management import call_command

from auditlog.models import Action
from news.models import Article
from newsroom.models import Submission
from newsroom.revisions import versions_of

from ..helpers import article_form, decide, published_through_the_form, unpublish
from .conftest import entries

ARTICLE_ACTIONS = [
    Action.PUBLISH,
    Action.UNPUBLISH,
    Action.APPROVE,
    Action.SEND_BACK,
    Action.RESTORE,
    Action.RECOVER,
    Action.DELETE,
]


def article_entries():
    return entries(action__in=ARTICLE_ACTIONS, object_type="news.article")


def run_action(client, action, articles, **extra):
    data = {"action": action, "_selected_action": [a.pk for a in articles], "index": 0, **extra}
    return client.post("/admin/news/article/", data, follow=True)


def test_a_list_action_leaves_one_entry_per_article_it_changed(
    chief_client, chief_editor, demo_tree, make_article
):
    column = demo_tree["industry-planning"]
    drafts = [make_article(column, status=Article.Status.DRAFT) for _ in range(3)]
    live = make_article(column)

    run_action(chief_client, "publish", [*drafts, live])  # the live one is left as it is

    published = article_entries()
    assert [e.action for e in published] == [Action.PUBLISH] * 3
    assert sorted(e.object_id for e in published) == sorted(str(a.pk) for a in drafts)
    assert {(e.username, e.user_id, e.origin) for e in published} == {
        ("chief", chief_editor.pk, "/admin/news/article/")
    }
    assert {e.object_repr for e in published} == {a.title for a in drafts}

    run_action(chief_client, "unpublish", drafts[:1], apply="1")
    assert article_entries()[-1].action == Action.UNPUBLISH
    assert len(article_entries()) == 4


def test_publishing_from_the_form_and_unpublishing_from_its_tools(chief_client, demo_tree):
    column = demo_tree["industry-planning"]
    article = published_through_the_form(chief_client, column, title="发布")
    unpublish(chief_client, article)
    assert [(e.action, e.object_id) for e in article_entries()] == [
        (Action.PUBLISH, str(article.pk)),
        (Action.UNPUBLISH, str(article.pk)),
    ]


def test_each_review_decision_with_its_stage_and_comment(editor_client, chief_client, demo_tree):
    column = demo_tree["industry-planning"]
    editor_client.post("/admin/news/article/add/", article_form(column, button="_submit"))
    decide(chief_client, Submission.objects.get(), "_send_back", "请补充数据来源。")
    article = Article.objects.get()
    editor_client.post(
        f"/admin/news/article/{article.pk}/change/",
        article_form(column, article, button="_submit"),
    )
    decide(chief_client, Submission.objects.in_review().get(), "_approve")

    sent_back, approved = article_entries()
    assert (sent_back.action, sent_back.username) == (Action.SEND_BACK, "chief")
    assert sent_back.detail == {"stage": 1, "stages": 1, "comment": "请补充数据来源。"}
    assert approved.action == Action.APPROVE
    assert approved.detail == {"stage": 1, "stages": 1, "comment": "", "published": True}
    assert Article.objects.get().status == Article.Status.PUBLISHED


def test_a_restore_a_deletion_and_a_recovery(admin_client, chief_client, demo_tree):
    column = demo_tree["industry-planning"]
    article = published_through_the_form(chief_client, column, title="旧标题")
    chief_client.post(
        f"/admin/news/article/{article.pk}/change/",
        article_form(column, Article.objects.get(pk=article.pk), title="新标题"),
    )
    older = versions_of(article).last()
    chief_client.post(f"/admin/news/article/{article.pk}/history/{older.pk}/restore/")
    restored = article_entries()[-1]
    assert (restored.action, restored.detail["as_change"]) == (Action.RESTORE, False)

    admin_client.post(f"/admin/news/article/{article.pk}/delete/", {"post": "yes"})
    deleted = article_entries()[-1]
    assert (deleted.action, deleted.object_id, deleted.object_repr) == (
        Action.DELETE,
        str(article.pk),
        "旧标题",
    )

    version = versions_of(article).first()
    admin_client.post(f"/admin/news/article/recover/{version.pk}/", {"column": column.pk})
    recovered = article_entries()[-1]
    assert (recovered.action, recovered.detail) == (Action.RECOVER, {"column": str(column)})


def test_the_command_names_the_user_it_acted_as(chief_editor, demo_tree, make_article):
    drafts = [make_article(demo_tree["industry-planning"], status="draft") for _ in range(2)]
    ids = ",".join(str(a.pk) for a in drafts)
    call_command("articles", "publish", "--user", "chief", "--ids", ids, stdout=StringIO())
    published = article_entries()
    assert len(published) == 2
    assert {(e.username, e.user_id, e.address) for e in published} == {
        ("chief", chief_editor.pk, None)
    }
    assert all(e.origin.startswith("manage.py articles (") for e in published)
