"""Image uploads: the body editor's uploader and article covers accept real images only."""

import re
import struct
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import resolve, reverse
from django.utils import timezone
from PIL import Image

import uploads.editor_images
from news.models import Article
from uploads.storage import media_url_prefix

from .buckets import media_is_in_a_bucket, readable, stored_names
from .helpers import article_form

# Each test on the local folder and again on a bucket.
pytestmark = pytest.mark.usefixtures("media_storage")

UPLOAD_URL = "/ckeditor/upload/"


def image_bytes(image_format, size=(64, 48), color=(200, 30, 30)):
    buffer = BytesIO()
    image = Image.new("RGB", size, color)
    if image_format == "MPO":  # a phone's photo: a JPEG followed by a second picture
        image.save(buffer, format="MPO", save_all=True, append_images=[Image.new("RGB", size)])
    else:
        image.save(buffer, format=image_format)
    return buffer.getvalue()


def png_header_claiming(width, height):
    """A small, well-formed PNG whose header claims width×height pixels (never decoded)."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def stored_files():
    return stored_names()


def stored_bytes(name):
    with default_storage.open(name, "rb") as file:
        return file.read()


def upload(client, name, content, content_type="application/octet-stream", **options):
    return client.post(
        reverse("ckeditor_upload"),
        {"upload": SimpleUploadedFile(name, content, content_type)},
        **options,
    )


def month_folders():
    # The generated folder is the current month's; both sides of a month boundary are fine.
    return {f"{timezone.now():%Y/%m}"}


def test_upload_url_is_the_checked_view():
    assert reverse("ckeditor_upload") == UPLOAD_URL
    assert resolve(UPLOAD_URL).func is uploads.editor_images.upload


# Accepted


@pytest.mark.parametrize(
    ("name", "image_format", "extension"),
    [
        ("photo.png", "PNG", "png"),
        ("photo.jpg", "JPEG", "jpg"),
        ("page.html", "PNG", "png"),
        ("looks-like.png", "JPEG", "jpg"),
        ("animation.gif", "GIF", "gif"),
        ("picture.webp", "WEBP", "webp"),
        ("IMG_0001.JPG", "MPO", "jpg"),
    ],
)
def test_editor_uploads_image_stored_under_generated_name_from_detected_format(
    editor_client, name, image_format, extension
):
    content = image_bytes(image_format)
    months = month_folders()

    response = upload(editor_client, name, content, "image/png")

    assert response.status_code == 200
    answer = response.json()
    assert answer["uploaded"] == "1"
    # Kept from readers until a body showing it goes live (tests/test_pending_uploads.py).
    match = re.fullmatch(
        r"/admin/pending-media/(uploads/(\d{4}/\d{2})/([0-9a-f]{32})\.(\w+))", answer["url"]
    )
    assert match, answer["url"]
    public_name, month, _, stored_extension = match.groups()
    assert month in months | month_folders()
    assert stored_extension == extension
    assert stored_bytes(f"pending/{public_name}") == content
    if media_is_in_a_bucket():  # the folder's: nginx's internal location (test_behind_nginx)
        assert not readable(media_url_prefix() + f"pending/{public_name}")
    shown = editor_client.get(answer["url"])
    assert b"".join(shown.streaming_content) == content
    assert Path(name).stem not in answer["url"]


# Refused, and nothing stored


NOT_AN_IMAGE = "not an image"
TOO_MANY_PIXELS = "million pixels"

REFUSED = {
    "text-renamed-jpg": ("notes.jpg", "这不是图片，只是一段文字。\n".encode() * 20, NOT_AN_IMAGE),
    "svg-with-script": (
        "logo.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b"<script>alert(document.cookie)</script></svg>",
        NOT_AN_IMAGE,
    ),
    "html-renamed-png": ("image.png", b"<html><script>alert(1)</script></html>", NOT_AN_IMAGE),
    "truncated-png": ("cut.png", image_bytes("PNG", size=(300, 300))[:80], NOT_AN_IMAGE),
    "20000x20000-pixels": ("huge.png", png_header_claiming(20_000, 20_000), TOO_MANY_PIXELS),
    "over-pixel-cap": ("big.png", png_header_claiming(8_000, 6_000), TOO_MANY_PIXELS),
    "bmp-format": ("photo.bmp", image_bytes("BMP"), "JPEG, PNG, GIF or WebP"),
    "empty-file": ("empty.png", b"", "empty"),
}


@pytest.mark.parametrize("case", REFUSED.values(), ids=REFUSED.keys())
def test_upload_refuses_non_images_and_stores_nothing(editor_client, case):
    name, content, reason = case

    response = upload(editor_client, name, content, headers={"accept-language": "en"})

    assert response.status_code == 200
    answer = response.json()
    assert answer["uploaded"] == 0
    assert reason in answer["error"]["message"]
    assert stored_files() == []


def test_pixel_cap_check_refuses_before_decoding():
    """The crafted header really claims the size, so the refusal above is the pixel cap."""
    with Image.open(BytesIO(png_header_claiming(8_000, 6_000))) as image:
        assert image.size == (8_000, 6_000)
    assert settings.IMAGE_UPLOAD_MAX_PIXELS < 8_000 * 6_000


def test_upload_over_byte_cap_is_refused(editor_client, settings):
    content = image_bytes("PNG", size=(200, 200))
    settings.IMAGE_UPLOAD_MAX_BYTES = len(content) - 1

    answer = upload(editor_client, "photo.png", content).json()

    assert answer["uploaded"] == 0
    assert answer["error"]["message"]
    assert stored_files() == []


def test_upload_post_without_file_is_refused(editor_client):
    response = editor_client.post(reverse("ckeditor_upload"), {})

    assert response.status_code == 200
    answer = response.json()
    assert answer["uploaded"] == 0
    assert answer["error"]["message"]
    assert stored_files() == []


@pytest.mark.parametrize("query", ["", "?CKEditor=id_body&CKEditorFuncNum=7&langCode=zh-cn"])
def test_image_dialog_upload_is_answered_in_ckeditor_json(editor_client, query):
    """The image dialog's upload, by XHR (no callback number) or as the old form post that
    names one: answered in CKEditor 4's JSON, never a page of inline script, which no policy
    of the site would let run."""
    response = editor_client.post(
        f"{UPLOAD_URL}{query}", {"upload": SimpleUploadedFile("photo.png", image_bytes("PNG"))}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "<script" not in response.content.decode()
    answer = response.json()
    assert answer["uploaded"] == "1"
    pending_address = r"/admin/pending-media/uploads/\d{4}/\d{2}/[0-9a-f]{32}\.png"
    assert re.fullmatch(pending_address, answer["url"])
    assert answer["fileName"] == answer["url"].rsplit("/", 1)[1]
    assert stored_files() != []


# Who may upload


def test_anonymous_upload_is_sent_to_admin_login(db):
    response = upload(Client(), "photo.png", image_bytes("PNG"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert stored_files() == []


def test_non_staff_user_upload_is_sent_to_admin_login(client, django_user_model):
    user = django_user_model.objects.create_user("reader", password="reader-pass-1")
    # Even an article permission does not open the admin's uploader to a non-staff account.
    user.user_permissions.add(Permission.objects.get(codename="add_article"))
    client.force_login(user)

    response = upload(client, "photo.png", image_bytes("PNG"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert stored_files() == []


@pytest.mark.parametrize("permissions", [[], ["view_article", "view_category"]])
def test_staff_without_article_permissions_gets_403(client, django_user_model, permissions):
    user = django_user_model.objects.create_user("clerk", password="clerk-pass-1", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=permissions))
    client.force_login(user)

    response = upload(client, "photo.png", image_bytes("PNG"))

    assert response.status_code == 403
    answer = response.json()
    assert answer["uploaded"] == 0
    assert answer["error"]["message"]
    assert stored_files() == []


# Covers through the article form


@pytest.mark.parametrize("image_format", ["JPEG", "MPO"])
def test_jpeg_cover_gets_a_480x300_jpeg_thumbnail(editor_client, demo_tree, image_format):
    content = image_bytes(image_format, size=(1200, 900))
    cover = SimpleUploadedFile("封面.jpg", content, "image/jpeg")

    response = editor_client.post(
        "/admin/news/article/add/",
        article_form(demo_tree["industry-planning"], cover=cover),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get()
    # A reporter's draft: kept from readers until published (tests/test_pending_article_media.py).
    assert re.fullmatch(r"pending/covers/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", article.cover.name)
    assert article.cover_thumbnail.name.startswith("pending/covers/thumbs/")
    with Image.open(default_storage.open(article.cover_thumbnail.name)) as thumbnail:
        assert thumbnail.format == "JPEG"
        assert thumbnail.size == (480, 300)
    assert sorted(stored_files()) == sorted([article.cover.name, article.cover_thumbnail.name])


def test_png_cover_named_jpg_is_stored_as_png(editor_client, demo_tree):
    cover = SimpleUploadedFile("cover.jpg", image_bytes("PNG", size=(800, 500)), "image/jpeg")

    response = editor_client.post(
        "/admin/news/article/add/",
        article_form(demo_tree["industry-planning"], cover=cover),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Article.objects.get().cover.name.endswith(".png")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("cover.jpg", b"plain text pretending to be a picture\n" * 10),
        ("cover.png", png_header_claiming(8_000, 6_000)),
    ],
    ids=["text-file", "over-pixel-cap"],
)
def test_bad_cover_gives_form_error_and_no_article(editor_client, demo_tree, name, content):
    cover = SimpleUploadedFile(name, content, "image/jpeg")

    response = editor_client.post(
        "/admin/news/article/add/",
        article_form(demo_tree["industry-planning"], cover=cover),
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "cover" in errors
    assert 'class="errorlist' in response.content.decode()
    assert not Article.objects.exists()
    assert stored_files() == []


def test_no_other_path_reaches_an_unchecked_upload_view(editor_client):
    png = SimpleUploadedFile("a.png", image_bytes("PNG"), "image/png")

    response = editor_client.post("/ckeditor/upload/x", {"upload": png})

    assert response.status_code == 404
    assert stored_files() == []


def test_a_16_bit_greyscale_png_is_uploaded_with_its_browser_thumbnail(editor_client):
    """A scanner's or a chart tool's 16-bit greyscale PNG is a PNG like any other: the image
    browser's thumbnail of it (which Pillow cannot write in the picture's own mode) is made
    in a mode PNG holds, rather than the upload ending in a server error."""
    buffer = BytesIO()
    Image.new("I;16", (640, 480), 30_000).save(buffer, "PNG")
    content = buffer.getvalue()

    response = upload(editor_client, "scan.png", content)

    assert response.status_code == 200
    answer = response.json()
    assert answer["uploaded"] == "1"
    stored = "pending/" + answer["url"].removeprefix("/admin/pending-media/")
    assert stored_bytes(stored) == content
    with default_storage.open(stored.replace(".png", "_thumb.png"), "rb") as thumbnail:
        assert Image.open(thumbnail).format == "PNG"


def test_a_16_bit_greyscale_covers_thumbnail_keeps_its_grey(editor_client, demo_tree):
    """Pillow's own conversion clips 16-bit values: a mid-grey cover's thumbnail on the list
    pages came out white."""
    buffer = BytesIO()
    Image.new("I;16", (640, 480), 32_768).save(buffer, "PNG")
    cover = SimpleUploadedFile("scan.png", buffer.getvalue(), "image/png")

    editor_client.post(
        "/admin/news/article/add/",
        {**article_form(demo_tree["news"], title="灰度封面"), "cover": cover},
    )

    article = Article.objects.get(title="灰度封面")
    with article.cover_thumbnail.open("rb") as thumbnail:
        red, green, blue = Image.open(thumbnail).convert("RGB").getpixel((10, 10))
    assert 110 <= red <= 146 and red == green == blue
