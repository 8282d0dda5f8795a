"""Staff uploads wait where readers cannot fetch them until a chief editor approves what shows
them (uploads.pending): the body editor's images and documents, and pictures proposed for a
live article's image set. Staff see them through the admin; once the body or the set goes
live, by whichever door, readers get them at a public address and the pending file is gone.
Nothing of a change that is sent back becomes public."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from gallery.models import Picture
from news.models import Article
from news.sanitize import clean_html
from newsroom.models import PendingChange, Submission
from newsroom.revisions import versions_of
from uploads.storage import media_url_prefix

from .buckets import media_is_in_a_bucket, readable, stored_names
from .helpers import article_form, decide, section, text_of
from .newsroom.test_bulk_actions import run_action
from .newsroom.test_pending_changes import change_form, change_url
from .test_uploads import image_bytes, upload

pytestmark = pytest.mark.usefixtures("media_storage")


@pytest.fixture
def after_commit(django_capture_on_commit_callbacks):
    """A block whose transaction's on-commit work (a released file's deletion) is done, as a
    request's commit does it outside the test's own transaction."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


STAFF_ADDRESS = re.compile(r"/admin/pending-media/(uploads/\d{4}/\d{2}/[0-9a-f]{32}\.png)")


def uploaded_image(client):
    """A PNG uploaded in the body editor: (its staff address, its bytes)."""
    content = image_bytes("PNG")
    return upload(client, "photo.png", content).json()["url"], content


def image_sources(article):
    """The sources of the images of the article's body, as a reader's page shows them."""
    page = Client().get(article.get_absolute_url()).content.decode()
    return re.findall(r'<img[^>]*\bsrc="([^"]+)"', section(page, "article-body", "div"))


def fetched(client, address):
    """(status, content) of a staff address as the client gets it."""
    response = client.get(address)
    return response.status_code, b"".join(getattr(response, "streaming_content", [b""]))


def kept_from_readers(address):
    """A reader gets the pending file neither at its staff address nor at a media address."""
    name = "pending/" + STAFF_ADDRESS.fullmatch(address)[1]
    public = name.removeprefix("pending/")
    assert Client().get(address).status_code == 302  # to the admin's login page
    if media_is_in_a_bucket():  # the folder's: nginx's internal location (test_behind_nginx)
        assert not readable(default_storage.url(name))
    return not default_storage.exists(public) and default_storage.exists(name)


def shown_to_readers(article, content):
    """The article's one image is at a public address a reader fetches, and its pending file
    is gone."""
    (source,) = image_sources(Article.objects.get(pk=article.pk))
    name = source.removeprefix(media_url_prefix())
    assert source.startswith(media_url_prefix()) and name.startswith("uploads/")
    with default_storage.open(name, "rb") as stored:
        assert stored.read() == content
    return readable(source) and stored_names("pending") == []


def no_reader_page_names_a_pending_file():
    """No public article names a pending file (its body, its cover and thumbnail, its
    pictures), and no reader page shows one: the article pages (og:image too), the lists'
    thumbnails, the feed and the sitemap."""
    public = Article.objects.published().select_related("column")
    names = [*public.values_list("body", "cover", "cover_thumbnail")]
    names += Picture.objects.filter(article__in=public).values_list("image", "thumbnail")
    pages = {"/", "/feed/", "/sitemap.xml"}
    for article in public:
        pages |= {article.get_absolute_url(), f"/columns/{article.column.slug}/"}
    reader = Client()
    shown = [reader.get(page).content.decode() for page in sorted(pages)]
    return not any("pending" in text for text in [*shown, *(v for row in names for v in row)])


def test_a_reporters_image_in_a_change_is_public_only_once_approved(
    editor_client, chief_client, demo_tree, make_article, after_commit
):
    live = make_article(demo_tree["notices"], body="<p>原来的正文。</p>")
    address, content = uploaded_image(editor_client)
    body = f'<p>新的正文。</p><p><img src="{address}" alt="现场"></p>'

    editor_client.post(
        change_url(live), change_form(editor_client, live, body=body, button="_submit")
    )

    assert kept_from_readers(address)
    assert image_sources(live) == []
    # Staff see it: the reporter's form, the chief editor's review.
    assert f'src="{address}"' in PendingChange.objects.get(article=live).proposed["body"]
    assert fetched(editor_client, address) == (200, content)
    assert fetched(chief_client, address) == (200, content)

    with after_commit():
        decide(chief_client, Submission.objects.get(article=live))

    assert shown_to_readers(live, content)
    assert no_reader_page_names_a_pending_file()
    # The staff address now leads to the public file.
    assert chief_client.get(address)["Location"].endswith(STAFF_ADDRESS.fullmatch(address)[1])


def test_a_sent_back_change_makes_nothing_public(
    editor_client, chief_client, demo_tree, make_article
):
    live = make_article(demo_tree["notices"])
    address, _content = uploaded_image(editor_client)
    body = f'<p><img src="{address}" alt="现场"></p>'
    editor_client.post(
        change_url(live), change_form(editor_client, live, body=body, button="_submit")
    )

    decide(chief_client, Submission.objects.get(article=live), "_send_back", "图片不合适")

    assert kept_from_readers(address)
    assert stored_names("uploads") == []
    assert image_sources(live) == []


def publish_with_the_form(chief_client, draft):
    chief_client.post(
        change_url(draft), article_form(draft.column, draft, body=draft.body, button="_publish")
    )


def publish_with_the_list(chief_client, draft):
    run_action(chief_client, "publish", [draft.pk])


def approve_in_review(chief_client, draft, editor_client):
    editor_client.post(
        change_url(draft), article_form(draft.column, draft, body=draft.body, button="_submit")
    )
    decide(chief_client, Submission.objects.get(article=draft))


def schedule_with_the_form(chief_client, draft):
    later = timezone.localtime() + timedelta(days=1)
    chief_client.post(
        change_url(draft),
        article_form(
            draft.column,
            draft,
            body=draft.body,
            button="_publish",
            published_at_0=later.strftime("%Y-%m-%d"),
            published_at_1=later.strftime("%H:%M:%S"),
        ),
    )
    # Approved by the chief editor who schedules it; readers see it when its time comes.
    Article.objects.filter(pk=draft.pk).update(published_at=timezone.now())


@pytest.mark.parametrize(
    "door",
    [publish_with_the_form, publish_with_the_list, approve_in_review, schedule_with_the_form],
)
def test_a_drafts_images_go_public_by_every_door_to_publication(
    door, editor_client, chief_client, demo_tree, make_article, after_commit
):
    address, content = uploaded_image(editor_client)
    draft = make_article(
        demo_tree["notices"],
        status=Article.Status.DRAFT,
        body=f'<p>草稿正文。</p><p><img src="{address}" alt="现场"></p>',
    )
    assert f'src="{address}"' in draft.body  # a draft keeps its staff address
    assert kept_from_readers(address)

    with after_commit():
        if door is approve_in_review:
            door(chief_client, draft, editor_client)
        else:
            door(chief_client, draft)

    assert Article.objects.get(pk=draft.pk).is_public
    assert shown_to_readers(draft, content)
    assert no_reader_page_names_a_pending_file()


def test_a_chief_editors_image_on_a_live_article_is_public_with_the_save(
    chief_client, demo_tree, make_article, after_commit
):
    live = make_article(demo_tree["notices"], body="<p>原来的正文。</p>")
    address, content = uploaded_image(chief_client)
    assert kept_from_readers(address)  # until the body showing it is saved

    body = f'<p>更正。</p><p><img src="{address}" alt="现场"></p>'
    with after_commit():
        chief_client.post(change_url(live), article_form(live.column, live, body=body))

    assert shown_to_readers(live, content)


def test_a_link_to_an_uploaded_document_goes_public_with_its_body(
    editor_client, chief_client, demo_tree, make_article, after_commit
):
    pdf = SimpleUploadedFile("通知.pdf", b"%PDF-1.4 notice")
    address = editor_client.post("/ckeditor/upload-file/", {"upload": pdf}).json()["url"]
    draft = make_article(
        demo_tree["notices"],
        status=Article.Status.DRAFT,
        body=f'<p><a href="{address}">通知</a></p>',
    )
    assert Client().get(address).status_code == 302

    with after_commit():
        publish_with_the_form(chief_client, draft)

    page = Client().get(draft.get_absolute_url()).content.decode()
    (link,) = re.findall(r'<a href="([^"]+)"[^>]*>通知</a>', page)
    assert link.startswith(media_url_prefix()) and "pending" not in link
    assert readable(link) and stored_names("pending") == []


def test_only_a_body_readers_cannot_see_keeps_a_staff_address():
    address = "/admin/pending-media/uploads/2026/12/" + "a" * 32 + ".png"
    image = f'<img src="{address}" alt="图">'

    assert clean_html(image, staff_media=True) == image
    assert clean_html(image) == '<img alt="图">'
    # Another admin page is no image, even in a draft.
    assert clean_html('<img src="/admin/news/article/">', staff_media=True) == "<img>"


def test_a_live_body_naming_a_file_gone_from_pending_names_its_public_address(
    demo_tree, make_article
):
    address = "/admin/pending-media/uploads/2026/12/" + "b" * 32 + ".png"

    live = make_article(demo_tree["notices"], body=f'<p><img src="{address}" alt="图"></p>')

    assert image_sources(live) == [default_storage.url(f"uploads/2026/12/{'b' * 32}.png")]


def test_unapproved_uploads_are_removed_after_the_days_given(
    editor_client, demo_tree, make_article
):
    kept, _content = uploaded_image(editor_client)
    dropped, _content = uploaded_image(editor_client)
    make_article(
        demo_tree["notices"], status=Article.Status.DRAFT, body=f'<p><img src="{kept}" alt=""></p>'
    )
    name = "pending/" + STAFF_ADDRESS.fullmatch(dropped)[1]
    thumbnail = name.replace(".png", "_thumb.png")
    assert default_storage.exists(thumbnail)

    call_command("remove_unapproved_uploads", "--days", "1", stdout=StringIO())
    assert default_storage.exists(name)  # a day has not passed

    out = StringIO()
    in_two_days = timezone.now() + timedelta(days=2)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: in_two_days)
        call_command("remove_unapproved_uploads", "--days", "1", stdout=out)

    kept_name = "pending/" + STAFF_ADDRESS.fullmatch(kept)[1]
    assert stored_names("pending") == sorted([kept_name, kept_name.replace(".png", "_thumb.png")])
    assert "removed 2 unapproved uploads" in out.getvalue()


@pytest.mark.parametrize(
    "name",
    [
        "../settings.py",
        "uploads/../../etc/passwd",
        "attachments/2026/12/" + "c" * 32 + ".pdf",
        "uploads/2026/12/" + "c" * 32 + ".png",  # never stored
        "uploads/2026/12/" + "c" * 32 + ".html",
    ],
)
def test_the_staff_view_serves_only_pending_uploads(editor_client, name):
    default_storage.save("attachments/2026/12/" + "c" * 32 + ".pdf", ContentFile(b"%PDF-1.4"))
    default_storage.save("pending/uploads/2026/12/" + "c" * 32 + ".html", ContentFile(b"<p>"))

    assert editor_client.get(f"/admin/pending-media/{name}").status_code == 404


def a_draft_that_showed_an_image(editor_client, column):
    """A reporter's draft whose first revision showed an image uploaded in the editor and
    whose second left it out: (the draft, the first revision, the image's address, bytes)."""
    address, content = uploaded_image(editor_client)
    with_image = f'<p>草稿正文。</p><p><img src="{address}" alt="现场"></p>'
    editor_client.post("/admin/news/article/add/", article_form(column, body=with_image))
    draft = Article.objects.get()
    editor_client.post(change_url(draft), article_form(column, draft, body="<p>改写的正文。</p>"))
    first = versions_of(draft).last()
    assert address in first.field_dict["body"]
    return Article.objects.get(pk=draft.pk), first, address, content


def restore_address(article, version):
    return f"/admin/news/article/{article.pk}/history/{version.pk}/restore/"


@pytest.mark.parametrize("live", [False, True])
def test_a_revision_showing_an_upload_removed_since_is_not_restored(
    editor_client, chief_client, demo_tree, after_commit, live
):
    draft, first, address, _content = a_draft_that_showed_an_image(
        editor_client, demo_tree["notices"]
    )
    if live:
        with after_commit():
            publish_with_the_form(chief_client, draft)
    in_two_days = timezone.now() + timedelta(days=2)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: in_two_days)
        call_command("remove_unapproved_uploads", "--days", "1", stdout=StringIO())
    assert editor_client.get(address).status_code == 404  # nothing shows it: removed
    before = Article.objects.get(pk=draft.pk).body

    name = STAFF_ADDRESS.fullmatch(address)[1]
    for client in (editor_client, chief_client):
        asked = text_of(client.get(restore_address(draft, first)).content.decode())
        refused = client.post(restore_address(draft, first))
        assert "这个版本无法恢复" in asked and name in asked
        assert 'type="submit"' not in section(refused.content.decode(), "submit-row", "div")
        assert Article.objects.get(pk=draft.pk).body == before
    assert not PendingChange.objects.exists()
    assert no_reader_page_names_a_pending_file()


def test_a_revision_showing_an_upload_approved_since_restores_it_working(
    editor_client, chief_client, demo_tree, after_commit
):
    draft, first, _address, content = a_draft_that_showed_an_image(
        editor_client, demo_tree["notices"]
    )
    with_image = first.field_dict["body"]
    with after_commit():
        chief_client.post(
            change_url(draft), article_form(draft.column, draft, body=with_image, button="_publish")
        )
    assert shown_to_readers(draft, content)  # approved: public, its pending file gone
    live = Article.objects.get(pk=draft.pk)
    chief_client.post(change_url(live), article_form(live.column, live, body="<p>更正。</p>"))

    with after_commit():
        chief_client.post(restore_address(draft, first))

    # The older version's staff address is the public file's now.
    assert shown_to_readers(draft, content)
    assert no_reader_page_names_a_pending_file()
