"""Plain-text helpers for articles: the body's text, summaries and keyword lists."""

import html
import re

import nh3
from django.utils.text import Truncator

from config.validators import strip_control_characters

SUMMARY_LENGTH = 120
KEYWORD_SEPARATORS = re.compile(r"[,，、;；\s]+")


def plain_text(body_html):
    """The text a reader sees in the body: no tags, no entities, whitespace folded."""
    spaced = re.sub(r"<(br|/p|/h[2-4]|/li|/t[dh])\b[^>]*>", " ", body_html)
    # nh3 with no tags allowed keeps only the text (and is many times faster than
    # strip_tags, which counts when an import derives the text of 100,000 bodies).
    text = html.unescape(nh3.clean(spaced, tags=set()))
    return " ".join(strip_control_characters(text).split())


def summarize(body_html, length=SUMMARY_LENGTH):
    return shorten(plain_text(body_html), length)


def shorten(text, length=SUMMARY_LENGTH):
    # An explicit ellipsis: Truncator's default is translated ("..." in zh-hans), which would
    # make the stored summary depend on the language active when the article was saved.
    return Truncator(text).chars(length, truncate="…")


def summary_adds(summary, body_text):
    """Whether a summary says more than the start of the body (a derived one never does):
    a page that shows both shows it only then."""
    said = " ".join(summary.removesuffix("…").split())
    return bool(said) and not body_text.startswith(said)


def split_keywords(value):
    seen = []
    for word in KEYWORD_SEPARATORS.split(value or ""):
        if word and word not in seen:
            seen.append(word)
    return seen
