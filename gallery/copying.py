"""A copy of an article (the admin's "save as new") takes its pictures as files of its own,
so that withdrawing one article never takes the other's pictures down."""

from pathlib import PurePath

from django.core.files import File

from .models import Picture


def copy_pictures(original, copy):
    for picture in Picture.objects.filter(article=original):
        with picture.image.open("rb") as content:
            Picture.objects.create(
                article=copy,
                image=File(content, name=PurePath(picture.image.name).name),
                caption=picture.caption,
                position=picture.position,
            )
