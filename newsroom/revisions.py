"""Article revisions (django-reversion): what a revision restores, and how two differ.

Restoring copies an old revision's content onto the article and saves it as a new revision.
It restores what was written (text, column, cover, source), not the article's place in the
workflow or on the pages: status, dates, pin and the flags (头条, 推荐, 幻灯, 加粗) stay as they
are, so a restore never publishes, unpublishes or moves an article on the home page by itself;
and never the view count, which only the counter changes.
"""

import re
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from categories.models import Category
from news.models import Article
from news.text import plain_text

RESTORED_FIELDS = (
    "title",
    "summary",
    "body",
    "keywords",
    "source",
    "source_url",
    "author",
    "cover",
    "cover_thumbnail",
    "column_id",
)
BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|tr)>", re.I)
COMPARED_FIELDS = (("title", _("title")), ("summary", _("summary")), ("body", _("body")))


def versions_of(article):
    """The article's revisions, newest first, with who made them."""
    return Version.objects.get_for_object(article).select_related("revision__user")


def restore(article, version):
    """Copy `version`'s content onto `article` (not saved). A column deleted since then is
    not restored: the article stays in its current one."""
    data, current_column = version.field_dict, article.column_id
    for name in RESTORED_FIELDS:
        if name in data:
            setattr(article, name, data[name])
    if not Category.objects.filter(pk=article.column_id).exists():
        article.column_id = current_column
    # Unknown (None) in revisions made before covers' sizes were kept.
    article.cover_width, article.cover_height = data.get("cover_width"), data.get("cover_height")
    return article


def recover(version, column):
    """The deleted article of `version` (not saved), as a draft in `column`: it returns to
    the newsroom, not to readers, with the view count it had."""
    data = {
        name: value
        for name, value in version.field_dict.items()
        if name in {field.attname for field in Article._meta.concrete_fields}
    }
    article = Article(**data)
    article.column = column
    article.status = Article.Status.DRAFT
    return article


def text_for_diff(name, data):
    value = data.get(name) or ""
    if name == "body":
        # Paragraph by paragraph, as a reader sees the text.
        blocks = (plain_text(block) for block in BLOCK_END.split(value))
        return "\n".join(block for block in blocks if block)
    return str(value)


def inline_diff(old, new):
    """HTML of `new` against `old`: removed text in <del>, added text in <ins>."""
    parts = []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape(old[a1:a2]))
            continue
        if a2 > a1:
            parts.append(f"<del>{escape(old[a1:a2])}</del>")
        if b2 > b1:
            parts.append(f"<ins>{escape(new[b1:b2])}</ins>")
    return mark_safe("".join(parts).replace("\n", "<br>"))


def compare(old_data, new_data):
    """(label, diff HTML, changed) for title, summary and body between two field dicts."""
    rows = []
    for name, label in COMPARED_FIELDS:
        old, new = text_for_diff(name, old_data), text_for_diff(name, new_data)
        rows.append((label, inline_diff(old, new), old != new))
    return rows
