"""Pictures proposed for a live article's image set wait where readers cannot fetch them
(pending/pictures/, uploads.pending) until a chief editor approves the change; staff see
them through the admin. A change sent back makes none of them public."""

import pytest
from django.test import Client

from gallery.models import Picture
from newsroom.models import Submission

from ..buckets import media_is_in_a_bucket, readable, stored_names
from ..helpers import decide
from ..newsroom.test_pending_changes import change_url
from ..test_pending_uploads import fetched
from .test_image_set_admin import form_with_pictures

pytestmark = pytest.mark.usefixtures("media_storage")


def test_a_proposed_picture_is_public_only_once_approved(
    editor_client, chief_client, image_set, jpeg_upload, django_capture_on_commit_callbacks
):
    article = image_set()
    data, _prefix = form_with_pictures(
        editor_client, article, button="_submit", upload=jpeg_upload("new.jpg")
    )
    editor_client.post(change_url(article), data)
    added = Picture.objects.get(proposed_for=article, caption="新增的图片")

    assert added.image.name.startswith("pending/pictures/")
    assert added.thumbnail.name.startswith("pending/pictures/thumbs/")
    if media_is_in_a_bucket():
        assert not readable(added.image.url) and not readable(added.thumbnail.url)
    form = editor_client.get(change_url(article)).content.decode()
    staff_address = f"/admin/pending-media/{added.image.name.removeprefix('pending/')}"
    assert f'href="{staff_address}"' in form and added.image.url not in form
    with added.image.open("rb") as stored:
        assert fetched(chief_client, staff_address) == (200, stored.read())
    assert Client().get(staff_address).status_code == 302

    with django_capture_on_commit_callbacks(execute=True):  # the request's commit
        decide(chief_client, Submission.objects.get(article=article))

    shown = Picture.objects.get(article=article, caption="新增的图片")
    assert shown.image.name.startswith("pictures/") and shown.thumbnail.name.startswith(
        "pictures/thumbs/"
    )
    page = Client().get(article.get_absolute_url()).content.decode()
    assert shown.image.url in page and shown.thumbnail.url in page and "pending" not in page
    assert readable(shown.image.url) and readable(shown.thumbnail.url)
    assert stored_names("pending") == []


def test_a_sent_back_picture_proposal_makes_nothing_public(
    editor_client, chief_client, image_set, jpeg_upload
):
    article = image_set()
    public_before = stored_names("pictures")
    data, _prefix = form_with_pictures(
        editor_client, article, button="_submit", upload=jpeg_upload("new.jpg")
    )
    editor_client.post(change_url(article), data)

    decide(chief_client, Submission.objects.get(article=article), "_send_back", "不用这张")

    assert stored_names("pictures") == public_before
    assert len(stored_names("pending/pictures")) == 2  # the picture and its thumbnail
