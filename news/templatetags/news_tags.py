import html
import re
from functools import lru_cache
from pathlib import Path

from django import template
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext, pgettext

from uploads import pending

register = template.Library()


@register.filter
def media_address(stored_file):
    """A stored file's address: the public one, or the staff one of a file that waits for
    approval (uploads.pending), which only a staff preview of an unpublished article shows."""
    return pending.shown_url(stored_file)


@register.filter
def highlight(text, words):
    """Wrap each occurrence of the search words in <mark>, escaping everything else.

    Matching happens on the raw text, so a word never matches inside an HTML entity. Each
    piece is escaped by the standard library's html.escape, which django.utils.html.escape
    calls too: its lazy-text wrapper and format_html's took most of the time of a search
    page's 40 highlights (~240 µs each)."""
    terms = tuple(sorted({word for word in words if word}, key=len, reverse=True))
    if not terms:
        return escape(text)
    # With the words in a group, split() gives the text between matches at even places and
    # the matches at odd ones.
    pieces = _words_pattern(terms).split(str(text))
    return mark_safe(
        "".join(
            f"<mark>{html.escape(piece)}</mark>" if n % 2 else html.escape(piece)
            for n, piece in enumerate(pieces)
        )
    )


@lru_cache(maxsize=256)
def _words_pattern(terms):
    return re.compile("(" + "|".join(map(re.escape, terms)) + ")", re.IGNORECASE)


@register.simple_tag
def time_element(moment, display_format):
    """A <time> showing the moment in display_format, machine-readable in whole seconds.

    HTML allows at most three digits of fractional seconds in `datetime`; Django's "c"
    format writes six whenever the moment has microseconds."""
    local = localtime(moment)
    return format_html(
        '<time datetime="{}">{}</time>',
        local.replace(microsecond=0).isoformat(),
        date_format(local, display_format),
    )


@register.simple_tag(takes_context=True)
def article_item(context, article, show_pins=False, heading_level=2):
    """An article of a list (column, keyword, topic section, search results): its cover's
    thumbnail, title (the search's `words` marked), summary, date and source.

    Written here rather than as an included template: a search page's 20 items through
    {% include %} were about half of its rendering (bench/README.md), and an item is the same
    few pieces every time. The page's `content_lang` marks what editors wrote."""
    lang, words = context.get("content_lang", ""), context.get("words")
    url = html.escape(article.get_absolute_url())
    thumbnail = article.cover_thumbnail
    marks = []
    if show_pins and article.is_pinned:
        mark = gettext("Pinned")
        marks.append(f'<span class="pin">{html.escape(mark)}</span> ')
    if getattr(article, "is_image_set", False):
        mark = pgettext("list mark", "Image set")
        marks.append(f'<span class="image-set-mark">{html.escape(mark)}</span> ')
    bold = ' class="bold-title"' if article.bold_title else ""
    title, summary = (
        (highlight(article.title, words), highlight(article.summary, words))
        if words
        else (html.escape(article.title), html.escape(article.summary))
    )
    local = localtime(article.published_at)
    source = f" · <span{lang}>{html.escape(article.source)}</span>" if article.source else ""
    return mark_safe(
        f'<li class="article-item{" has-thumb" if thumbnail else ""}">\n  '
        + (
            f'<a class="thumb" href="{url}" tabindex="-1" aria-hidden="true"><img src="'
            f'{html.escape(thumbnail.url)}" alt="" width="240" height="150" loading="lazy"></a>'
            if thumbnail
            else ""
        )
        + f'\n  <div class="item-text">\n    <h{heading_level} class="item-title">{"".join(marks)}'
        f'<a href="{url}"{bold}{lang}>{title}</a></h{heading_level}>\n'
        f'    <p class="item-summary"{lang}>{summary}</p>\n'
        f'    <p class="item-meta"><time datetime="{local.replace(microsecond=0).isoformat()}">'
        f"{local.date().isoformat()}</time>{source}</p>\n  </div>\n</li>\n"
    )


@register.simple_tag
def inline_stylesheet(path):
    """The text of the static stylesheet at `path`, for a <style> element in the head.

    A linked stylesheet that arrives after the HTML is parsed lets Chrome lay out the
    unstyled page first (its form scan at DOMContentLoaded forces a layout), then again once
    the styles arrive: on a phone that wasted layout is the page's longest task. Inline, the
    styles are there before the first layout. Read once per process (each request in DEBUG,
    so that edits show)."""
    if settings.DEBUG:
        _stylesheet_text.cache_clear()
    return mark_safe(_stylesheet_text(path))


@lru_cache
def _stylesheet_text(path):
    found = finders.find(path)
    if not found:
        raise ImproperlyConfigured(f"No static file {path} to inline.")
    return Path(found).read_text(encoding="utf-8")
