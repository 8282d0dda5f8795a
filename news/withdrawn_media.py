"""A withdrawn (撤稿) article's files out of what readers may fetch, and back: its cover and
thumbnail, its attachments, and the body images and pictures (图集) no other article shows
(uploads.withdrawal moves them, in the local folder or in the bucket)."""

import re

from ckeditor_uploader.utils import get_thumb_filename
from django.conf import settings
from django.db.models import Q

from gallery.models import Picture
from uploads import withdrawal
from uploads.storage import media_url_prefix

from .attachments import Attachment


def prefixes():
    """The addresses bodies name stored files by: the storage's, and MEDIA_URL, which bodies
    written before the media moved into a bucket keep (copy_media_to_bucket keeps names)."""
    return {media_url_prefix(), settings.MEDIA_URL}


def body_files(body):
    """The names of the stored files the body shows, as the sanitizer keeps their
    addresses: a media prefix, then the name."""
    either = "|".join(re.escape(prefix) for prefix in prefixes())
    return set(re.findall(rf"""src=["']?(?:{either})([^"'\s>?#]+)""", body))


def own_files(article):
    """The files only this article uses, including the image browser's thumbnails of its
    body images."""
    from .models import Article

    names = {article.cover.name, article.cover_thumbnail.name}
    names |= set(Attachment.objects.filter(article=article).values_list("file", flat=True))
    others = Article.objects.exclude(pk=article.pk)
    names |= own_pictures(article, others)
    for name in body_files(article.body):
        shown = Q(cover=name)
        for prefix in prefixes():
            shown |= Q(body__contains=prefix + name)
        if not others.filter(shown).exists():
            names |= {name, get_thumb_filename(name)}
    return {name for name in names if name}


def take_down(article):
    """Move the article's own files out of what is served; the names moved."""
    return withdrawal.withdraw(own_files(article))


def bring_back(article):
    """Move them back where they are served; the names moved."""
    return withdrawal.restore(own_files(article))


def own_pictures(article, others):
    """The files of the article's pictures (those readers see and those a change proposes)
    that no other article shows: an import stores a file once, however many image sets
    and covers show it."""
    pictures = Picture.objects.filter(Q(article=article) | Q(proposed_for=article))
    names = set()
    for image, thumbnail in pictures.values_list("image", "thumbnail"):
        shown = Q(cover=image) | Q(pictures__image=image) | Q(proposed_pictures__image=image)
        if not others.filter(shown).exists():
            names |= {image, thumbnail}
    return names
