"""Article revisions (django-reversion): saving one, what a revision restores, and how two
states of an article differ.

Restoring copies an old revision's content onto the article and saves it as a new revision.
It restores what was written (text, column, cover, source, the image set: which pictures, in
which order, with which captions), not the article's place in the
workflow or on the pages: status and dates stay as they are, so a restore never publishes or
unpublishes by itself; the pin and the flags (头条, 推荐, 幻灯, 加粗) come back only when a
chief editor ticks them; and never the view count, which only the counter changes.
"""

import json
import re
from difflib import SequenceMatcher

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Case, CharField, Exists, F, OuterRef, Value, When
from django.db.models.functions import Cast, Greatest
from django.utils import timezone
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from reversion.models import Revision, Version
from reversion.revisions import _get_options as registration_of

from categories.models import Category
from gallery import sets
from gallery.models import Picture
from news import bulk_inserts
from news.attachments import Attachment
from news.models import Article
from news.text import plain_text
from uploads import pending

from .display import describe
from .revision_comments import said, stored

# What a restore copies back, always; the text and the source, the cover, the column.
CONTENT = (
    "title",
    "short_title",
    "summary",
    "body",
    "keywords",
    "source",
    "source_url",
    "author",
    "original_title",
    "cover",
)
# What it copies back only when a chief editor asks: where the article shows on the pages.
PLACEMENT = ("pinned_until", "is_headline", "is_recommended", "is_slideshow", "bold_title")
# Compared as text, word by word; the other fields are shown old and new.
TEXT_FIELDS = (
    "title",
    "summary",
    "body",
    "short_title",
    "original_title",
    "source",
    "source_url",
    "author",
    "keywords",
    "editor_in_charge",
)
COMPARED = (
    *TEXT_FIELDS[:5],
    "column",
    "status",
    "published_at",
    "expires_at",
    *PLACEMENT,
    "cover",
    *TEXT_FIELDS[5:],
)
BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|tr)>", re.I)
# In a sanitized body (news.sanitize): attributes double-quoted, addresses escaped.
IMAGE = re.compile(r'<img\b[^>]*?\bsrc="([^"]*)"[^>]*>', re.I)
LINK = re.compile(r'<a\b[^>]*?\bhref="([^"]*)"[^>]*>(.*?)</a>', re.I | re.S)
# What a comparison tells apart: an address in 〔〕 whole, any other character alone.
TOKEN = re.compile(r"〔[^〕]*〕|.", re.S)


@transaction.atomic
def save_revision(article, user, comment):
    """Save the article as a revision of its own, signed with the user and the comment (a
    revision_comments.Said, kept in no language)."""
    keep_first_versions(Article.objects.filter(pk=article.pk))
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(stored(comment))
        article.updated_by = user
        article.save()


@transaction.atomic
def save_revision_of_all(articles, user, comment):
    """One revision holding each of `articles` (a queryset) as it is stored, with its
    attachments and pictures, as reversion.add_to_revision of each would make it, in a few
    statements (COPY on PostgreSQL; on SQLite one per 125 versions). add_to_revision copies the
    revision's versions so far for each object it adds (its time grows with the square of
    their number) and reads each article's attachments on its own."""
    revision = Revision.objects.create(
        date_created=timezone.now(), user=user, comment=stored(comment)
    )
    articles = list(articles.prefetch_related("attachments", "pictures"))
    attachments = [attachment for article in articles for attachment in article.attachments.all()]
    pictures = [picture for article in articles for picture in article.pictures.all()]
    # COPY on PostgreSQL: bulk_create's statement of 10,000 bodies is quoted in Python.
    bulk_inserts.insert(
        [
            *versions_in(revision, articles),
            *versions_in(revision, attachments),
            *versions_in(revision, pictures),
        ]
    )
    return revision


def keep_first_versions(articles):
    """Before the first change or deletion here of articles that have no revision (loaded
    by an import or load_demo, which write none: 100,000 versions would double an import's
    time), keep them as they are stored, in one revision, so that what readers saw can
    still be compared, restored or recovered."""
    versions = Version.objects.get_for_model(Article).filter(
        object_id=Cast(OuterRef("pk"), CharField())
    )
    first = articles.filter(~Exists(versions))
    if first.exists():
        save_revision_of_all(
            first, None, said(gettext_noop("As it was before its first change here."))
        )


def was_published():
    """Whether a revision of the article (of the query this is in) holds it published: it
    went public before. Versions are JSON as Django's serializer writes them, with
    `"status": "published"` among the fields."""
    return Exists(
        Version.objects.get_for_model(Article).filter(
            object_id=Cast(OuterRef("pk"), CharField()),
            serialized_data__contains='"status": "published"',
        )
    )


def publication_time(now):
    """When publishing makes an article public: now, unless a later time was set on purpose
    (scheduled), or it was published before and comes back with its own date (an article
    unpublished to be mended does not become the newest)."""
    return Case(
        When(was_published(), then=F("published_at")),
        default=Greatest(F("published_at"), Value(now)),
    )


def versions_in(revision, objects):
    """The versions (not saved) in `revision` of `objects`, all of one model, as reversion
    serializes each: the fields of the model's registration (article_admin) as a JSON list
    of one object. Serialized together, and encoded by json.dumps rather than the JSON
    serializer's stream, which takes several times as long (10,000 articles: N s)."""
    if not objects:
        return []
    model = type(objects[0])
    content_type = ContentType.objects.get_for_model(model)
    fields = registration_of(model).fields
    data = serializers.serialize("python", objects, fields=fields)
    return [
        Version(
            revision=revision,
            content_type=content_type,
            object_id=str(obj.pk),
            db=obj._state.db,
            format="json",
            serialized_data=f"[{json.dumps(item, cls=DjangoJSONEncoder, ensure_ascii=False)}]",
            object_repr=str(obj),
        )
        for obj, item in zip(objects, data, strict=True)
    ]


def versions_of(article):
    """The article's revisions, newest first, with who made them."""
    return Version.objects.get_for_object(article).select_related("revision__user")


def state_of(article):
    """An article's fields as a revision holds them (by attribute name: `column_id`), with
    its attachments' titles."""
    state = {field.attname: getattr(article, field.attname) for field in Article._meta.fields}
    state["cover"] = article.cover.name or ""
    state["attachments"] = [a.title for a in article.attachments.all()]
    state["pictures"] = sets.live_fingerprint(article)
    return state


def state_in(version):
    """What a revision holds of its article, with the titles of the attachments saved in
    the same revision (none for revisions made before attachments were kept)."""
    state = dict(version.field_dict)
    state["cover"] = getattr(state.get("cover"), "name", state.get("cover")) or ""
    attachments = version.revision.version_set.filter(
        content_type=ContentType.objects.get_for_model(Attachment)
    )
    state["attachments"] = sorted(
        (v.field_dict.get("order", 0), v.object_repr)
        for v in attachments
        if v.field_dict.get("article_id") == version.field_dict.get("id")
    )
    state["attachments"] = [title for _order, title in state["attachments"]]
    state["pictures"] = pictures_in(version)
    return state


def pictures_in(version):
    """The image set saved in the same revision as the article's version, as
    gallery.sets.fingerprint gives it."""
    return sets.fingerprint(pictures_of(version))


def pictures_of(version):
    """The pictures saved in the same revision as the article's version, in order: unsaved,
    of no article, showing the files they showed then (a picture's files stay while a
    revision shows them: gallery.sets)."""
    kept = version.revision.version_set.filter(
        content_type=ContentType.objects.get_for_model(Picture)
    )
    article_id = version.field_dict.get("id")
    rows = [v.field_dict for v in kept if v.field_dict.get("article_id") == article_id]
    rows.sort(key=lambda fields: (fields.get("position", 0), fields.get("id", 0)))
    return [
        Picture(
            image=_file_name(fields.get("image")),
            thumbnail=_file_name(fields.get("thumbnail")),
            width=fields.get("width"),
            height=fields.get("height"),
            caption=fields.get("caption", ""),
            position=fields.get("position", 0),
        )
        for fields in rows
    ]


def _file_name(value):
    return getattr(value, "name", value) or ""


def restored_fields(placement):
    """The fields a restore copies: the content, and the placement when asked for."""
    return (*CONTENT, "column_id", *(PLACEMENT if placement else ()))


def restore(article, state, fields):
    """Copy `fields` of a revision's `state` onto `article` (not saved). A column deleted
    since then is not restored: the article stays in its current one."""
    current_column = article.column_id
    for name in fields:
        if name in state:
            setattr(article, name, state[name])
    if not Category.objects.filter(pk=article.column_id).exists():
        article.column_id = current_column
    if "cover" in fields:
        # A cover comes back with the thumbnail and size it had then (unknown, None, in
        # revisions made before covers' sizes were kept).
        article.cover_thumbnail = state.get("cover_thumbnail", "")
        article.cover_width, article.cover_height = (
            state.get("cover_width"),
            state.get("cover_height"),
        )
    return article


def lost_media(state):
    """The pending files a revision's body and cover show that are kept no more. A staff
    address whose file was approved since keeps working (the staff view sends it on to the
    public file, and the body's going live rewrites it); a removed one would break, or
    publish a broken picture."""
    names = pending.names_in(state.get("body"))
    if pending.is_pending(state.get("cover") or ""):
        names.add(state["cover"])
    return pending.lost(names)


def state_after_restore(article, state, fields):
    """What the article would say after a restore of `fields` of a revision's `state` (its
    image set is restored with them), to compare with what it says now."""
    restored = restore(Article.objects.get(pk=article.pk), state, fields)
    return {**state_of(restored), "pictures": state["pictures"]}


def restore_pictures(article, version):
    """Make the image set of `version`'s revision the article's set again (when it differs),
    before the article is saved as a new revision, which then holds it."""
    pictures = pictures_of(version)
    if sets.fingerprint(pictures) != sets.live_fingerprint(article):
        sets.replace(article, pictures)


def picture_entries(version):
    """The image set of `version`'s revision as a proposed set (gallery.sets.propose)."""
    return [(picture, None, picture.caption, picture.position) for picture in pictures_of(version)]


def recover(version, column):
    """The deleted article of `version` (not saved), as a draft in `column`: it returns to
    the newsroom, not to readers, with the view count it had."""
    names = {field.attname for field in Article._meta.concrete_fields}
    article = Article(**{name: v for name, v in version.field_dict.items() if name in names})
    article.column = column
    article.status = Article.Status.DRAFT
    return article


def left_behind(version):
    """How many attachments and image-set pictures the deleted article of `version` had when
    it was saved (its revision keeps them, beside any other article's of the same save):
    recovery brings back neither, as `recover` says."""
    article_id = int(version.object_id)
    return {
        name: sum(
            1
            for kept in Version.objects.get_for_model(model).filter(revision=version.revision)
            if kept.field_dict.get("article_id") == article_id
        )
        for name, model in (("attachments", Attachment), ("pictures", Picture))
    }


def text_for_diff(name, value):
    value = value or ""
    if name == "body":
        # Paragraph by paragraph, as a reader sees the text, with where its images and links
        # lead, which a reader sees too.
        blocks = (plain_text(with_addresses(block)) for block in BLOCK_END.split(value))
        return "\n".join(block for block in blocks if block)
    return str(value)


def with_addresses(markup):
    """The markup with each image and link followed by its address, as text."""
    image, link = _("image"), _("link")
    markup = IMAGE.sub(lambda m: f" 〔{image}：{m.group(1)}〕 ", markup)
    return LINK.sub(lambda m: f"{m.group(2)}〔{link}：{m.group(1)}〕", markup)


def inline_diff(old, new):
    """HTML of `new` against `old`: removed text in <del>, added text in <ins>; character by
    character, but an image's or a link's address (with_addresses) whole."""
    old, new = TOKEN.findall(old), TOKEN.findall(new)
    parts = []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape("".join(old[a1:a2])))
            continue
        if a2 > a1:
            parts.append(f"<del>{escape(''.join(old[a1:a2]))}</del>")
        if b2 > b1:
            parts.append(f"<ins>{escape(''.join(new[b1:b2]))}</ins>")
    return mark_safe("".join(parts).replace("\n", "<br>"))


def shown(name, value):
    """A field's value as the comparison shows it."""
    if name == "column_id":
        column = Category.objects.filter(pk=value).first()
        return str(column) if column else _("(a deleted column)")
    if name == "status":
        return Article.Status(value).label if value in Article.Status.values else value
    if name == "attachments":
        return "、".join(value) or _("(none)")
    if name == "pictures":
        return pictures_shown(value)
    if name == "cover":
        if not value:
            return _("(none)")
        return format_html(
            '<img class="compare-cover" src="{}" alt="">{}', pending.shown_url(value), value
        )
    return describe(value)


def pictures_shown(pictures):
    """An image set as a comparison shows it: each picture's thumbnail-sized image and
    caption, in order."""
    if not pictures:
        return _("(none)")
    return format_html_join(
        "",
        '<span class="compare-picture"><img class="compare-cover" src="{}" alt="">{}</span>',
        ((pending.shown_url(name), caption) for name, caption in pictures),
    )


def label_of(name):
    if name == "attachments":
        return _("attachments")
    if name == "pictures":
        return _("image set")
    return Article._meta.get_field(name).verbose_name


def to_the_second(value):
    """A time as precise as people read it: an approval stores milliseconds that the form's
    next save drops, which is no change to anyone."""
    return value.replace(microsecond=0) if hasattr(value, "tzinfo") else value


def compare(old, new):
    """(label, HTML, changed) for every compared field between two states (state_of,
    state_in): text word by word, other fields old and new."""
    rows = []
    for name in (*COMPARED, "attachments", "pictures"):
        key = "column_id" if name == "column" else name
        if key not in old and key not in new:
            continue
        before, after = to_the_second(old.get(key)), to_the_second(new.get(key))
        if name == "body":
            # A picture approved between the two is the same picture at its public address.
            before, after = pending.as_public(before), pending.as_public(after)
        if name in TEXT_FIELDS:
            diff = inline_diff(text_for_diff(name, before), text_for_diff(name, after))
        elif before == after:
            diff = shown(key, after)
        else:
            before_text, after_text = shown(key, before), shown(key, after)
            if before_text == after_text and hasattr(after, "tzinfo"):
                # Times within one minute (a form's save drops the seconds): the seconds
                # tell them apart.
                before_text, after_text = (
                    describe(before, seconds=True),
                    describe(after, seconds=True),
                )
            diff = format_html("<del>{}</del> <ins>{}</ins>", before_text, after_text)
        rows.append((label_of(name), diff, before != after))
    return rows


def changed_rows(rows):
    return [row for row in rows if row[2]]
