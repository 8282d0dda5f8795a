"""Restoring an article's earlier revision brings back its image set as it was then: which
pictures, in which order, with which captions. The restore goes through the review rule of any
change: a chief editor's restore of a live article goes live at once; a reporter's waits for
review as their pending change, readers seeing the published set meanwhile."""

import re

import pytest

from gallery.models import Picture
from newsroom import review
from newsroom.models import PendingChange, Submission
from newsroom.revisions import pictures_in, versions_of
from wording.models import SensitiveWord

from ..helpers import decide, text_of
from .test_image_set_admin import captions_readers_see, change_url, form_with_pictures

pytestmark = pytest.mark.django_db

FIRST_SET = ["园区大门", "孵化楼 & 广场", "夜景"]
EDITED_SET = ["夜景", "新楼"]


@pytest.fixture
def edited_image_set(chief_client, image_set):
    """A live 图集 whose pictures a chief editor changed after its first revision: one
    removed, one recaptioned, the order changed."""
    article = image_set()
    data, _prefix = form_with_pictures(
        chief_client,
        article,
        **{
            "pictures-0-DELETE": "on",
            "pictures-1-caption": "新楼",
            "pictures-2-position": "0",
        },
    )
    chief_client.post(change_url(article), data)
    assert captions_readers_see(article) == EDITED_SET
    return article


def restore_url(article, version):
    return f"/admin/news/article/{article.pk}/history/{version.pk}/restore/"


def first_revision(article):
    return versions_of(article).last()


def image_set_row(page):
    row = re.search(r'<tr[^>]*><th scope="row">图集.*?</tr>', page, re.S)
    assert row, "the confirmation shows no change to the image set"
    return row.group(0)


def files_of(article, **owner):
    return [p.image.name for p in Picture.objects.filter(**(owner or {"article": article}))]


def test_a_chief_editors_restore_brings_the_pictures_back_at_once(chief_client, edited_image_set):
    article = edited_image_set
    older = first_revision(article)

    asked = chief_client.get(restore_url(article, older)).content.decode()
    row = image_set_row(asked)
    assert "园区大门" in re.search(r"<ins>.*?</ins>", row, re.S).group(0)
    assert "新楼" in re.search(r"<del>.*?</del>", row, re.S).group(0)

    restored = chief_client.post(restore_url(article, older), follow=True)

    assert "已恢复旧版本" in text_of(restored.content.decode())
    assert captions_readers_see(article) == FIRST_SET
    # The same stored files come back, each with its thumbnail and size.
    assert files_of(article) == [name for name, _caption in pictures_in(older)]
    pictures = list(Picture.objects.filter(article=article))
    assert all(p.thumbnail.name and p.width and p.height for p in pictures)
    assert all(p.image.storage.exists(p.image.name) for p in pictures)
    # The restore is the newest revision, and holds the set it brought back.
    newest = chief_client.get(
        f"/admin/news/article/{article.pk}/history/compare/",
        {"a": versions_of(article).first().pk},
    ).content.decode()
    assert '<tr class="changed"><th scope="row">图集' not in newest


def test_a_reporters_restore_of_a_live_article_waits_for_review_with_its_pictures(
    editor_client, editor, chief_client, edited_image_set
):
    article = edited_image_set
    live_files = files_of(article)
    older = first_revision(article)

    asked = editor_client.get(restore_url(article, older)).content.decode()
    assert "园区大门" in image_set_row(asked)
    editor_client.post(restore_url(article, older))

    # Readers see the published set; the reporter's form shows the restored one.
    assert captions_readers_see(article) == EDITED_SET
    assert files_of(article) == live_files
    assert "pictures" in PendingChange.objects.get(article=article).changed_fields
    form = editor_client.get(change_url(article)).content.decode()
    assert "园区大门" in form and "孵化楼 &amp; 广场" in form

    submission = review.submit(article, editor, is_change=True)
    decide(chief_client, submission)

    assert Submission.objects.get(pk=submission.pk).state == Submission.State.APPROVED
    assert captions_readers_see(article) == FIRST_SET
    assert not Picture.objects.filter(proposed_for=article).exists()


def test_a_reporters_restore_of_the_live_set_proposes_no_picture_change(
    editor_client, chief_client, edited_image_set
):
    article = edited_image_set
    newest = versions_of(article).first()

    editor_client.post(restore_url(article, newest))

    assert not PendingChange.objects.filter(article=article).exists()
    assert not Picture.objects.filter(proposed_for=article).exists()


def test_a_restore_whose_captions_hold_words_to_confirm_is_refused(chief_client, edited_image_set):
    article = edited_image_set
    SensitiveWord.objects.create(word="园区大门", level=SensitiveWord.Level.WARN)

    response = chief_client.post(restore_url(article, first_revision(article)), follow=True)

    assert "园区大门" in text_of(response.content.decode())
    assert "旧版本未恢复" in text_of(response.content.decode())
    assert captions_readers_see(article) == EDITED_SET
