"""The site settings and friendly links as every page reads them: from the cache.

The cached value sits under a versioned key. Saving or deleting either model bumps the
version at once and again when the transaction commits, so every process sharing the cache
(Redis in production) reads the new rows on its next request; one that cached the old rows
in between wrote them under a version no longer read. With the local-memory cache (one
cache per process) other processes see a change within SITE_SETTINGS_CACHE_SECONDS.
"""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "sitewide:version"


def sitewide():
    """(site settings, shown friendly links): one cache read, or one query each on a miss."""
    from .models import FriendlyLink, SiteSettings

    version = cache.get_or_set(VERSION_KEY, _new_version, timeout=None)
    key = f"sitewide:{version}"
    value = cache.get(key)
    if value is None:
        record = SiteSettings.objects.filter(pk=1).first() or SiteSettings()
        value = (record, list(FriendlyLink.objects.shown()))
        cache.set(key, value, timeout=settings.SITE_SETTINGS_CACHE_SECONDS)
    return value


def changed(**kwargs):
    """post_save/post_delete receiver: readers move to a new version at once, and again after
    the commit, since a reader may have cached the old rows in between."""
    _bump()
    transaction.on_commit(_bump)


def _bump():
    cache.set(VERSION_KEY, _new_version(), timeout=None)


def _new_version():
    # Never a number used before, even if the version key was evicted.
    return uuid.uuid4().hex
