"""Copying the old site's /uploads/ images: checked like any upload, stored under generated
names, each source file copied once across runs."""

import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from uploads import images

from .models import ImportedImage
from .picture_pool import PicturePool

# An <img>'s src as DedeCMS's editors wrote it: in double or single quotes, or in none.
IMG_SRC = re.compile(
    r"""(?P<before><img\b[^>]*?\bsrc\s*=\s*)"""
    r"""(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<bare>[^\s"'<>`=]+))""",
    re.IGNORECASE,
)


class ImageError(Exception):
    pass


def uploads_path(address, old_domains=()):
    """The file path under the old site's root ("/uploads/a b.jpg") that an image address
    names, or None when it is not the old site's upload: /uploads/… on the site itself or
    on one of its old domains (http, https or scheme-relative), query string and fragment
    ignored, percent-encoding decoded."""
    try:
        parts = urlsplit(address.strip())
    except ValueError:  # a malformed address ("http://[x")
        return None
    elsewhere = parts.scheme not in {"", "http", "https"} or parts.hostname not in old_domains
    if (parts.scheme or parts.netloc) and elsewhere:
        return None
    path = unquote(parts.path)
    return path if path.startswith("/uploads/") else None


def img_sources(body):
    """(match, address) of each <img> in the body."""
    for match in IMG_SRC.finditer(body):
        yield match, next(v for v in match.group("double", "single", "bare") if v is not None)


class ImageCopier:
    """Maps /uploads/… paths of the old site to files under MEDIA_ROOT.

    Files written by a run that is then rolled back (or a dry run, which writes none) must
    not stay behind: `written` lists them for the caller to delete. The ImportedImage rows of
    the images copied are written together (end_batch), not one statement per image.
    """

    def __init__(self, site_root, *, dry_run=False):
        self.site_root = Path(site_root).resolve() if site_root else None
        self.dry_run = dry_run
        self.known = {image.source: image for image in ImportedImage.objects.all()}
        self.written = []
        # Copied or thumbnailed (or, in a dry run, checked) by this run: its files are there.
        self.this_run = set()
        self.unsaved = {}  # source → ImportedImage copied or thumbnailed since save_rows
        self.refused = {}  # url path → why, in this run
        self.copied = 0
        self.pool = PicturePool()

    def _source_file(self, url_path):
        relative = url_path.lstrip("/")
        # A path with ../ must not read outside the old site's uploads; a symbolic link (an
        # uploads/ moved to another disk of the site, say) is followed as long as where it
        # leads stays inside the site's root.
        parts = PurePosixPath(relative).parts
        if parts[:1] != ("uploads",) or ".." in parts:
            raise ImageError(f"{url_path}: outside the uploads folder")
        path = (self.site_root / relative).resolve()
        if not path.is_relative_to(self.site_root):
            raise ImageError(f"{url_path}: a link to outside the site's root")
        if not path.is_file():
            raise ImageError(f"{url_path}: no such file under {self.site_root}")
        return relative, path

    def copy(self, url_path, *, thumbnail=False):
        """The ImportedImage for the file at url_path, with its cover thumbnail if asked for
        (image sets' pictures and covers); raises ImageError."""
        if self.site_root is None:
            raise ImageError(f"{url_path}: not copied (no --site-root)")
        # A file refused once is not looked at again in this run (a missing logo may be in
        # thousands of bodies).
        if url_path in self.refused:
            raise ImageError(self.refused[url_path])
        try:
            image = self._copy(url_path, thumbnail)
        except ImageError as error:
            self.refused[url_path] = str(error)
            raise
        if thumbnail:
            self._thumbnail(image)
        return image

    def _copy(self, url_path, thumbnail):
        relative, path = self._source_file(url_path)
        image = self.known.get(relative)
        if image is not None and (relative in self.this_run or default_storage.exists(image.name)):
            return image
        image = image or ImportedImage(source=relative)
        with path.open("rb") as handle:
            file = File(handle, name=path.name)
            image_format, made = self._checked(url_path, path, file, thumbnail)
            name = images.generated_name("uploads", images.EXTENSIONS[image_format])
            if not self.dry_run:
                name = default_storage.save(name, file)
                self.written.append(name)
        image.name, image.thumbnail = name, ""
        if made is not None:
            self._store_thumbnail(image, made)
        self.known[relative] = image
        self.this_run.add(relative)
        self.unsaved[relative] = image
        self.copied += 1
        return image

    def _checked(self, url_path, path, file, thumbnail):
        """(format, thumbnail or None) of a file to copy; raises ImageError. A picture that
        needs a thumbnail is decoded once, for both; ahead, by the pool, if it could."""
        ahead = self.pool.take(str(path), file.file) if thumbnail else None
        if ahead is not None:
            image_format, made = ahead
            if image_format is None:
                raise ImageError(f"{url_path}: {' '.join(made)}")
            return image_format, ContentFile(made)
        try:
            if thumbnail:
                return images.inspect_with_thumbnail(file)
            return images.inspect_image(file), None
        except ValidationError as error:
            raise ImageError(f"{url_path}: {' '.join(error.messages)}") from error

    def expect_thumbnailed(self, url_paths):
        """The /uploads/ paths of a batch's covers and pictures, in the order it copies them:
        those not copied yet are checked and thumbnailed ahead (picture_pool)."""
        if self.site_root is None:
            return
        paths = []
        for url_path in dict.fromkeys(url_paths):
            if url_path.lstrip("/") in self.known:
                continue  # copied before: checked for in storage when it is used
            try:
                paths.append(str(self._source_file(url_path)[1]))
            except ImageError:
                continue  # refused when it is copied
        self.pool.expect(paths)

    def display_size(self, url_path):
        """(width, height) of the old site's image at url_path as browsers show it."""
        _, path = self._source_file(url_path)
        with path.open("rb") as handle:
            return images.display_size(handle)

    def _thumbnail(self, image):
        """The cover thumbnail of an imported image, made the first time it is a cover or a
        picture: from the copy as stored, unless it was made as the image was copied."""
        if image.thumbnail and (
            image.source in self.this_run or default_storage.exists(image.thumbnail)
        ):
            return
        if self.dry_run:
            made = None
        else:
            with default_storage.open(image.name, "rb") as handle:
                made = images.make_thumbnail(File(handle))
        self._store_thumbnail(image, made)
        self.this_run.add(image.source)
        self.unsaved[image.source] = image

    def _store_thumbnail(self, image, made):
        name = f"covers/thumbs/{Path(image.name).stem}.jpg"
        if not self.dry_run:
            name = default_storage.save(name, made)
            self.written.append(name)
        image.thumbnail = name

    def end_batch(self):
        """Write the rows of the images copied or thumbnailed since the last call."""
        if not self.dry_run:
            rows = list(self.unsaved.values())
            ImportedImage.objects.bulk_create([row for row in rows if row.pk is None])
            ImportedImage.objects.bulk_update(
                [row for row in rows if row.pk is not None], ["name", "thumbnail"]
            )
        self.unsaved.clear()
        self.pool.forget()

    def close(self):
        self.pool.close()

    def discard_written(self):
        for name in self.written:
            default_storage.delete(name)
        self.written.clear()
