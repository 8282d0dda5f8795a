"""Plain-text helpers for articles: the body's text, summaries and keyword lists."""

import html
import re

from django.utils.html import strip_tags
from django.utils.text import Truncator

from config.validators import strip_control_characters

SUMMARY_LENGTH = 120
KEYWORD_SEPARATORS = re.compile(r"[,，、;；\s]+")


def plain_text(body_html):
    """The text a reader sees in the body: no tags, no entities, whitespace folded."""
    text = html.unescape(strip_tags(re.sub(r"<(br|/p|/h[2-4]|/li|/t[dh])\b[^>]*>", " ", body_html)))
    return " ".join(strip_control_characters(text).split())


def summarize(body_html, length=SUMMARY_LENGTH):
    # An explicit ellipsis: Truncator's default is translated ("..." in zh-hans), which would
    # make the stored summary depend on the language active when the article was saved.
    return Truncator(plain_text(body_html)).chars(length, truncate="…")


def split_keywords(value):
    seen = []
    for word in KEYWORD_SEPARATORS.split(value or ""):
        if word and word not in seen:
            seen.append(word)
    return seen
