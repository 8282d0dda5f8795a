"""Counting hits on article pages (点击).

One atomic UPDATE per hit: concurrent hits add up exactly, and nothing is read back into
Python first. Views call record_view() and nothing else, so the way of counting can change
here alone.
"""

from django.db.models import F

from .models import Article


def record_view(article_id):
    """Count one hit on a public article; return whether it was counted."""
    updated = (
        Article.objects.published().filter(pk=article_id).update(view_count=F("view_count") + 1)
    )
    return updated == 1
