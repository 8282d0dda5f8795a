"""Findings of the security review on uploads: damaged images, leftovers, who may upload and
browse, CSRF, request size, thumbnail names and CKEditor's bundled sample pages."""

import re
from io import BytesIO
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.test import Client
from PIL import Image

from news.models import Article

from .helpers import article_form
from .test_uploads import image_bytes, stored_files, upload

pytestmark = pytest.mark.usefixtures("media_storage")

UPLOAD_URL = "/ckeditor/upload/"
BROWSE_URL = "/ckeditor/browse/"


def noisy_bytes(image_format, size=(300, 300)):
    buffer = BytesIO()
    image = Image.effect_noise(size, 80)
    image.convert("L" if image_format == "GIF" else "RGB").save(buffer, format=image_format)
    return buffer.getvalue()


@pytest.fixture(params=["JPEG", "GIF"])
def truncated_image(request):
    data = noisy_bytes(request.param)
    cut = data[: len(data) * 2 // 3]
    with Image.open(BytesIO(cut)) as image:
        image.verify()  # the finding: the header check alone lets it through
    return request.param, cut


# Damaged images


def test_truncated_upload_is_refused_and_nothing_is_stored(editor_client, truncated_image):
    image_format, content = truncated_image

    response = upload(editor_client, f"cut.{image_format.lower()}", content)

    assert response.status_code == 200
    answer = response.json()
    assert answer["uploaded"] == 0
    assert answer["error"]["message"]
    assert stored_files() == []


def test_truncated_cover_gives_the_form_back_with_an_error(
    editor_client, demo_tree, truncated_image
):
    image_format, content = truncated_image
    cover = SimpleUploadedFile(f"cover.{image_format.lower()}", content, "image/jpeg")

    response = editor_client.post(
        "/admin/news/article/add/",
        article_form(demo_tree["industry-planning"], title="保留的标题", cover=cover),
    )

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "cover" in form.errors
    assert form["title"].value() == "保留的标题"
    assert not Article.objects.exists()
    assert stored_files() == []


def test_cover_save_that_fails_in_the_database_leaves_no_file(demo_tree, jpeg_upload):
    article = Article(
        title="标题", column=demo_tree["industry-planning"], body="<p>正文</p>", cover=jpeg_upload()
    )

    with (
        mock.patch.object(Article, "_do_insert", side_effect=DatabaseError("disk full")),
        pytest.raises(DatabaseError),
    ):
        article.save()

    assert stored_files() == []


def test_upload_whose_thumbnail_fails_leaves_no_file(editor_client):
    with mock.patch(
        "uploads.editor_images.SameFormatThumbnailBackend.create_thumbnail",
        side_effect=OSError("disk"),
    ):
        answer = upload(editor_client, "photo.png", image_bytes("PNG")).json()

    assert answer["uploaded"] == 0
    assert stored_files() == []


# Thumbnails: bytes match the name


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "GIF", "WEBP"])
def test_upload_thumbnail_is_stored_in_the_format_its_name_says(editor_client, image_format):
    upload(editor_client, "photo", image_bytes(image_format, size=(300, 200)))

    extensions = {"jpg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WEBP"}
    files = stored_files()
    assert len(files) == 2 and any("_thumb." in name for name in files)
    for name in files:
        with Image.open(default_storage.open(name)) as image:
            assert image.format == extensions[name.rsplit(".", 1)[1]], name


def test_cover_thumbnail_is_a_jpeg_named_jpg(editor_client, demo_tree):
    cover = SimpleUploadedFile("c.png", image_bytes("PNG", size=(900, 600)), "image/png")
    editor_client.post(
        "/admin/news/article/add/", article_form(demo_tree["industry-planning"], cover=cover)
    )

    name = Article.objects.get().cover_thumbnail.name
    assert name.endswith(".jpg")
    with Image.open(default_storage.open(name)) as image:
        assert image.format == "JPEG"


# Who may upload and browse


@pytest.fixture
def staff_without_change(client, django_user_model):
    """A staff account that may add articles but not change them."""
    user = django_user_model.objects.create_user("clerk", password="clerk-pass-1", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="add_article"))
    client.force_login(user)
    return client


def test_image_browser_is_closed_to_staff_without_change_permission(staff_without_change):
    assert staff_without_change.get(BROWSE_URL).status_code == 403


def test_upload_is_closed_to_staff_without_change_permission(staff_without_change):
    response = upload(staff_without_change, "photo.png", image_bytes("PNG"))

    assert response.status_code == 403
    assert stored_files() == []


def test_editor_browses_approved_images(editor_client, demo_tree, make_article):
    waiting = upload(editor_client, "photo.png", image_bytes("PNG")).json()["url"]
    approved = upload(editor_client, "photo.png", image_bytes("PNG")).json()["url"]
    live = make_article(demo_tree["notices"], body=f'<p><img src="{approved}" alt="图"></p>')

    response = editor_client.get(BROWSE_URL)

    assert response.status_code == 200
    listed = response.content.decode()
    public = re.search(r'src="([^"]+)"', live.body).group(1)
    assert public in listed and "pending" not in listed
    assert waiting.rsplit("/", 1)[1] not in listed
    assert "no-cache" in response["Cache-Control"]


def test_image_browser_sends_others_to_login(client, db):
    response = client.get(BROWSE_URL)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


# CSRF


@pytest.fixture
def csrf_editor(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    return client


def test_upload_without_csrf_token_is_refused(csrf_editor):
    response = upload(csrf_editor, "photo.png", image_bytes("PNG"))

    assert response.status_code == 403
    assert stored_files() == []


def test_upload_with_csrf_token_header_is_stored(csrf_editor):
    csrf_editor.get("/admin/news/article/add/")  # sets the CSRF cookie, as the editor page does
    token = csrf_editor.cookies[settings.CSRF_COOKIE_NAME].value

    response = upload(csrf_editor, "photo.png", image_bytes("PNG"), headers={"X-CSRFToken": token})

    assert response.json()["uploaded"] == "1"


# Request size


def test_oversized_body_is_refused_before_it_is_read(editor_client):
    """The declared length is 30 MB; the test client's body would fail a read past its end."""
    response = editor_client.generic(
        "POST",
        UPLOAD_URL,
        b"--x\r\n",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(30 * 1024 * 1024),
    )

    assert response.status_code == 413
    assert stored_files() == []


def test_a_form_that_takes_attachments_takes_the_largest_attachment(settings):
    from config.request_guards import request_max_bytes

    settings.ATTACHMENT_MAX_BYTES = 50 * 1024 * 1024
    article_form = request_max_bytes("/admin/news/article/add/")
    image_upload = request_max_bytes(UPLOAD_URL)

    # A 16 MB PDF went over the images' cap (10 MB) that every request had.
    assert article_form > settings.ATTACHMENT_MAX_BYTES
    assert request_max_bytes("/ckeditor/upload-file/") == article_form
    assert settings.IMAGE_UPLOAD_MAX_BYTES < image_upload < settings.ATTACHMENT_MAX_BYTES


def test_upload_memory_limits_are_set():
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= settings.IMAGE_UPLOAD_MAX_BYTES


# CKEditor's bundled sample and test pages


@pytest.mark.parametrize(
    "path",
    [
        "ckeditor/ckeditor/plugins/preview/preview.html",
        "ckeditor/ckeditor/plugins/wsc/dialogs/ciframe.html",
        "ckeditor/ckeditor/plugins/exportpdf/tests/manual/integration.html",
        "ckeditor/ckeditor/plugins/exportpdf/tests/notification.js",
    ],
)
def test_ckeditor_sample_pages_are_not_static_files(path):
    assert finders.find(path) is None
    # What collectstatic copies, and whitenoise serves in production:
    assert all(listed != path for finder in finders.get_finders() for listed, _ in finder.list([]))


def test_ckeditor_itself_is_still_a_static_file():
    assert finders.find("ckeditor/ckeditor/ckeditor.js")
    assert finders.find("ckeditor/ckeditor-init.js")


@pytest.mark.parametrize(
    "url",
    [
        "/static/ckeditor/ckeditor/plugins/wsc/dialogs/ciframe.html",
        "/static/ckeditor/ckeditor/README.md",
    ],
)
def test_ckeditor_sample_pages_are_not_served(client, db, url):
    assert client.get(url).status_code == 404
