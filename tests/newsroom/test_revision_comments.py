"""A revision's comment is read in the reader's language, whatever the language of the one who
made it: the history page of the same article says the workflow's words in Chinese under the
Chinese admin and in English under the English admin; what an editor typed stays as typed, and
a comment stored as plain text (before comments were kept in no language) is shown as it is."""

import subprocess

import pytest
from django.core.management import get_commands, load_command_class
from django.utils import translation
from django.utils.translation import gettext_lazy, gettext_noop
from reversion.models import Revision

from news.models import Article
from newsroom.models import Submission
from newsroom.revision_comments import said, shown
from newsroom.revisions import versions_of

from ..helpers import article_form, decide, text_of

CHINESE, ENGLISH = "zh-hans", "en"
MODELS = "newsroom/models.py"


def history(client, article, language, table='id="change-history"'):
    """The text of a table of the article's history page (its revisions, else
    `table='class="reviews"'`: its review record), as the client reads it in `language`."""
    page = client.get(
        f"/admin/news/article/{article.pk}/history/", headers={"accept-language": language}
    ).content.decode()
    return text_of(page.split(table, 1)[1].split("</table>", 1)[0])


def reviews(client, article, language):
    return history(client, article, language, table='class="reviews"')


@pytest.fixture
def sent_back(editor_client, chief_client, demo_tree):
    """A reporter working in Chinese wrote and submitted an article; a chief editor working in
    Chinese sent it back with a comment typed in Chinese."""
    column = demo_tree["industry-planning"]
    editor_client.post(
        "/admin/news/article/add/",
        article_form(column, title="园区调查", button="_submit"),
        headers={"accept-language": CHINESE},
    )
    article = Article.objects.get(title="园区调查")
    decide(chief_client, Submission.objects.get(), "_send_back", comment="请补充数据来源")
    return article


def test_the_same_revisions_are_commented_in_chinese_and_in_english(chief_client, sent_back):
    chinese = history(chief_client, sent_back, CHINESE)
    assert "已提交审核。" in chinese
    assert "退回：请补充数据来源" in chinese

    english = history(chief_client, sent_back, ENGLISH)
    assert "Submitted for review." in english
    # The workflow's words in English, the chief editor's words as typed.
    assert "Sent back: 请补充数据来源" in english
    assert "已提交审核" not in english and "退回" not in english


def test_a_bulk_action_and_a_direct_publication_are_commented_in_the_readers_language(
    chief_client, demo_tree, make_article
):
    article = make_article(demo_tree["industry-planning"], status=Article.Status.DRAFT)
    chief_client.post(
        "/admin/news/article/",
        {"action": "publish", "_selected_action": [article.pk], "index": 0},
        headers={"accept-language": CHINESE},
    )

    assert "已发布。" in history(chief_client, article, CHINESE)
    english = history(chief_client, article, ENGLISH)
    assert "Published." in english and "As it was before its first change here." in english
    assert "已发布" not in english


def test_a_direct_publication_closes_a_review_in_the_readers_language(
    editor_client, chief_client, demo_tree
):
    column = demo_tree["industry-planning"]
    editor_client.post("/admin/news/article/add/", article_form(column, button="_submit"))
    article = Article.objects.get()
    chief_client.post(
        f"/admin/news/article/{article.pk}/change/",
        article_form(column, article, button="_publish"),
        headers={"accept-language": CHINESE},
    )
    assert Article.objects.get().status == Article.Status.PUBLISHED

    assert "直接发布。" in reviews(chief_client, article, CHINESE)
    assert "Published directly." in reviews(chief_client, article, ENGLISH)


def test_a_saves_record_names_the_changed_fields_in_the_readers_language(
    chief_client, demo_tree, make_article
):
    column = demo_tree["industry-planning"]
    article = make_article(column, title="旧标题", source="", body="<p>第一段正文。</p>")
    chief_client.post(
        f"/admin/news/article/{article.pk}/change/",
        article_form(column, article, title="新标题", keywords=article.keywords),
        headers={"accept-language": CHINESE},
    )

    assert "已修改标题" in history(chief_client, article, CHINESE)
    english = history(chief_client, article, ENGLISH)
    assert "Changed Title" in english and "标题" not in english


def test_a_comment_stored_as_plain_text_is_shown_as_it_is(chief_client, demo_tree, make_article):
    article = make_article(demo_tree["industry-planning"], status=Article.Status.DRAFT)
    chief_client.post(
        "/admin/news/article/",
        {"action": "publish", "_selected_action": [article.pk], "index": 0},
    )
    Revision.objects.filter(pk=versions_of(article).first().revision_id).update(
        comment="已发布。（旧记录）"
    )

    assert "已发布。（旧记录）" in history(chief_client, article, ENGLISH)


def test_an_approval_names_its_stage_in_the_readers_language(
    editor_client, chief_client, sent_back
):
    article = Article.objects.get(pk=sent_back.pk)
    editor_client.post(
        f"/admin/news/article/{article.pk}/change/",
        article_form(article.column, article, button="_submit"),
        headers={"accept-language": CHINESE},
    )
    decide(chief_client, Submission.objects.in_review().get(), "_approve")

    assert "审核通过并发布（审核）。" in history(chief_client, article, CHINESE)
    assert "Approved and published (Review)." in history(chief_client, article, ENGLISH)


@pytest.mark.parametrize(
    "action, chinese, english",
    [
        ("set_is_headline", "标为头条。", "Marked as headline."),
        ("pin_for_a_week", "置顶所选文章一周", "Pin selected articles for a week"),
    ],
)
def test_a_list_action_is_commented_in_the_readers_language(
    chief_client, demo_tree, make_article, action, chinese, english
):
    article = make_article(demo_tree["industry-planning"])
    chief_client.post(
        "/admin/news/article/",
        {"action": action, "_selected_action": [article.pk], "index": 0},
        headers={"accept-language": CHINESE},
    )

    assert chinese in history(chief_client, article, CHINESE)
    assert english in history(chief_client, article, ENGLISH)


def test_a_comment_is_a_marked_msgid_not_a_lazy_translation():
    with pytest.raises(TypeError):
        said(gettext_lazy("Published."))
    with pytest.raises(TypeError):
        said(gettext_noop("Moved to %(column)s."), column=gettext_lazy("headline"))


def test_makemessages_finds_the_messages_kept_with_their_context(tmp_path):
    """The stage names are marked with revision_comments.pgettext_noop, which Django's
    makemessages does not know: manage.py's makemessages is the project's, which does."""
    assert get_commands()["makemessages"] == "newsroom"
    command = load_command_class("newsroom", "makemessages")
    found = tmp_path / "found.pot"
    subprocess.run(
        ["xgettext", "--language=Python", *command.xgettext_options, "-o", found, MODELS],
        check=True,
    )
    assert 'msgctxt "review stage"\nmsgid "First review"' in found.read_text()


def test_a_comment_stored_before_in_the_json_form_is_shown_in_the_readers_language():
    stored_before = (
        '{"said": [{"message": "Approved and published (%(stage)s).", '
        '"with": {"stage": [{"context": "review stage", "message": "First review"}]}}, " ", '
        '{"message": "Sent back: %(comment)s", "with": {"comment": "请补充"}}]}'
    )
    with translation.override(CHINESE):
        assert shown(stored_before) == "审核通过并发布（初审）。 退回：请补充"
    with translation.override(ENGLISH):
        assert shown(stored_before) == "Approved and published (First review). Sent back: 请补充"
