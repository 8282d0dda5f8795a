"""The article form's image set: a chief editor's save goes live; a reporter's change to a
live article's pictures waits for review with the rest of their change, readers seeing the
published set until a reviewer approves; uploads are checked as covers are."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from reversion.models import Version

from gallery.models import Picture
from newsroom.models import PendingChange, Submission
from uploads import pending
from wording.models import SensitiveWord

from ..helpers import article_form, content_of, decide, text_of
from ..newsroom.test_pending_changes import change_form
from .test_image_set_page import figures

pytestmark = pytest.mark.django_db


def change_url(article):
    return f"/admin/news/article/{article.pk}/change/"


def picture_rows(client, article, **edits):
    """The pictures inline as the user's form shows it, with `edits` ({field name: value},
    named as the form names them) and no row added."""
    formset = next(
        f
        for f in client.get(change_url(article)).context["inline_admin_formsets"]
        if f.formset.model is Picture
    ).formset
    data = {f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()}
    data[f"{formset.prefix}-TOTAL_FORMS"] = len(formset.initial_forms)
    for form in formset.initial_forms:
        for name in ("id", "caption", "position"):
            value = form[name].value()
            data[form.add_prefix(name)] = "" if value is None else value
        data[form.add_prefix(formset.fk.name)] = article.pk
    data.update(edits)
    return formset.prefix, data


def form_with_pictures(client, article, button="_save", upload=None, **edits):
    prefix, rows = picture_rows(client, article, **edits)
    dates = {k: v for k, v in content_of(article).items() if k.startswith("published_at")}
    data = change_form(client, article, button=button, **dates)
    for name in [k for k in data if k.startswith("pictures-")]:
        del data[name]
    data.update(rows)
    if upload is not None:
        n = int(rows[f"{prefix}-TOTAL_FORMS"])
        data[f"{prefix}-TOTAL_FORMS"] = n + 1
        data[f"{prefix}-{n}-image"] = upload
        data[f"{prefix}-{n}-caption"] = "新增的图片"
        data[f"{prefix}-{n}-position"] = 9
    return data, prefix


def captions_of(article):
    return [picture.caption for picture in Picture.objects.filter(article=article)]


def captions_readers_see(article):
    page = Client().get(article.get_absolute_url()).content.decode()
    if 'class="image-set"' not in page:
        return []
    return [caption.split(" ", 1)[1] for *_, caption in figures(page)]


def test_a_chief_editor_reorders_and_captions_and_readers_see_it_at_once(chief_client, image_set):
    article = image_set()
    assert captions_readers_see(article) == ["园区大门", "孵化楼 & 广场", "夜景"]

    data, _prefix = form_with_pictures(
        chief_client,
        article,
        **{"pictures-2-position": "0", "pictures-0-position": "5", "pictures-1-caption": "新楼"},
    )
    response = chief_client.post(change_url(article), data, follow=True)

    assert response.status_code == 200, response.content
    assert captions_readers_see(article) == ["夜景", "新楼", "园区大门"]


def test_a_reporters_change_to_a_live_articles_pictures_waits_for_review(
    editor_client, chief_client, image_set, jpeg_upload
):
    article = image_set()
    published = captions_readers_see(article)
    live_files = set(Picture.objects.filter(article=article).values_list("image", flat=True))

    data, _prefix = form_with_pictures(
        editor_client,
        article,
        button="_submit",
        upload=jpeg_upload("new.jpg"),
        **{"pictures-0-DELETE": "on", "pictures-1-caption": "孵化楼（改）"},
    )
    response = editor_client.post(change_url(article), data, follow=True)

    assert "读者看到的仍是已发布的版本" in text_of(response.content.decode())
    assert captions_readers_see(article) == published
    assert set(Picture.objects.filter(article=article).values_list("image", flat=True)) == (
        live_files
    )
    assert "pictures" in PendingChange.objects.get(article=article).changed_fields
    # The reporter's form shows the set they proposed.
    shown = editor_client.get(change_url(article)).content.decode()
    assert "孵化楼（改）" in shown and "新增的图片" in shown
    # The reviewer sees what the change does to the image set.
    submission = Submission.objects.get(article=article, is_change=True)
    review_page = chief_client.get(f"/admin/newsroom/submission/{submission.pk}/change/")
    assert "图集" in text_of(review_page.content.decode())

    decide(chief_client, submission)

    assert captions_readers_see(article) == ["孵化楼（改）", "夜景", "新增的图片"]
    assert not Picture.objects.filter(proposed_for=article).exists()


def test_a_reporters_proposed_pictures_are_dropped_when_sent_back_and_withdrawn(
    editor_client, image_set
):
    article = image_set()
    data, _prefix = form_with_pictures(editor_client, article, **{"pictures-2-caption": "只改说明"})
    editor_client.post(change_url(article), data)
    assert Picture.objects.filter(proposed_for=article).count() == 3

    # Set back as it was: no change is left, and no proposed picture.
    data, prefix = form_with_pictures(editor_client, article)
    data[f"{prefix}-2-caption"] = "夜景"
    editor_client.post(change_url(article), data)

    assert not PendingChange.objects.filter(article=article).exists()
    assert not Picture.objects.filter(proposed_for=article).exists()


def new_image_set(demo_tree, upload, caption, button="_save"):
    """The add form of 新的图集 with one picture."""
    data = article_form(demo_tree["park-planning"], button=button, title="新的图集")
    data.update(
        {
            "pictures-TOTAL_FORMS": "1",
            "pictures-0-image": upload,
            "pictures-0-caption": caption,
            "pictures-0-position": "0",
        }
    )
    return data


def test_a_reporters_draft_takes_pictures_at_once(editor_client, demo_tree, jpeg_upload):
    editor_client.post(
        "/admin/news/article/add/", new_image_set(demo_tree, jpeg_upload("a.jpg"), "第一张")
    )

    picture = Picture.objects.get(article__title="新的图集")
    assert (picture.caption, picture.width, picture.height) == ("第一张", 800, 600)
    # Kept from readers until a chief editor publishes the draft (tests/test_pending_uploads.py).
    assert re.fullmatch(r"pending/pictures/\d{4}/\d\d/[0-9a-f]{32}\.jpg", picture.image.name)
    assert picture.thumbnail.name.startswith("pending/pictures/thumbs/")


def test_what_is_not_an_image_is_refused_and_nothing_is_stored(chief_client, image_set):
    article = image_set()
    fake = SimpleUploadedFile("x.jpg", b"<?php echo 1; ?>", content_type="image/jpeg")
    data, _prefix = form_with_pictures(chief_client, article, upload=fake)

    response = chief_client.post(change_url(article), data)

    assert response.status_code == 200
    assert "请上传一张有效的图片" in text_of(response.content.decode())
    assert Picture.objects.filter(article=article).count() == 3


def test_changing_the_pictures_of_an_article_in_review_sends_it_back_to_the_first_stage(
    editor_client, editor, image_set
):
    from newsroom import review

    article = image_set(status="pending")
    first = review.submit(article, editor)

    data, _prefix = form_with_pictures(editor_client, article, **{"pictures-0-caption": "大门"})
    editor_client.post(change_url(article), data)

    assert Submission.objects.get(pk=first.pk).state == Submission.State.WITHDRAWN
    assert Submission.objects.in_review().filter(article=article).count() == 1
    assert captions_of(article) == ["大门", "孵化楼 & 广场", "夜景"]


def test_the_history_compares_the_image_sets(chief_client, image_set):
    article = image_set()
    data, _prefix = form_with_pictures(chief_client, article, **{"pictures-1-caption": "新楼"})
    chief_client.post(change_url(article), data)
    oldest = Version.objects.get_for_object(article).last()

    page = chief_client.get(
        f"/admin/news/article/{article.pk}/history/compare/", {"a": oldest.pk}
    ).content.decode()

    row = re.search(r'<tr class="changed"><th scope="row">图集 .*?</tr>', page, re.S)
    assert row, "no row of the image set"
    assert "孵化楼 &amp; 广场" in re.search(r"<del>.*?</del>", row.group(0), re.S).group(0)
    assert "新楼" in re.search(r"<ins>.*?</ins>", row.group(0), re.S).group(0)


def test_a_blocked_word_in_a_caption_is_refused(chief_client, image_set):
    SensitiveWord.objects.create(word="违禁词")
    article = image_set()
    data, _prefix = form_with_pictures(
        chief_client, article, **{"pictures-1-caption": "含有违禁词的说明"}
    )

    response = chief_client.post(change_url(article), data)

    assert response.status_code == 200
    assert "违禁词" in text_of(response.content.decode())
    assert not Picture.objects.filter(caption__contains="违禁词").exists()


def test_a_picture_added_goes_after_those_shown(chief_client, image_set):
    article = image_set()
    formset = next(
        f
        for f in chief_client.get(change_url(article)).context["inline_admin_formsets"]
        if f.formset.model is Picture
    ).formset

    assert formset.extra_forms[0]["position"].value() == 3


def test_the_review_page_of_a_new_image_set_shows_its_pictures(
    editor_client, chief_client, demo_tree, jpeg_upload
):
    """A reviewer approves a new 图集 having seen its pictures and captions."""
    editor_client.post(
        "/admin/news/article/add/",
        new_image_set(demo_tree, jpeg_upload("a.jpg"), "园区航拍", button="_submit"),
    )
    picture = Picture.objects.get(article__title="新的图集")
    submission = Submission.objects.get(article=picture.article)

    page = chief_client.get(f"/admin/newsroom/submission/{submission.pk}/change/").content.decode()

    assert "图集：1 张图片" in text_of(page)
    assert "园区航拍" in text_of(page)
    assert pending.staff_address(picture.thumbnail.name) in page  # not yet public
