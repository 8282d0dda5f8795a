"""Staff uploads kept from readers until a chief editor approves what shows them.

The body editor's images and documents are stored under PENDING_UPLOADS; the pictures a
writer proposes for a live article's image set, and the pictures of an article not yet
published, under PENDING_PICTURES (gallery.models); the covers proposed with a change, and
the covers of an article not yet published, under PENDING_COVERS (uploads.images): a private
prefix of the bucket, an internal location of nginx. Staff see them through the admin
(staff_address, the view uploads.pending_views); a body links them there while it is a draft
or in review.

When an article goes live (Article.save and ArticleQuerySet.update with the status
published: the form, the list's action, an approval, a scheduling) each pending file its
body names, its cover and its pictures are released: copied to their public names (the name
without "pending/") through the storage API, the records rewritten to the public names, the
pending files deleted once the transaction commits. Approved proposed pictures are released
by gallery.sets.make_live. Taking an article off the site (unpublishing it) moves nothing
back: what readers could fetch once stays public, as a withdrawal (撤稿) is the way to take
files down (uploads.withdrawal).
"""

import re
from html import escape

from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse

PENDING = "pending/"
PENDING_UPLOADS = "pending/uploads"
PENDING_FILES = "pending/uploads/files"
PENDING_PICTURES = "pending/pictures"
PENDING_COVERS = "pending/covers"
# What a staff address says after the admin's path: a body holding it names a pending file.
ADDRESS_MARK = "pending-media/"
# A pending file that the staff view serves, by its name after "pending/": generated names
# (uploads.images.generated_name), the editor's thumbnails (`_thumb`), pictures' thumbnails,
# covers and their thumbnails.
SERVED_NAME = re.compile(
    r"(?:uploads(?:/files)?|pictures(?:/thumbs)?|covers(?:/thumbs)?)/\d{4}/\d{2}/[0-9a-f]{32}(?:_thumb)?"
    r"\.[a-z0-9]{1,5}"
)


def is_pending(name):
    return name.startswith(PENDING)


def folder(public, waits):
    """The folder for a new file that belongs under `public` once approved: under pending/
    while it `waits`."""
    return PENDING + public if waits else public


def public_name(name):
    """Where a pending file goes when it is approved."""
    return name.removeprefix(PENDING)


def staff_address(name):
    """The admin's address of a pending file (stored `name`), for staff only."""
    return reverse("admin:pending_media", args=[public_name(name)])


def shown_url(field_file):
    """Where staff see a stored file: through the admin while it is pending."""
    name = getattr(field_file, "name", field_file)
    return staff_address(name) if is_pending(name) else default_storage.url(name)


def address_pattern():
    """A staff address in a body, relative or with a host, by its name after "pending/"."""
    prefix = re.escape(reverse("admin:pending_media", args=["x"])[:-1])
    return re.compile(rf"(?:https?://[^/\"'\s<>]+)?{prefix}(?P<name>{SERVED_NAME.pattern})")


def names_in(body):
    """The stored names of the pending files a body links (staff addresses)."""
    return {PENDING + match["name"] for match in address_pattern().finditer(body or "")}


def lost(names):
    """Those of the pending `names` stored neither under pending/ nor, approved since, under
    their public names: removed as uploads nobody approved (remove_unapproved_uploads)."""
    return sorted(
        public_name(name)
        for name in names
        if not default_storage.exists(name) and not default_storage.exists(public_name(name))
    )


def as_public(body):
    """The body with each staff address as its file's public address, which it has once
    approved: for comparing bodies, where the two name the same picture."""
    if ADDRESS_MARK not in (body or ""):
        return body
    return address_pattern().sub(lambda match: escape(default_storage.url(match["name"])), body)


def released_body(body):
    """The body with each pending file it names released and its address made public; a
    staff address whose file is gone (released before) points at the public name all the
    same, so a live body never holds one."""
    if ADDRESS_MARK not in (body or ""):
        return body
    released = release(names_in(body))
    return address_pattern().sub(
        lambda match: escape(default_storage.url(released[PENDING + match["name"]])), body
    )


def release(names):
    """Copy each pending file of `names` (with its editor's thumbnail) to its public name
    and delete it once the transaction commits; {pending name: public name}."""
    released = {}
    for name in names:
        released[name] = copy_to_public(name)
        thumbnail = thumbnail_of(name)
        if thumbnail and default_storage.exists(thumbnail):
            copy_to_public(thumbnail)
    return released


def copy_to_public(name):
    """The public name of a pending file, copied there now (a copy and a delete of the
    storage API: the bucket's objects have no path on a disk); the pending file goes after
    the commit, so a failed save leaves the body's staff address working."""
    target = public_name(name)
    if not default_storage.exists(name):
        return target  # released by another body's going live, or never stored
    with default_storage.open(name, "rb") as content:
        target = default_storage.save(target, content)
    transaction.on_commit(lambda: default_storage.delete(name))
    return target


def thumbnail_of(name):
    """The image browser's thumbnail of an editor's upload (ckeditor_uploader's naming)."""
    if not name.startswith(f"{PENDING_UPLOADS}/") or name.startswith(f"{PENDING_FILES}/"):
        return None
    stem, dot, extension = name.rpartition(".")
    return f"{stem}_thumb{dot}{extension}"
