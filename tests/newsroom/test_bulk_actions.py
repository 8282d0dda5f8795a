"""Bulk actions at archive size: a few statements whatever the selection's size, one revision
holding every article changed, a selection past BULK_ACTION_LIMIT refused with the name of
`manage.py articles`, which does the same in batches as a named member of staff."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from reversion.models import Version

from news.attachments import Attachment
from news.models import Article
from newsroom import review
from newsroom.models import Submission
from newsroom.revision_comments import shown
from newsroom.revisions import state_in

from .test_admin_editor_flow import CHANGELIST_URL, shown_messages


def run_action(client, action, pks, follow=True, **extra):
    data = {"action": action, "_selected_action": pks, "index": 0, **extra}
    return client.post(CHANGELIST_URL, data, follow=follow)


def select_all(client, action, page, language="zh-hans"):
    """ "Select all N" across the list's pages: the rows of the page shown are ticked too."""
    data = {"action": action, "select_across": "1", "index": 0, "_selected_action": page}
    return client.post(CHANGELIST_URL, data, follow=True, headers={"accept-language": language})


def fresh(article):
    return Article.objects.get(pk=article.pk)


ACTIONS = [
    ("submit_for_review", Article.Status.DRAFT, {}),
    ("publish", Article.Status.DRAFT, {}),
    ("unpublish", Article.Status.PUBLISHED, {"apply": "1"}),
    ("pin_for_a_week", Article.Status.PUBLISHED, {}),
    ("set_is_headline", Article.Status.PUBLISHED, {}),
    ("move_to_column", Article.Status.PUBLISHED, {"apply": "1"}),
]


@pytest.mark.parametrize(("action", "status", "extra"), ACTIONS, ids=[a[0] for a in ACTIONS])
def test_the_queries_of_an_action_do_not_grow_with_the_selection(
    chief_client, demo_tree, make_article, action, status, extra
):
    column, elsewhere = demo_tree["industry-planning"], demo_tree["policy-interpretation"]
    extra = {"column": elsewhere.pk, **extra} if action == "move_to_column" else extra

    def queries(count):
        articles = [make_article(column, status=status) for _ in range(count)]
        for article in articles:  # a revision follows each article's attachments
            Attachment.objects.create(article=article, title="附件", file="attachments/a.pdf")
        pks = [article.pk for article in articles]
        with CaptureQueriesContext(connection) as captured:
            response = run_action(chief_client, action, pks, follow=False, **extra)
        assert response.status_code == 302
        assert Article.objects.filter(pk__in=pks, version=2).count() == count
        return len(captured)

    queries(1)  # what a session reads once
    assert queries(2) == queries(12)


def test_sending_back_many_takes_the_queries_of_a_few(
    chief_client, editor, demo_tree, make_article
):
    column = demo_tree["industry-planning"]

    def queries(count):
        drafts = [make_article(column, status=Article.Status.DRAFT) for _ in range(count)]
        pks = [article.pk for article in drafts]
        review.submit_all(Article.objects.filter(pk__in=pks), editor)
        with CaptureQueriesContext(connection) as captured:
            response = run_action(
                chief_client, "send_back", pks, follow=False, apply="1", note="请补充来源。"
            )
        assert response.status_code == 302
        sent_back = Article.objects.filter(pk__in=pks, status="draft", review_note="请补充来源。")
        assert sent_back.count() == count
        assert Submission.objects.filter(article__in=pks, state="sent_back").count() == count
        return len(captured)

    queries(1)
    assert queries(2) == queries(12)


def test_a_bulk_change_is_one_revision_of_each_article_with_its_attachments(
    chief_editor, chief_client, demo_tree, make_article
):
    drafts = [make_article(demo_tree["industry-planning"], status="draft") for _ in range(3)]
    Attachment.objects.create(article=drafts[0], title="议程", file="attachments/agenda.pdf")

    run_action(chief_client, "publish", [article.pk for article in drafts])

    # Newest first: the action's, then the article as it was loaded (it had none).
    version, first = Version.objects.get_for_object(drafts[0])
    assert (shown(first.revision.comment), first.field_dict["status"]) == (
        "首次在此修改前的原样。",
        "draft",
    )
    revision = version.revision
    assert (revision.user, shown(revision.comment)) == (chief_editor, "已发布。")
    assert {v.object_repr for v in revision.version_set.all()} == {
        *(article.title for article in drafts),
        "议程",
    }
    state = state_in(version)
    assert state["status"] == Article.Status.PUBLISHED
    assert state["attachments"] == ["议程"]


def test_publishing_in_bulk_respects_each_articles_review(
    editor, chief_editor, chief_client, demo_tree, make_article
):
    column = demo_tree["industry-planning"]
    draft, last_stage, other_stage = (make_article(column, status="draft") for _ in range(3))
    deciding = review.submit(last_stage, editor)
    waiting = review.submit(other_stage, editor)
    Submission.objects.filter(pk=waiting.pk).update(stage_groups=[None, None])  # stage 1 of 2

    response = run_action(chief_client, "publish", [draft.pk, last_stage.pk, other_stage.pk])

    assert fresh(draft).status == fresh(last_stage).status == Article.Status.PUBLISHED
    assert fresh(other_stage).status == Article.Status.PENDING
    deciding.refresh_from_db()
    assert deciding.state == Submission.State.APPROVED
    assert deciding.decisions.get().decided_by == chief_editor
    assert Submission.objects.get(pk=waiting.pk).state == Submission.State.IN_REVIEW
    assert ("warning", "有 1 篇所选文章未处理：审核中、当前不由您决定的文章，由审核流程发布。") in (
        shown_messages(response)
    )


def test_a_reporter_moves_only_drafts_in_bulk(editor_client, demo_tree, make_article):
    column, elsewhere = demo_tree["industry-planning"], demo_tree["policy-interpretation"]
    draft, live = make_article(column, status="draft"), make_article(column)

    run_action(
        editor_client,
        "move_to_column",
        [draft.pk, live.pk],
        column=elsewhere.pk,
        apply="1",
    )

    assert fresh(draft).column == elsewhere
    assert fresh(live).column == column


# Past the limit


@pytest.mark.parametrize(
    ("language", "refusal"),
    [
        ("zh-hans", "选中了 3 篇文章，超过列表一次能处理的 2 篇：没有做任何修改。"),
        ("en", "3 articles are selected, more than the 2 that the list changes at once: "),
    ],
)
def test_selecting_all_past_the_limit_is_refused_naming_the_command(
    chief_client, demo_tree, make_article, settings, language, refusal
):
    settings.BULK_ACTION_LIMIT = 2
    drafts = [make_article(demo_tree["industry-planning"], status="draft") for _ in range(3)]

    response = select_all(chief_client, "publish", [drafts[0].pk], language)

    [(level, text)] = shown_messages(response)
    assert level == "error"
    assert text.startswith(refusal)
    assert "python manage.py articles publish --user chief" in text
    assert all(fresh(article).status == Article.Status.DRAFT for article in drafts)
    assert not Version.objects.exists()


def test_at_the_limit_the_action_runs(chief_client, demo_tree, make_article, settings):
    settings.BULK_ACTION_LIMIT = 3
    drafts = [make_article(demo_tree["industry-planning"], status="draft") for _ in range(3)]

    select_all(chief_client, "publish", [drafts[0].pk])

    assert all(fresh(article).status == Article.Status.PUBLISHED for article in drafts)


def test_an_action_the_command_does_not_run_asks_for_fewer(
    admin_client, demo_tree, make_article, settings
):
    settings.BULK_ACTION_LIMIT = 1
    drafts = [make_article(demo_tree["industry-planning"], status="draft") for _ in range(2)]

    response = select_all(admin_client, "delete_selected", [drafts[0].pk], "en")

    [(level, text)] = shown_messages(response)
    assert level == "error"
    assert text.endswith("nothing was changed. Select fewer.")
    assert Article.objects.filter(pk__in=[a.pk for a in drafts]).count() == 2


# The command


def run_command(*args):
    out = StringIO()
    call_command("articles", *args, stdout=out)
    return out.getvalue()


def test_the_command_publishes_in_batches_with_progress(chief_editor, demo_tree, make_article):
    column = demo_tree["industry-planning"]
    drafts = [make_article(column, status="draft") for _ in range(5)]
    make_article(demo_tree["policy-interpretation"], status="draft")

    out = run_command("publish", "--user", "chief", "--column", column.slug, "--batch", "2")

    assert out.splitlines() == [
        "publish: 2/5 done, 2 changed",
        "publish: 4/5 done, 4 changed",
        "publish: 5/5 done, 5 changed",
        "publish: 5 changed, 0 left out by the workflow",
    ]
    assert all(fresh(article).status == Article.Status.PUBLISHED for article in drafts)
    assert Article.objects.filter(status=Article.Status.DRAFT).count() == 1
    revision = Version.objects.get_for_object(drafts[0]).first().revision
    assert (revision.user, shown(revision.comment)) == (chief_editor, "已发布。")


def test_the_command_keeps_the_workflow_of_its_user(editor, demo_tree, make_article):
    column, elsewhere = demo_tree["industry-planning"], demo_tree["policy-interpretation"]
    draft, live = make_article(column, status="draft"), make_article(column)

    with pytest.raises(CommandError, match="may not"):
        run_command("publish", "--user", "editor", "--all")
    out = run_command(
        "move_to_column",
        "--user",
        "editor",
        "--ids",
        f"{draft.pk},{live.pk}",
        "--to",
        elsewhere.slug,
    )

    assert fresh(draft).status == Article.Status.DRAFT
    assert (fresh(draft).column, fresh(live).column) == (elsewhere, column)
    assert out.splitlines()[-1] == "move_to_column: 1 changed, 1 left out by the workflow"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["publish", "--user", "nobody", "--all"], "no active staff member"),
        (["publish", "--user", "chief", "--ids", "1,x"], "--ids takes numbers"),
        (["publish", "--user", "chief", "--column", "nowhere"], "no column"),
        (["move_to_column", "--user", "chief", "--all"], "needs --to"),
    ],
)
def test_the_command_refuses_what_it_cannot_do(chief_editor, demo_tree, args, message):
    with pytest.raises(CommandError, match=message):
        run_command(*args)


def test_an_article_published_again_keeps_its_date(chief_client, demo_tree, make_article):
    """Unpublished to be mended, it comes back where it was, not as the newest; a draft
    never published goes out now."""
    column = demo_tree["industry-planning"]
    old = make_article(column, published_at=timezone.now() - timedelta(days=30))
    draft = make_article(
        column, status=Article.Status.DRAFT, published_at=timezone.now() - timedelta(days=30)
    )
    run_action(chief_client, "unpublish", [old.pk], apply="1")
    run_action(chief_client, "publish", [old.pk, draft.pk])

    assert fresh(old).published_at == old.published_at
    assert fresh(draft).published_at > timezone.now() - timedelta(minutes=1)


def test_the_flag_actions_name_the_articles_in_english(
    chief_editor, client, demo_tree, make_article
):
    make_article(demo_tree["industry-planning"])
    client.force_login(chief_editor)

    page = client.get(CHANGELIST_URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert ">Clear headline on selected articles</option>" in page
    assert ">Clear headline on selected</option>" not in page
