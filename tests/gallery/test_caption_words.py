"""The captions of an article's image set (图集) are checked as its text is, as the form posts
them: a word to confirm in a caption needs a chief editor's reason to publish, and goes with a
reporter's submission to its reviewer."""

import pytest
from reversion.models import Version

from auditlog.models import Action, Entry
from gallery.models import Picture
from news.models import Article
from newsroom.revision_comments import shown
from wording.models import SensitiveWord

from ..helpers import article_form, text_of
from ..wording.test_article_gates import ADD, field_errors, page_errors
from .test_image_set_admin import captions_readers_see, change_url, form_with_pictures


@pytest.fixture
def word_list(db):
    """敏感事件 and the pattern 内*幕: words to confirm."""
    SensitiveWord.objects.create(word="敏感事件", level=SensitiveWord.Level.WARN)
    SensitiveWord.objects.create(word="内*幕", level=SensitiveWord.Level.WARN)


def with_picture(data, upload, caption):
    return {
        **data,
        "pictures-TOTAL_FORMS": "1",
        "pictures-INITIAL_FORMS": "0",
        "pictures-0-image": upload,
        "pictures-0-caption": caption,
        "pictures-0-position": "0",
    }


def test_a_chief_editor_publishes_a_caption_word_to_confirm_only_with_a_reason(
    chief_client, demo_tree, word_list, jpeg_upload
):
    form = article_form(demo_tree["industry-planning"], title="现场图集", button="_publish")

    refused = chief_client.post(ADD, with_picture(form, jpeg_upload("a.jpg"), "敏感事件现场"))

    assert not Article.objects.exists() and not Picture.objects.exists()
    assert "图集：“敏感事件”是需确认的敏感词：…【敏感事件】现场…" in page_errors(refused)
    assert "请填写不顾敏感词仍要发布的理由" in field_errors(refused, "wording_reason")

    chief_client.post(
        ADD,
        {**with_picture(form, jpeg_upload("a.jpg"), "敏感事件现场"), "wording_reason": "已核实"},
    )
    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED
    assert captions_readers_see(article) == ["敏感事件现场"]
    comment = shown(Version.objects.get_for_object(article).first().revision.comment)
    assert comment.endswith("已确认敏感词（敏感事件）：已核实")
    assert Entry.objects.get(action=Action.SENSITIVE_WORDS_CONFIRMED).object_id == str(article.pk)


def test_a_caption_changed_on_a_live_image_set_is_asked_about(chief_client, image_set, word_list):
    article = image_set()
    data, _prefix = form_with_pictures(chief_client, article, **{"pictures-1-caption": "内部幕后"})

    refused = chief_client.post(change_url(article), data)

    assert "图集：“内*幕”是需确认的敏感词" in page_errors(refused)
    assert captions_readers_see(article) == ["园区大门", "孵化楼 & 广场", "夜景"]

    chief_client.post(change_url(article), {**data, "wording_reason": "引用原话"})
    assert captions_readers_see(article) == ["园区大门", "内部幕后", "夜景"]


def test_a_caption_word_to_confirm_goes_with_a_submission_to_review(
    editor_client, demo_tree, word_list, jpeg_upload
):
    form = article_form(demo_tree["industry-planning"], title="送审图集", button="_submit")

    response = editor_client.post(
        ADD, with_picture(form, jpeg_upload("a.jpg"), "敏感事件图"), follow=True
    )

    assert Article.objects.get().status == Article.Status.PENDING
    assert "含有需确认的敏感词：敏感事件" in text_of(response.content.decode())
