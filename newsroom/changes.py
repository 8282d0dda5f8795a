"""Changes to live articles that wait for review (PendingChange): proposed from a writer's
form, shown in the writer's form again, applied when the last stage approves.

A change keeps the live values its writer started from, so that approving it applies only
the fields the writer changed: what a chief editor changed on the live article meanwhile
stays, unless the writer changed the same field."""

import re
from pathlib import PurePath

from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from gallery import sets
from news.sanitize import clean_html

from .models import PendingChange
from .revisions import save_revision
from .workflow import CONTENT_FIELDS

TAG_SPACING = re.compile(r"\s*(<[^>]+>)\s*")
# The article's image set, as a change holds it: its fingerprint (gallery.sets), the proposed
# pictures themselves rows of their own until approved.
PICTURES = "pictures"


def same_content(name, one, other):
    """Whether two values of a field say the same: a body the editor only re-serialized
    (CKEditor's spacing between tags, the sanitizer's attribute order) is not a change."""
    if name == "body":
        return markup_shape(one) == markup_shape(other)
    if name == PICTURES:
        return one == other
    return str(one or "").strip() == str(other or "").strip()


def markup_shape(body):
    """The body without the spacing next to its tags (CKEditor writes `<br />` and a line
    break where the stored body has `<br>`), which no reader sees."""
    return " ".join(TAG_SPACING.sub(r"\1", clean_html(body or "", staff_media=True)).split())


def values_of(article):
    """The article's content fields as a change stores them (the cover by its file name,
    the image set by its fingerprint)."""
    values = {name: getattr(article, name) for name in CONTENT_FIELDS}
    values["cover"] = article.cover.name or ""
    values[PICTURES] = sets.live_fingerprint(article)
    return values


def pending_of(article):
    return PendingChange.objects.filter(article=article).first()


def locked_pending_of(article):
    """The article's pending change, locked until the transaction ends (or None)."""
    return (
        PendingChange.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .filter(article=article)
        .first()
    )


def value_in(record, name):
    """A field's value in an article, or the value a pending change proposes (the live one
    for fields it does not change)."""
    if isinstance(record, PendingChange):
        return record.changed_fields.get(name, getattr(record.article, name))
    return getattr(record, name)


def show_in(article):
    """Put the article's pending change (if any) onto the article in hand, for its writer's
    form; never saved so."""
    change = pending_of(article)
    if change is not None:
        # Only what the writer changed: the other fields show the live article as it is now,
        # a chief editor's correction made meanwhile included.
        for name, value in change.changed_fields.items():
            if name != PICTURES:  # shown by the form's image set (newsroom.picture_inline)
                setattr(article, name, value)
    return change


@transaction.atomic
def propose(article, cleaned_data, user, pictures=None):
    """Store the form's content fields as the article's pending change (made, or replaced),
    or drop it when they are the live article's again (None); the live article is not
    touched. `pictures`: the image set the form proposes (gallery.sets.propose's entries),
    or None to keep the one proposed before."""
    change = locked_pending_of(article)
    live = values_of(type(article).objects.get(pk=article.pk))
    if change is None:
        change = PendingChange(article=article, base=dict(live), created_by=user)
    else:
        change.version += 1
    proposed = {name: cleaned_data.get(name, "") for name in CONTENT_FIELDS if name != "cover"}
    # Its new images wait at their staff addresses until it is approved (uploads.pending).
    proposed["body"] = clean_html(proposed["body"], staff_media=True)
    if pictures is not None:
        sets.propose(article, pictures)
        proposed[PICTURES] = sets.proposed_fingerprint(article)
    else:  # as proposed before (an empty set too), or the live one
        proposed[PICTURES] = (change.proposed or {}).get(PICTURES, live[PICTURES])
    for name, value in proposed.items():
        # A change proposed before a field existed started from the live value of it.
        change.base.setdefault(name, live[name])
        # What the live article says now, or what the writer started from: no change, so
        # approving it leaves the live article's value (a chief's correction meanwhile).
        if same_content(name, value, live[name]):
            proposed[name] = change.base[name] = live[name]
        elif same_content(name, value, change.base[name]):
            proposed[name] = change.base[name]
    cover, earlier_upload = cleaned_data.get("cover"), change.cover.name
    uploaded = isinstance(cover, UploadedFile)
    if uploaded:
        change.cover = cover
    # The form's cover: False for its "clear" box, the file in hand otherwise.
    proposed["cover"] = "" if uploaded else getattr(cover, "name", "") or ""
    change.proposed, change.updated_by = proposed, user
    if PICTURES not in change.changed_fields:
        sets.discard(article)  # the set it proposes is the live one
    if not uploaded and not change.changed_fields:
        # The form says what the live article says: no change is left to review.
        if change.pk:
            change.delete()
            if earlier_upload:
                delete_on_commit(change.cover.storage, earlier_upload)
        return None
    change.save()
    if uploaded:
        change.proposed["cover"] = change.cover.name
        PendingChange.objects.filter(pk=change.pk).update(proposed=change.proposed)
        if earlier_upload:
            delete_on_commit(change.cover.storage, earlier_upload)
    return change


def delete_on_commit(storage, name):
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def apply(article, user, comment):
    """Apply the article's pending change (what its writer changed) and save the article as
    a new revision; the change is then gone."""
    change = locked_pending_of(article)
    if change is None:
        return
    changed = change.changed_fields
    for name, value in changed.items():
        if name not in ("cover", PICTURES):
            setattr(article, name, value)
    if PICTURES in changed:
        sets.make_live(article)
    else:
        sets.discard(article)
    if "cover" in changed:
        if changed["cover"] and changed["cover"] == change.cover.name:
            # Stored again under the article's own name, with its thumbnail and size.
            article.cover = File(change.cover.open("rb"), name=PurePath(change.cover.name).name)
        else:
            article.cover = changed["cover"]
    save_revision(article, user, comment)
    change.delete()
    if change.cover.name:
        delete_on_commit(change.cover.storage, change.cover.name)
