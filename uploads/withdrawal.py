"""Taking stored files out of what readers may fetch, and bringing them back, under the same
names, so that the records that name them need no change.

In the local folder they move to WITHDRAWN_MEDIA_ROOT, outside what the web server serves; in
a bucket, under a prefix the bucket policy keeps private (uploads.bucket)."""

import shutil
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage


def withdraw(names):
    """Move the files out of what is served; the names moved."""
    if hasattr(default_storage, "withdraw"):  # a bucket
        return default_storage.withdraw(names)
    return move(names, served_root(), withdrawn_root())


def restore(names):
    """Move them back where they are served; the names moved."""
    if hasattr(default_storage, "restore"):
        return default_storage.restore(names)
    return move(names, withdrawn_root(), served_root())


def served_root():
    return Path(settings.MEDIA_ROOT)


def withdrawn_root():
    root = settings.WITHDRAWN_MEDIA_ROOT or f"{Path(settings.MEDIA_ROOT)}-withdrawn"
    return Path(root)


def move(names, source, target):
    """Move the files `names` from one root to the other; the names moved. A name that would
    lead out of its root is left alone."""
    moved = []
    for name in sorted(names):
        origin, destination = source / name, target / name
        if not (inside(origin, source) and inside(destination, target)) or not origin.is_file():
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(origin, destination)
        moved.append(name)
    return moved


def inside(path, root):
    return path.resolve().is_relative_to(root.resolve())
