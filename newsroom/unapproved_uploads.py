"""Pending uploads nobody approved (uploads.pending): an image or a document uploaded in the
editor and then left out of the body, a draft deleted, a change sent back and dropped, a
proposed picture whose set was replaced. After some days, what no draft, no change in review,
no picture and no cover still shows is removed."""

from datetime import timedelta

from django.core.files.storage import default_storage
from django.utils import timezone

from gallery.models import Picture
from news.models import Article
from uploads import pending

from .models import PendingChange

FOLDERS = (pending.PENDING_UPLOADS, pending.PENDING_PICTURES, pending.PENDING_COVERS)


def stored_under(folder):
    """Every name stored under `folder`, through the storage API (folder or bucket)."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:  # the local folder has none yet
        return []
    names = [f"{folder}/{name}" for name in files]
    for sub in folders:
        names += stored_under(f"{folder}/{sub}")
    return names


def still_shown():
    """The pending names that a body (an article's, a change's), a picture or a cover (an
    article's, a change's) still shows."""
    shown = set()
    for body in Article.objects.filter(body__contains=pending.ADDRESS_MARK).values_list(
        "body", flat=True
    ):
        shown |= pending.names_in(body)
    for change in PendingChange.objects.only("proposed", "cover"):
        shown |= pending.names_in((change.proposed or {}).get("body", ""))
        shown.add(change.cover.name)
    kept = Picture.objects.filter(image__startswith=pending.PENDING)
    for image, thumbnail in kept.values_list("image", "thumbnail"):
        shown |= {image, thumbnail}
    waiting = Article.objects.filter(cover__startswith=pending.PENDING)
    for cover, thumbnail in waiting.values_list("cover", "cover_thumbnail"):
        shown |= {cover, thumbnail}
    return shown | {pending.thumbnail_of(name) for name in shown}


def unapproved(days):
    """Pending files stored more than `days` days ago that nothing shows any more."""
    cutoff = timezone.now() - timedelta(days=days)
    shown = still_shown()
    return [
        name
        for folder in FOLDERS
        for name in stored_under(folder)
        if name not in shown and default_storage.get_modified_time(name) < cutoff
    ]


def remove_unapproved(days, dry_run=False):
    """Remove the unapproved files (unapproved); their names."""
    names = unapproved(days)
    if not dry_run:
        for name in names:
            default_storage.delete(name)
    return names
