"""What accepting an image costs: its pixels are counted from the header against
IMAGE_UPLOAD_MAX_PIXELS before anything is decoded, a check decodes a JPEG at an eighth of its
size and a PNG once, and a cover's thumbnail is made from the smallest decode that fills it,
with no full-size copy. (The memory each takes: bench/README.md, "Image memory".)"""

import struct
import zlib
from contextlib import contextmanager
from io import BytesIO
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import ExifTags, Image, ImageFile

from news.models import Article
from uploads import images

from .helpers import article_form
from .test_upload_hardening import noisy_bytes
from .test_uploads import png_header_claiming, stored_files, upload


def image_file(image_format, size, **save_options):
    """Two colours side by side: red on the left, blue on the right."""
    image = Image.new("RGB", size, (220, 20, 20))
    image.paste((20, 20, 220), (size[0] // 2, 0, size[0], size[1]))
    buffer = BytesIO()
    image.save(buffer, format=image_format, **save_options)
    return SimpleUploadedFile(f"picture.{image_format.lower()}", buffer.getvalue())


@contextmanager
def decoded_sizes():
    """The size of every picture Pillow decodes meanwhile (after Image.draft's reduction)."""
    sizes = []
    load = ImageFile.ImageFile.load

    def recording_load(image):
        if image.tile:  # pixels still to decode
            sizes.append(image.size)
        return load(image)

    with mock.patch.object(ImageFile.ImageFile, "load", recording_load):
        yield sizes


@contextmanager
def derived_sizes():
    """The size of every picture made from another meanwhile (a conversion, a copy, a turn,
    a crop, a resize: each goes through Image._new)."""
    sizes = []
    new = Image.Image._new

    def recording_new(image, core):
        sizes.append(core.size)
        return new(image, core)

    with mock.patch.object(Image.Image, "_new", recording_new):
        yield sizes


def test_an_image_over_the_pixel_budget_is_refused_before_it_is_decoded(settings):
    settings.IMAGE_UPLOAD_MAX_PIXELS = 2_000_000
    over = SimpleUploadedFile("big.png", png_header_claiming(2_000, 1_001))

    messages = {}
    with decoded_sizes() as decoded:
        for language in ["zh-hans", "en"]:
            with translation.override(language), pytest.raises(ValidationError) as refusal:
                images.inspect_image(over)
            messages[language] = refusal.value.messages

    assert messages == {
        "zh-hans": ["图片像素超过 2 百万。"],
        "en": ["The image has more than 2 million pixels."],
    }
    assert decoded == []


def test_checking_a_jpeg_decodes_it_at_an_eighth_of_its_size():
    photo = image_file("JPEG", (4_000, 3_000))

    with decoded_sizes() as decoded:
        assert images.inspect_image(photo) == "JPEG"
        assert images.display_size(photo) == (4_000, 3_000)

    assert decoded == [(500, 375)]


def test_checking_a_png_decodes_it_once_and_its_size_as_shown_needs_no_decoding():
    picture = image_file("PNG", (4_000, 3_000))

    with decoded_sizes() as decoded:
        assert images.inspect_image(picture) == "PNG"
        assert images.display_size(picture) == (4_000, 3_000)

    assert decoded == [(4_000, 3_000)]


def test_a_jpeg_covers_thumbnail_is_made_from_the_smallest_decode_that_fills_it():
    photo = image_file("JPEG", (4_000, 3_000))

    with decoded_sizes() as decoded, derived_sizes() as derived:
        thumbnail = images.make_thumbnail(photo)

    assert decoded == [(500, 375)]
    assert max(w * h for w, h in derived) == 480 * 300
    with Image.open(thumbnail) as made:
        assert made.size == (480, 300)


@pytest.mark.parametrize("image_format", ["PNG", "GIF", "WEBP"])
def test_a_covers_thumbnail_makes_no_full_size_copy(image_format):
    picture = image_file(image_format, (2_000, 1_500))

    with derived_sizes() as derived:
        thumbnail = images.make_thumbnail(picture)

    # A palette (GIF) is turned into colours once, to be resampled; nothing else is full size.
    full_size_copies = [size for size in derived if size == (2_000, 1_500)]
    assert len(full_size_copies) == (1 if image_format == "GIF" else 0)
    with Image.open(thumbnail) as made:
        assert made.size == (480, 300)
        assert made.getpixel((100, 150))[0] > 180  # red on the left
        assert made.getpixel((380, 150))[2] > 180  # blue on the right


def test_a_turned_photos_thumbnail_is_upright_and_fills_the_frame():
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # stored landscape, shown turned a quarter clockwise
    photo = image_file("JPEG", (1_600, 1_200), exif=exif)

    with Image.open(images.make_thumbnail(photo)) as made:
        assert made.size == (480, 300)
        # Turned clockwise, the stored left (red) is at the top, the right (blue) below.
        assert made.getpixel((240, 20))[0] > 180
        assert made.getpixel((240, 280))[2] > 180


def test_a_picture_checked_with_its_thumbnail_is_decoded_once_at_the_thumbnails_scale():
    photo = image_file("JPEG", (4_000, 3_000))

    with decoded_sizes() as decoded:
        image_format, thumbnail = images.inspect_with_thumbnail(photo)

    assert decoded == [(500, 375)]
    assert image_format == "JPEG"
    # The same thumbnail, byte for byte, as made apart from the check.
    assert thumbnail.read() == images.make_thumbnail(photo).read()
    with Image.open(thumbnail) as made:
        assert made.size == (480, 300)


def test_the_pixel_budget_holds_for_a_picture_checked_with_its_thumbnail(settings):
    settings.IMAGE_UPLOAD_MAX_PIXELS = 2_000_000
    over = SimpleUploadedFile("big.png", png_header_claiming(2_000, 1_001))

    with decoded_sizes() as decoded, pytest.raises(ValidationError) as refusal:
        images.inspect_with_thumbnail(over)

    assert refusal.value.code == "too_many_pixels"
    assert decoded == []


@pytest.mark.parametrize("image_format", ["JPEG", "GIF"])
def test_a_truncated_picture_is_refused_when_checked_with_its_thumbnail(image_format):
    data = noisy_bytes(image_format)
    cut = SimpleUploadedFile("cut", data[: len(data) * 2 // 3])

    with pytest.raises(ValidationError) as refusal:
        images.inspect_with_thumbnail(cut)

    assert refusal.value.code == "invalid"


def test_an_unsupported_format_is_refused_when_checked_with_its_thumbnail():
    with pytest.raises(ValidationError) as refusal:
        images.inspect_with_thumbnail(image_file("BMP", (64, 48)))

    assert refusal.value.code == "unsupported_format"


def png_with_damaged_pixels(width, height):
    """A PNG whose chunks are all whole (their checksums right) but whose pixel data is not
    a compressed stream: only decoding it shows the damage."""

    def chunk(kind, data):
        checksum = struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        return struct.pack(">I", len(data)) + kind + data + checksum

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", b"\x78\x9c" + b"\xff" * 200)
        + chunk(b"IEND", b"")
    )


def test_a_png_with_damaged_pixels_is_refused_as_a_cover_and_as_a_body_image(
    editor_client, demo_tree
):
    content = png_with_damaged_pixels(800, 500)
    cover = SimpleUploadedFile("cover.png", content, "image/png")

    response = editor_client.post(
        "/admin/news/article/add/", article_form(demo_tree["industry-planning"], cover=cover)
    )
    answer = upload(editor_client, "body.png", content).json()

    assert response.status_code == 200
    assert "cover" in response.context["adminform"].form.errors
    assert answer["uploaded"] == 0
    assert not Article.objects.exists()
    assert stored_files() == []
