"""Values kept in the cache under keys that carry content versions.

No write changes what such a key names: a write moves readers to a new version, so to a new
key. When the cache is shared by processes (Redis), each process therefore also keeps its
own copy of what it read or wrote there, in the `local` cache (settings.CACHES), for
COPY_SECONDS: a page read often costs no round trip to Redis. What varies under one key
without a write (the view counts behind a "most viewed" list) is then at most COPY_SECONDS
staler than the shared value.
"""

from django.conf import settings
from django.core.cache import cache, caches

LOCAL = "local"
COPY_SECONDS = 60


def read(key):
    """The value kept under `key`, or None."""
    local = local_copies()
    if local is None:
        return cache.get(key)
    value = local.get(key)
    if value is None:
        value = cache.get(key)
        if value is not None:
            copy(key, value)
    return value


def keep(key, value, timeout):
    """Keep `value` under `key` for `timeout` seconds, and a copy of it in this process."""
    cache.set(key, value, timeout)
    copy(key, value)


def copied(key):
    """This process's own copy of the value under `key`, or None."""
    local = local_copies()
    return None if local is None else local.get(key)


def copy(key, value):
    """Keep a copy of `value`, kept under `key` in the shared cache, in this process."""
    local = local_copies()
    if local is not None:
        local.set(key, value, COPY_SECONDS)


def local_copies():
    """The process's cache of copies, when the default cache is shared."""
    return caches[LOCAL] if LOCAL in settings.CACHES else None
