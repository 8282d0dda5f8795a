"""Checking uploaded images and making cover thumbnails, with Pillow."""

import uuid
import warnings
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, ImageOps

from . import pending

# MPO: a JPEG followed by more pictures (a phone's depth or HDR map), shown as its JPEG.
EXTENSIONS = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
THUMBNAIL_SIZE = (480, 300)


def inspect_image(file):
    """Return the file's image format after checking it is an image we accept.

    Raise ValidationError for an empty, oversized, unreadable, truncated, over-large (in
    pixels) or unsupported file. Only the header is read before the pixel check, so a
    decompression bomb is refused before it is expanded; a JPEG is not decoded at full size.
    """
    return _inspected(file, _decode_smallest)[0]


def inspect_with_thumbnail(file):
    """inspect_image and make_thumbnail in one: (format, thumbnail). The picture is decoded
    once, at the thumbnail's scale, which checks that all of it decodes as inspect_image's
    smaller decode does."""
    return _inspected(file, _thumbnail_of)


def _decode_smallest(image):
    # A JPEG at an eighth of its size (Image.draft), which still reads every byte of it.
    image.draft("RGB", (1, 1))
    image.load()


def _inspected(file, decode):
    """(format, what decode(image) returns), decode given the opened picture once its
    header has passed the checks; it must decode all of the picture."""
    size = file.size
    if not size:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > settings.IMAGE_UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("The image is larger than %(limit)d MB.")
            % {"limit": settings.IMAGE_UPLOAD_MAX_BYTES // (1024 * 1024)},
            code="too_large",
        )
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                image_format, (width, height) = image.format, image.size
                if width * height > settings.IMAGE_UPLOAD_MAX_PIXELS:
                    raise _too_many_pixels()
                image.verify()
            # verify() reads no pixel data: a truncated JPEG or GIF, or a PNG whose pixel data
            # does not decompress, passes it. Decoding it catches that.
            # (A format refused below is only checked, not thumbnailed.)
            decode = decode if image_format in EXTENSIONS else _decode_smallest
            file.seek(0)
            with Image.open(file) as image:
                decoded = decode(image)
    except Image.DecompressionBombError as error:
        raise _too_many_pixels() from error
    except (OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("The file is not an image, or it is damaged."), code="invalid"
        ) from error
    finally:
        file.seek(0)
    if image_format not in EXTENSIONS:
        raise ValidationError(_("Use a JPEG, PNG, GIF or WebP image."), code="unsupported_format")
    return image_format, decoded


def _too_many_pixels():
    return ValidationError(
        _("The image has more than %(limit)d million pixels.")
        % {"limit": settings.IMAGE_UPLOAD_MAX_PIXELS // 1_000_000},
        code="too_many_pixels",
    )


def validate_image(file):
    """Model-field validator form of inspect_image."""
    inspect_image(file)


def extension_for(file):
    """The file extension for an uploaded image, from the format Pillow detects in it."""
    return EXTENSIONS[inspect_image(file)]


def generated_name(folder, extension):
    """A fresh name under folder/YYYY/MM/; uploaders' own names are never used."""
    return f"{folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


@deconstructible
class GeneratedImageName:
    """An image field's upload_to: a fresh name under `folder`, with the extension of the
    format Pillow detects in the file (the uploader's name and extension are never used)."""

    def __init__(self, folder, field_name):
        self.folder, self.field_name = folder, field_name

    def __call__(self, instance, filename):
        return generated_name(self.folder, extension_for(getattr(instance, self.field_name)))


def cover_upload_to(article, filename):
    # Article.save() has already named the file after its detected format. The cover of an
    # article no chief editor has published waits from readers with it (uploads.pending).
    folder = pending.folder("covers", article.media_waits)
    return generated_name(folder, Path(filename).suffix.lstrip(".").lower())


def cover_thumbnail_upload_to(article, filename):
    folder = pending.folder("covers", article.media_waits)
    return f"{folder}/thumbs/{timezone.now():%Y/%m}/{filename}"


def pending_cover_upload_to(change, filename):
    """A cover proposed with a change to a live article waits for review: no reader may
    fetch it (the bucket's policy leaves the prefix private, nginx's location is internal);
    staff see it through the admin (newsroom.revision_views), readers once it is approved."""
    return generated_name(pending.PENDING_COVERS, Path(filename).suffix.lstrip(".").lower())


# EXIF orientations that turn the stored image a quarter turn.
QUARTER_TURNS = {5, 6, 7, 8}


def display_size(file):
    """(width, height) of the image as browsers show it, its EXIF orientation applied; read
    from the header alone."""
    file.seek(0)
    with Image.open(file) as image:
        width, height = image.size
        if orientation(image) in QUARTER_TURNS:
            width, height = height, width
    file.seek(0)
    return width, height


def orientation(image):
    """The image's EXIF orientation, from what was read of its header."""
    # A PNG's getexif() decodes all its pixels to look for an eXIf chunk after them; the PNG
    # specification puts eXIf before the pixels, where opening the file has found it.
    if image.format == "PNG" and "exif" not in image.info:
        return None
    return image.getexif().get(ExifTags.Base.Orientation)


# Modes that resampling filters; a palette (GIF, some PNGs) would be resized pixel by pixel.
FILTERED_MODES = {"RGB", "RGBA", "L"}


def eight_bit(image):
    """The picture with 8 bits a channel. A 16-bit greyscale one (a scanner's or a chart
    tool's PNG) has its range scaled down: Pillow's own conversion clips it, white from a
    mid grey up, and neither resizes nor writes it as PNG as it holds it."""
    if not image.mode.startswith("I"):
        return image
    return image.convert("I").point(lambda value: value / 256).convert("L")


def make_thumbnail(file):
    """A JPEG of THUMBNAIL_SIZE, cropped to fill, for list and home pages."""
    file.seek(0)
    with Image.open(file) as image:
        thumbnail = _thumbnail_of(image)
    file.seek(0)
    return thumbnail


def _thumbnail_of(image):
    """make_thumbnail of an opened picture. A JPEG is decoded at the smallest scale that
    still fills the thumbnail (Image.draft); the crop, the turn and the colour conversion are
    done on the small picture, so no copy of the full-size one is made."""
    turn = orientation(image)
    size = THUMBNAIL_SIZE[::-1] if turn in QUARTER_TURNS else THUMBNAIL_SIZE
    image.draft("RGB", size)
    image.load()
    image = eight_bit(image)
    if image.mode not in FILTERED_MODES:
        image = image.convert("RGB")
    thumb = ImageOps.fit(image, size, Image.Resampling.LANCZOS).convert("RGB")
    thumb = ImageOps.exif_transpose(thumb) if turn else thumb
    buffer = BytesIO()
    thumb.save(buffer, format="JPEG", quality=82, optimize=True)
    return ContentFile(buffer.getvalue())


@contextmanager
def removed_on_failure(*field_files):
    """Delete the files these fields stored in the block if the block fails, so that a save
    that does not happen leaves nothing in storage."""
    stored_before = {id(f): f.name for f in field_files}
    try:
        yield
    except BaseException:
        for field_file in field_files:
            if field_file and field_file.name != stored_before[id(field_file)]:
                field_file.storage.delete(field_file.name)
        raise
