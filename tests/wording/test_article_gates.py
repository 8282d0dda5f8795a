"""The word check at every door an article goes out by: a blocked word stops submission,
approval and publishing, shown where it stands; a word to confirm needs a chief editor's
reason, recorded in the history and the audit log."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from reversion.models import Version

from auditlog.details import describe
from auditlog.models import Action, Entry
from news import demo_files
from news.models import Article
from newsroom import revision_comments
from newsroom.models import Submission
from newsroom.revisions import save_revision
from wording.models import SensitiveWord

from ..helpers import article_form, decide, text_of
from ..newsroom.test_bulk_actions import run_action

ADD = "/admin/news/article/add/"


def field_errors(response, name):
    """The text of the errors shown in the form row of the field `name`."""
    markup = response.content.decode()
    row = re.search(rf'<div class="form-row[^"]*field-{name}\b.*?</div>\s*</div>', markup, re.S)
    assert row, f"no row for {name}"
    errors = re.search(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', row.group(0), re.S)
    return text_of(errors.group(1)) if errors else ""


def page_errors(response):
    return text_of(
        " ".join(
            re.findall(
                r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.content.decode(), re.S
            )
        )
    )


def test_a_reporter_cannot_submit_a_blocked_word_and_sees_each_where_it_stands(
    editor_client, demo_tree, word_list
):
    column = demo_tree["industry-planning"]
    response = editor_client.post(
        ADD,
        article_form(
            column,
            title="标题里有违禁词",
            body="<p>正文<strong>违禁词</strong>在这里。</p>",
            source="违禁词日报",
            button="_submit",
        ),
    )
    assert response.status_code == 200 and not Article.objects.exists()
    assert "标题：“违禁词”是禁用的敏感词" in field_errors(response, "title")
    assert "…标题里有【违禁词】…" in field_errors(response, "title")
    # The body's text, not its markup.
    assert "正文：“违禁词”是禁用的敏感词：…正文【违禁词】在这里。…" in field_errors(
        response, "body"
    )
    assert "来源：“违禁词”是禁用的敏感词" in field_errors(response, "source")


def test_an_english_reporter_reads_where_a_blocked_word_stands_in_english_marks(
    editor, demo_tree, word_list
):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(editor)
    form = article_form(demo_tree["industry-planning"], title="A 违禁词 title", button="_submit")

    response = client.post(ADD, form)

    assert field_errors(response, "title") == (
        "Title: “违禁词” is a blocked sensitive word: …A [违禁词] title…"
    )


def test_a_draft_may_hold_anything_until_it_goes_out(editor_client, demo_tree, word_list):
    editor_client.post(ADD, article_form(demo_tree["industry-planning"], title="违禁词草稿"))
    assert Article.objects.get().status == Article.Status.DRAFT


def test_a_chief_editor_cannot_publish_a_blocked_word_either(chief_client, demo_tree, word_list):
    response = chief_client.post(
        ADD,
        article_form(
            demo_tree["industry-planning"],
            keywords="违禁词",
            button="_publish",
            wording_reason="领导同意",
        ),
    )
    assert "关键词：“违禁词”是禁用的敏感词" in field_errors(response, "keywords")
    assert not Article.objects.exists()


def test_a_reporter_submits_a_word_to_confirm_and_is_told(editor_client, demo_tree, word_list):
    response = editor_client.post(
        ADD,
        article_form(
            demo_tree["industry-planning"], summary="关于敏感事件的报道", button="_submit"
        ),
        follow=True,
    )
    assert Article.objects.get().status == Article.Status.PENDING
    assert "含有需确认的敏感词：敏感事件" in text_of(response.content.decode())


def test_a_chief_editor_publishes_a_word_to_confirm_only_with_a_reason(
    chief_client, demo_tree, word_list
):
    column = demo_tree["industry-planning"]
    form = article_form(column, body="<p>披露内 部 幕后。</p>", button="_publish")
    refused = chief_client.post(ADD, form)
    assert not Article.objects.exists()
    assert "正文：“内*幕”是需确认的敏感词：…披露【内 部 幕】后。…" in field_errors(refused, "body")
    assert "请填写不顾敏感词仍要发布的理由" in field_errors(refused, "wording_reason")

    chief_client.post(ADD, {**form, "wording_reason": "引用官方通报原文"})
    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED
    comment = revision_comments.shown(
        Version.objects.get_for_object(article).first().revision.comment
    )
    assert comment.endswith("已确认敏感词（内*幕）：引用官方通报原文")
    entry = Entry.objects.get(action=Action.SENSITIVE_WORDS_CONFIRMED)
    assert entry.object_id == str(article.pk)
    assert describe(entry) == "敏感词：内*幕；意见：引用官方通报原文"


def test_review_shows_the_words_and_holds_a_blocked_one(
    editor_client, chief_client, demo_tree, word_list
):
    column = demo_tree["industry-planning"]
    editor_client.post(ADD, article_form(column, title="一篇稿件", button="_submit"))
    article = Article.objects.get()
    # The list gained a word after the article was sent.
    Article.objects.filter(pk=article.pk).update(summary="其中有违禁词和敏感事件")
    submission = Submission.objects.get()
    page = chief_client.get(f"/admin/newsroom/submission/{submission.pk}/change/")
    markup = page.content.decode()
    assert (
        '<li class="sensitive-block"><strong>摘要</strong>: “违禁词” (禁用) '
        "…其中有<mark>违禁词</mark>和敏感事件…" in markup
    )
    assert "<mark>敏感事件</mark>" in markup

    refused = decide(chief_client, submission, comment="同意")
    assert "摘要：“违禁词”是禁用的敏感词" in page_errors(refused)
    assert Article.objects.get().status == Article.Status.PENDING


def test_the_last_approval_of_a_word_to_confirm_needs_a_chief_editors_reason(
    editor_client, chief_client, demo_tree, word_list
):
    column = demo_tree["industry-planning"]
    editor_client.post(ADD, article_form(column, title="敏感事件通报", button="_submit"))
    submission = Submission.objects.get()
    refused = decide(chief_client, submission, comment="同意")
    assert "请填写不顾敏感词仍要发布的理由，或将其退回" in page_errors(refused)
    assert Article.objects.get().status == Article.Status.PENDING

    address = f"/admin/newsroom/submission/{submission.pk}/change/"
    shown = re.search(
        r'name="reviewed" value="([^"]*)"', chief_client.get(address).content.decode()
    )
    chief_client.post(
        address,
        {
            "_approve": "1",
            "comment": "同意",
            "wording_reason": "依据官方发布",
            "reviewed": shown.group(1),
        },
    )
    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED
    assert "已确认敏感词（敏感事件）：依据官方发布" in revision_comments.shown(
        Version.objects.get_for_object(article).first().revision.comment
    )
    assert Entry.objects.filter(
        action=Action.SENSITIVE_WORDS_CONFIRMED, object_id=str(article.pk)
    ).exists()


def test_publishing_from_the_list_holds_articles_with_words(
    chief_client, demo_tree, make_article, word_list
):
    column = demo_tree["industry-planning"]
    clean = make_article(column, status=Article.Status.DRAFT, title="干净的稿件")
    flagged = make_article(column, status=Article.Status.DRAFT, title="敏感事件的稿件")
    response = run_action(chief_client, "publish", [clean.pk, flagged.pk])
    assert Article.objects.get(pk=clean.pk).status == Article.Status.PUBLISHED
    assert Article.objects.get(pk=flagged.pk).status == Article.Status.DRAFT
    assert "“敏感事件的稿件”未发布：含有敏感词 敏感事件" in text_of(response.content.decode())


def test_submitting_from_the_list_holds_a_blocked_word(
    editor_client, editor, demo_tree, make_article, word_list
):
    column = demo_tree["industry-planning"]
    draft = make_article(
        column, status=Article.Status.DRAFT, body="<p>违禁词</p>", created_by=editor
    )
    response = run_action(editor_client, "submit_for_review", [draft.pk])
    assert Article.objects.get().status == Article.Status.DRAFT
    assert "未提交：含有禁用的敏感词 违禁词" in text_of(response.content.decode())


def test_an_attachment_named_with_a_blocked_word_is_refused(editor_client, demo_tree, word_list):
    data = article_form(demo_tree["industry-planning"])
    data.update(
        {
            "attachments-TOTAL_FORMS": "1",
            "attachments-0-file": SimpleUploadedFile("违禁词名单.pdf", demo_files.pdf(["Notice"])),
            "attachments-0-title": "",
            "attachments-0-order": "0",
        }
    )
    response = editor_client.post(ADD, data)
    assert not Article.objects.exists()
    assert "附件：“违禁词”是禁用的敏感词" in page_errors(response)


def test_readers_never_see_a_blocked_article_through_the_form(editor_client, demo_tree, word_list):
    editor_client.post(
        ADD, article_form(demo_tree["industry-planning"], title="违禁词", button="_submit")
    )
    assert Client().get("/").status_code == 200
    assert not Article.objects.published().exists()


def test_a_restore_does_not_put_a_listed_word_live(chief_client, demo_tree, make_article, db):
    article = make_article(demo_tree["industry-planning"], title="旧版含有后来列入的词")
    save_revision(article, None, "旧版")
    article.title = "新版标题"
    save_revision(article, None, "新版")
    SensitiveWord.objects.create(word="后来列入的词")
    older = Version.objects.get_for_object(article).last()

    response = chief_client.post(
        f"/admin/news/article/{article.pk}/history/{older.pk}/restore/", follow=True
    )
    assert Article.objects.get().title == "新版标题"
    assert "旧版本未恢复：含有敏感词 后来列入的词" in text_of(response.content.decode())
