"""A withdrawn (撤稿) article's files out of the folder the web server serves, and back: its
cover and thumbnail, its attachments, and the body images no other article shows. They are
moved, under the same names, to WITHDRAWN_MEDIA_ROOT, so that the article's records need
no change and bringing it back is the same move the other way."""

import re
import shutil
from pathlib import Path

from ckeditor_uploader.utils import get_thumb_filename
from django.conf import settings
from django.db.models import Q

from .attachments import Attachment


def served_root():
    return Path(settings.MEDIA_ROOT)


def withdrawn_root():
    root = settings.WITHDRAWN_MEDIA_ROOT or f"{Path(settings.MEDIA_ROOT)}-withdrawn"
    return Path(root)


def body_files(body):
    """The names (under MEDIA_ROOT) of the files the body shows, as the sanitizer keeps
    their addresses: /media/<name>."""
    prefix = re.escape(settings.MEDIA_URL)
    return set(re.findall(rf"""src=["']?{prefix}([^"'\s>?#]+)""", body))


def own_files(article):
    """The files only this article uses, including the image browser's thumbnails of its
    body images."""
    from .models import Article

    names = {article.cover.name, article.cover_thumbnail.name}
    names |= set(Attachment.objects.filter(article=article).values_list("file", flat=True))
    others = Article.objects.exclude(pk=article.pk)
    for name in body_files(article.body):
        if not others.filter(Q(body__contains=settings.MEDIA_URL + name) | Q(cover=name)).exists():
            names |= {name, get_thumb_filename(name)}
    return {name for name in names if name}


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


def take_down(article):
    """Move the article's own files out of what is served; the names moved."""
    return move(own_files(article), served_root(), withdrawn_root())


def bring_back(article):
    """Move them back where they are served; the names moved."""
    return move(own_files(article), withdrawn_root(), served_root())
