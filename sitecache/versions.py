"""Versions of the site's content: read once per request, changed by every write."""

import secrets

from .models import ContentVersion

COLUMNS = "columns"
ARTICLES = "articles"
SITE = "site"  # the site settings and friendly links


def current():
    """Every content version, in one query; a kind never written yet is at 0."""
    return {
        COLUMNS: 0,
        ARTICLES: 0,
        SITE: 0,
        **dict(ContentVersion.objects.values_list("name", "version")),
    }


def bump(name):
    """Give the content a new version; call it inside the writing transaction, so that
    readers see the new content and the new version together. A random number rather than
    the next one, so that a rolled-back write can never make an old version current again."""
    version = secrets.randbits(62) + 1
    if not ContentVersion.objects.filter(name=name).update(version=version):
        ContentVersion.objects.update_or_create(name=name, defaults={"version": version})
