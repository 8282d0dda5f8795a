"""An article's own cover and pictures wait with its body's images (uploads.pending): stored
under pending/ while no chief editor has published it, shown to staff through the admin;
public, and gone from pending/, once it goes live by whichever door. Unpublishing moves
nothing back; the daily clean-up keeps what a draft still shows."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from gallery.models import Picture
from news.models import Article
from newsroom.models import Submission

from .buckets import media_is_in_a_bucket, readable, stored_names
from .gallery.test_image_set_admin import form_with_pictures
from .helpers import article_form
from .newsroom.test_bulk_actions import run_action
from .newsroom.test_pending_changes import change_url
from .test_pending_uploads import (
    approve_in_review,
    fetched,
    no_reader_page_names_a_pending_file,
    publish_with_the_form,
    publish_with_the_list,
    schedule_with_the_form,
)

pytestmark = pytest.mark.usefixtures("media_storage")


@pytest.fixture
def reporters_draft(editor_client, demo_tree, jpeg_upload):
    """A reporter's new draft with a cover and two pictures, made with the admin's form."""
    data = article_form(demo_tree["park-planning"], title="园区新貌", cover=jpeg_upload())
    data["pictures-TOTAL_FORMS"] = "2"
    for n, caption in enumerate(("园区大门", "孵化楼")):
        data[f"pictures-{n}-image"] = jpeg_upload(f"{caption}.jpg", (1600, 1000))
        data[f"pictures-{n}-caption"] = caption
        data[f"pictures-{n}-position"] = str(n)
    response = editor_client.post("/admin/news/article/add/", data)
    assert response.status_code == 302
    return Article.objects.get(title="园区新貌")


def own_files(article):
    """The stored names of the article's cover, its thumbnail, its pictures and theirs."""
    names = [article.cover.name, article.cover_thumbnail.name]
    for image, thumbnail in Picture.objects.filter(article=article).values_list(
        "image", "thumbnail"
    ):
        names += [image, thumbnail]
    return names


def content_of(name):
    with default_storage.open(name, "rb") as stored:
        return stored.read()


def test_a_drafts_cover_and_pictures_are_kept_from_readers_and_shown_to_staff(
    reporters_draft, editor_client, chief_client
):
    names = own_files(reporters_draft)

    assert len(names) == 6 and all(name.startswith("pending/") for name in names)
    assert stored_names("covers") == [] and stored_names("pictures") == []
    if media_is_in_a_bucket():  # the folder's: nginx's internal location (test_behind_nginx)
        assert not any(readable(default_storage.url(name)) for name in names)
    # The form shows each through the admin, never at a media address.
    form = editor_client.get(change_url(reporters_draft)).content.decode()
    cover = f"/admin/news/article/{reporters_draft.pk}/pending/cover/"
    staff = [f"/admin/pending-media/{name.removeprefix('pending/')}" for name in names]
    for address in [cover, *staff[1:]]:
        assert address in form
    assert not any(default_storage.url(name) in form for name in names)
    # So does the staff preview of the reader's page (the cover, the pictures and thumbnails).
    preview = editor_client.get(reporters_draft.get_absolute_url()).content.decode()
    assert f'src="{staff[0]}"' in preview and all(address in preview for address in staff[2:])
    for client in (editor_client, chief_client):
        assert fetched(client, cover) == (200, content_of(names[0]))
        for address, name in zip(staff, names, strict=True):
            assert fetched(client, address) == (200, content_of(name))
    reader = Client()
    assert reader.get(reporters_draft.get_absolute_url()).status_code == 404
    assert all(reader.get(address).status_code == 302 for address in [cover, *staff])


def test_the_review_shows_a_submitted_drafts_cover_from_its_staff_address(
    reporters_draft, editor_client, chief_client
):
    editor_client.post(
        change_url(reporters_draft),
        article_form(
            reporters_draft.column, reporters_draft, body=reporters_draft.body, button="_submit"
        ),
    )
    submission = Submission.objects.get(article=reporters_draft)

    review = chief_client.get(f"/admin/newsroom/submission/{submission.pk}/change/")

    thumbnail = reporters_draft.cover_thumbnail.name
    address = f"/admin/pending-media/{thumbnail.removeprefix('pending/')}"
    assert f'src="{address}"' in review.content.decode()
    assert fetched(chief_client, address) == (200, content_of(thumbnail))


@pytest.mark.parametrize(
    "door",
    [publish_with_the_form, publish_with_the_list, approve_in_review, schedule_with_the_form],
)
def test_a_drafts_cover_and_pictures_go_public_by_every_door_to_publication(
    door, reporters_draft, editor_client, chief_client, django_capture_on_commit_callbacks
):
    waiting = own_files(reporters_draft)
    before = {name.removeprefix("pending/"): content_of(name) for name in waiting}

    with django_capture_on_commit_callbacks(execute=True):
        if door is approve_in_review:
            door(chief_client, reporters_draft, editor_client)
        else:
            door(chief_client, reporters_draft)

    article = Article.objects.get(pk=reporters_draft.pk)
    assert article.is_public
    names = own_files(article)
    assert sorted(names) == sorted(before)  # the same files, at their public names
    assert {name: content_of(name) for name in names} == before
    assert stored_names("pending") == []
    reader = Client()
    page = reader.get(article.get_absolute_url()).content.decode()
    column = reader.get(f"/columns/{article.column.slug}/").content.decode()
    addresses = [default_storage.url(name) for name in names]
    cover, thumbnail, *pictures = addresses
    assert re.search(r'<meta property="og:image" content="([^"]+)"', page)[1].endswith(cover)
    assert f'src="{cover}"' in page and all(address in page for address in pictures)
    assert f'src="{thumbnail}"' in column
    assert all(readable(address) for address in addresses)
    assert no_reader_page_names_a_pending_file()


def test_unpublishing_leaves_the_files_public_and_a_new_cover_waits(
    reporters_draft, chief_client, jpeg_upload, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish_with_the_list(chief_client, reporters_draft)
    public = own_files(Article.objects.get(pk=reporters_draft.pk))

    run_action(chief_client, "unpublish", [reporters_draft.pk], apply="1")

    article = Article.objects.get(pk=reporters_draft.pk)
    assert article.status == Article.Status.DRAFT
    # What readers could fetch once stays where it was: a withdrawal (撤稿) takes files down.
    assert own_files(article) == public and stored_names("pending") == []
    with django_capture_on_commit_callbacks(execute=True):
        chief_client.post(
            change_url(article),
            article_form(article.column, article, body=article.body, cover=jpeg_upload()),
        )
    assert Article.objects.get(pk=article.pk).cover.name.startswith("pending/covers/")


def test_the_clean_up_keeps_what_a_draft_shows(reporters_draft):
    names = own_files(reporters_draft)
    in_two_days = timezone.now() + timedelta(days=2)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: in_two_days)
        call_command("remove_unapproved_uploads", "--days", "1", stdout=StringIO())

    assert stored_names("pending") == sorted(names)
    reporters_draft.delete()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: in_two_days)
        call_command("remove_unapproved_uploads", "--days", "1", stdout=StringIO())
    assert stored_names("pending") == []


def test_the_staff_address_of_a_cover_answers_only_for_a_waiting_one(
    chief_client, demo_tree, make_article, jpeg_upload
):
    live = make_article(demo_tree["park-planning"], cover=jpeg_upload())

    assert live.cover.name.startswith("covers/")
    assert chief_client.get(f"/admin/news/article/{live.pk}/pending/cover/").status_code == 404


def test_a_cover_replaced_as_the_draft_is_published_is_not_made_public(
    reporters_draft, chief_client, jpeg_upload, django_capture_on_commit_callbacks
):
    replaced = [reporters_draft.cover.name, reporters_draft.cover_thumbnail.name]

    with django_capture_on_commit_callbacks(execute=True):
        chief_client.post(
            change_url(reporters_draft),
            article_form(
                reporters_draft.column,
                reporters_draft,
                body=reporters_draft.body,
                cover=jpeg_upload("new.jpg"),
                button="_publish",
            ),
        )

    article = Article.objects.get(pk=reporters_draft.pk)
    assert article.is_public
    assert stored_names("covers") == sorted([article.cover.name, article.cover_thumbnail.name])
    # The one replaced waits for the clean-up, as any upload nothing shows.
    assert set(replaced) <= set(stored_names("pending/covers"))


def test_a_picture_and_a_cover_removed_as_the_draft_is_published_leave_no_public_copy(
    reporters_draft, chief_client, django_capture_on_commit_callbacks
):
    kept, _removed = Picture.objects.filter(article=reporters_draft).order_by("position")
    data, _prefix = form_with_pictures(
        chief_client, reporters_draft, button="_publish", **{"pictures-1-DELETE": "on"}
    )
    data["cover-clear"] = "on"

    with django_capture_on_commit_callbacks(execute=True):
        chief_client.post(change_url(reporters_draft), data)

    article = Article.objects.get(pk=reporters_draft.pk)
    assert article.is_public and not article.cover
    kept = Picture.objects.get(pk=kept.pk)
    # Readers' folders hold the picture kept, and nothing of what the same save removed.
    assert stored_names("pictures") == sorted([kept.image.name, kept.thumbnail.name])
    assert stored_names("covers") == []
