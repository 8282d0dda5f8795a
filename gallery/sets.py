"""An article's set of pictures as a whole: its fingerprint (what a reader sees of it, which
revisions and pending changes compare), a writer's proposed set for a live article, that
proposal made live when a reviewer approves it, and a set made public when its article goes
live."""

from django.core.files.storage import default_storage
from django.db import transaction

from uploads import pending

from .models import Picture


def fingerprint(pictures):
    """[[stored name, caption], …] in the order shown."""
    return [picture.fingerprint for picture in pictures]


def live_fingerprint(article):
    return fingerprint(Picture.objects.filter(article=article))


def proposed_fingerprint(article):
    return fingerprint(Picture.objects.filter(proposed_for=article))


def propose(article, entries):
    """Make `entries` the article's proposed set, replacing the one before. Each entry is
    (a picture already stored, or None; an upload, or None; caption; position): a picture
    of the live set or of the earlier proposal is shown again under its stored name, an
    upload is stored as a new picture."""
    before = list(Picture.objects.filter(proposed_for=article))
    Picture.objects.filter(pk__in=[picture.pk for picture in before]).delete()
    for stored, upload, caption, position in entries:
        if upload is not None:
            picture = Picture(proposed_for=article, image=upload)
        else:
            picture = stored.copy_for(proposed_for=article)
        picture.caption, picture.position = caption, position
        picture.save()
    delete_unused_on_commit(before)


def discard(article):
    """Drop the article's proposed set, with the files nothing else shows."""
    before = list(Picture.objects.filter(proposed_for=article))
    if before:
        Picture.objects.filter(pk__in=[picture.pk for picture in before]).delete()
        delete_unused_on_commit(before)


def replace(article, pictures):
    """Make `pictures` (unsaved: an older set, gallery.models.Picture.copy_for) the article's
    set; the pictures they replace keep their files, which the article's revisions show."""
    Picture.objects.filter(article=article).delete()
    Picture.objects.bulk_create(picture.copy_for(article=article) for picture in pictures)


def make_live(article):
    """The proposed set becomes the article's set, its new pictures made public (they waited
    under pending/pictures/); the pictures it replaces keep their files, which the article's
    revisions show."""
    Picture.objects.filter(article=article).delete()
    proposed = Picture.objects.filter(proposed_for=article)
    release(proposed)
    proposed.update(article=article, proposed_for=None)


def release(pictures):
    """Make public the files of these pictures that waited under pending/pictures/
    (uploads.pending): a proposed set approved, an article's set going live with it."""
    for picture in pictures.filter(image__startswith=pending.PENDING):
        names = (picture.image.name, picture.thumbnail.name)
        released = pending.release([name for name in names if name])
        Picture.objects.filter(pk=picture.pk).update(
            image=released[picture.image.name],
            thumbnail=released.get(picture.thumbnail.name, ""),
        )


def delete_unused_on_commit(pictures):
    """Delete the files of these (deleted) pictures that no picture and no revision shows:
    uploads proposed with a change that was never approved."""
    from reversion.models import Version

    names = {name for p in pictures for name in (p.image.name, p.thumbnail.name) if name}
    used = set(Picture.objects.filter(image__in=names).values_list("image", flat=True))
    used |= set(Picture.objects.filter(thumbnail__in=names).values_list("thumbnail", flat=True))
    unused = [
        name
        for name in names - used
        if not Version.objects.get_for_model(Picture)
        .filter(serialized_data__contains=f'"{name}"')
        .exists()
    ]
    transaction.on_commit(lambda: [default_storage.delete(name) for name in unused])
