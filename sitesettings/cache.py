"""The site settings and friendly links as every page reads them: from the cache.

The cached value sits under the site content version (sitecache), which every save or
delete of either model changes in its own transaction: every process, whatever cache it
has, reads the new rows on its next request.
"""

import time

from sitecache import kept, versions

# The key changes with every edit; this only bounds how long an unused one takes memory.
KEPT_SECONDS = 24 * 3600

# This process's own copy of the value of the latest version it read: (version, value, read
# at, by time.monotonic()). Every reader page asks for it (the display mode is in a kept
# page's key), so it costs no cache read, no unpickling; kept no longer than the cache's
# local copies (sitecache.kept.COPY_SECONDS), and readers only look at it.
latest = (None, None, 0.0)


def sitewide(version=None):
    """(site settings, shown friendly links) at `version` (read when not given): one cache
    read, or one query each on a miss."""
    from .models import FriendlyLink, SiteSettings

    global latest
    if version is None:
        version = versions.current()[versions.SITE]
    now = time.monotonic()
    copied, value, read_at = latest
    if copied == version and now - read_at < kept.COPY_SECONDS:
        return value
    key = f"sitewide:{version}"
    value = kept.read(key)
    if value is None:
        record = SiteSettings.objects.filter(pk=1).first() or SiteSettings()
        value = (record, list(FriendlyLink.objects.shown()))
        kept.keep(key, value, KEPT_SECONDS)
    latest = (version, value, now)
    return value


def changed(**kwargs):
    """post_save/post_delete receiver: readers move to a new version with this write."""
    versions.bump(versions.SITE)


def for_request(request):
    """(site settings, shown friendly links) at the request's site version, read at most once
    per request."""
    if not hasattr(request, "sitewide"):
        request.sitewide = sitewide(request.content_versions[versions.SITE])
    return request.sitewide
