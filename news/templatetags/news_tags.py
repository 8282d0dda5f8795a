import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def highlight(text, words):
    """Escape text and wrap each occurrence of the search words in <mark>."""
    escaped = escape(text)
    terms = sorted({escape(word) for word in words if word}, key=len, reverse=True)
    if not terms:
        return mark_safe(escaped)
    pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)
    return mark_safe(pattern.sub(lambda match: f"<mark>{match.group(0)}</mark>", escaped))
