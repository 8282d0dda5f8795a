"""A withdrawn (撤稿) article's files out of what readers may fetch, and back: its cover and
thumbnail, its attachments, and the body images no other article shows (uploads.withdrawal
moves them, in the local folder or in the bucket)."""

import re

from ckeditor_uploader.utils import get_thumb_filename
from django.db.models import Q

from uploads import withdrawal
from uploads.storage import media_url_prefix

from .attachments import Attachment


def body_files(body):
    """The names of the stored files the body shows, as the sanitizer keeps their
    addresses: the media prefix, then the name."""
    prefix = re.escape(media_url_prefix())
    return set(re.findall(rf"""src=["']?{prefix}([^"'\s>?#]+)""", body))


def own_files(article):
    """The files only this article uses, including the image browser's thumbnails of its
    body images."""
    from .models import Article

    names = {article.cover.name, article.cover_thumbnail.name}
    names |= set(Attachment.objects.filter(article=article).values_list("file", flat=True))
    others = Article.objects.exclude(pk=article.pk)
    prefix = media_url_prefix()
    for name in body_files(article.body):
        if not others.filter(Q(body__contains=prefix + name) | Q(cover=name)).exists():
            names |= {name, get_thumb_filename(name)}
    return {name for name in names if name}


def take_down(article):
    """Move the article's own files out of what is served; the names moved."""
    return withdrawal.withdraw(own_files(article))


def bring_back(article):
    """Move them back where they are served; the names moved."""
    return withdrawal.restore(own_files(article))
