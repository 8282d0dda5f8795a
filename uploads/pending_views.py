"""The admin's view of pending uploads (uploads.pending): staff who may change articles see
them in the editor, the preview and the review; readers never."""

import mimetypes
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import redirect

from . import pending, serving
from .documents import KINDS
from .editor_images import EDITOR_PERMISSION
from .images import EXTENSIONS


@dataclass
class Stored:
    """A stored file as serving.download reads it (a FieldFile's storage and name)."""

    storage: object
    name: str


def pending_media(request, name):
    """The pending file `pending/<name>`: an image shown, a document downloaded; one released
    since (its body went live) is sent to its public address."""
    if not request.user.has_perm(EDITOR_PERMISSION):
        raise PermissionDenied
    if not pending.SERVED_NAME.fullmatch(name):
        raise Http404
    stored = pending.PENDING + name
    if not default_storage.exists(stored):
        if default_storage.exists(name):
            return redirect(default_storage.url(name))
        raise Http404
    extension = PurePath(name).suffix.lstrip(".")
    is_image = extension in EXTENSIONS.values()
    if is_image:
        content_type = mimetypes.guess_type(name)[0] or f"image/{extension}"
    elif extension in KINDS:
        content_type = KINDS[extension].content_type
    else:
        raise Http404
    return serving.download(
        Stored(default_storage, stored),
        content_type,
        PurePath(name).name,
        public=False,
        as_attachment=not is_image,
    )
