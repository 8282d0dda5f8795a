"""Checking an article's words against the list before it goes to review or to readers:
its title, short and original titles, summary, body text (not its markup), keywords,
source and attachments' names. A hit says which word, where, and the text around it."""

from dataclasses import dataclass
from functools import cached_property

from django.apps import apps
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from auditlog.models import Action
from auditlog.records import record
from news.sanitize import clean_html
from news.text import plain_text

from . import lists
from .models import SensitiveWord

CHECKED_FIELDS = (
    "title",
    "short_title",
    "original_title",
    "summary",
    "body",
    "keywords",
    "source",
)
ATTACHMENTS = "attachments"
# The captions of an article's image set (图集).
PICTURES = "pictures"
# Characters shown on each side of a hit.
CONTEXT = 12


def field_label(name):
    if name == ATTACHMENTS:
        return str(_("attachments"))
    if name == PICTURES:
        return str(_("image set"))
    return str(apps.get_model("news", "Article")._meta.get_field(name).verbose_name)


@dataclass(frozen=True)
class Hit:
    field: str
    word: str
    level: str
    before: str
    found: str
    after: str

    @property
    def blocks(self):
        return self.level == SensitiveWord.Level.BLOCK

    @property
    def label(self):
        return field_label(self.field)

    @property
    def excerpt(self):
        """The text around the hit, the hit marked."""
        return format_html("{}<mark>{}</mark>{}", self.before, self.found, self.after)

    @property
    def level_label(self):
        return gettext("blocked") if self.blocks else gettext("to confirm")

    @property
    def message(self):
        """What an editor reads: the field, the word, and where it stands in the text."""
        # The hit marked in the reader's own brackets: [word] in English, 【词】 in Chinese.
        found = pgettext("a sensitive word marked where it stands", "[%(word)s]") % {
            "word": self.found
        }
        values = {
            "field": capfirst(self.label),
            "word": self.word,
            "text": f"{self.before}{found}{self.after}",
        }
        if self.blocks:
            return gettext("%(field)s: “%(word)s” is a blocked sensitive word: …%(text)s…") % values
        return gettext("%(field)s: “%(word)s” is a sensitive word to confirm: …%(text)s…") % values


class Findings(list):
    """The hits of a check, in the order of the fields checked."""

    @cached_property
    def blocked(self):
        return [hit for hit in self if hit.blocks]

    @cached_property
    def warned(self):
        return [hit for hit in self if not hit.blocks]

    def words(self, hits=None):
        """Each word found once, in order."""
        return list(dict.fromkeys(hit.word for hit in (self if hits is None else hits)))


def check_texts(texts, matcher=None):
    """The hits in `texts` ({field: plain text, or a list of texts}), with the list as it is
    now unless a `matcher` is given (an import checks many with one)."""
    matcher = matcher or lists.matcher()
    findings = Findings()
    for field, text in texts.items():
        for piece in text if isinstance(text, list) else [text]:
            for match in matcher.find(piece or ""):
                findings.append(
                    Hit(
                        field=field,
                        word=match.entry,
                        level=match.level,
                        before=piece[max(0, match.start - CONTEXT) : match.start],
                        found=piece[match.start : match.end],
                        after=piece[match.end : match.end + CONTEXT],
                    )
                )
    return findings


def check_values(values, attachment_names=(), captions=()):
    """The hits in an article's values ({field: value}, the body as HTML), its attachments'
    names and its pictures' captions."""
    texts = {name: str(values.get(name) or "") for name in CHECKED_FIELDS}
    texts["body"] = plain_text(clean_html(texts["body"]))
    texts[ATTACHMENTS] = [name for name in attachment_names if name]
    texts[PICTURES] = [caption for caption in captions if caption]
    return check_texts(texts)


def captions_of(article, values=None):
    """The captions of the article's pictures, or of the set `values` holds (a pending
    change's, as gallery.sets.fingerprint gives it)."""
    if values and PICTURES in values:
        return [caption for _name, caption in values[PICTURES]]
    if article.pk is None:
        return []
    return [picture.caption for picture in article.pictures.all()]


def attachment_names(article):
    """An article's attachments by title and file name."""
    if article.pk is None:
        return []
    return [
        name
        for attachment in article.attachments.all()
        for name in (attachment.title, attachment.file.name.rpartition("/")[2])
    ]


def stored_texts(article):
    """The checked texts of an article being imported: its fields, the body's text."""
    texts = {name: getattr(article, name) for name in CHECKED_FIELDS}
    texts["body"] = article.body_text
    return texts


def check_article(article, values=None):
    """The hits in an article as stored, or with `values` in place of its fields (a form's,
    a pending change's)."""
    current = {name: getattr(article, name) for name in CHECKED_FIELDS}
    return check_values(
        {**current, **(values or {})}, attachment_names(article), captions_of(article, values)
    )


def record_override(article, hits, reason):
    """The audit log's entry of a chief editor publishing despite warned words."""
    record(
        Action.SENSITIVE_WORDS_CONFIRMED,
        article,
        detail={"words": Findings(hits).words(), "comment": reason},
    )


def flagged(articles, blocked_only=False):
    """(article, its words found) for each of `articles` (a queryset) holding any listed
    word (`blocked_only`: any blocked word), read a batch at a time."""
    matcher = lists.matcher()
    if matcher.empty:
        return []
    found = []
    article_model = apps.get_model("news", "Article")
    batch = (
        article_model.objects.filter(pk__in=articles.values("pk"))
        .only("pk", *CHECKED_FIELDS)
        .prefetch_related("attachments", "pictures")
    )
    for article in batch.iterator(chunk_size=500):
        texts = {name: getattr(article, name) for name in CHECKED_FIELDS}
        texts["body"] = plain_text(texts["body"])
        texts[ATTACHMENTS] = attachment_names(article)
        texts[PICTURES] = captions_of(article)
        findings = check_texts(texts, matcher)
        hits = findings.blocked if blocked_only else findings
        if hits:
            found.append((article, findings.words(hits)))
    return found
