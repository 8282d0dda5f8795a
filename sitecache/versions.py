"""Versions of the site's content: read once per request, changed by every write.

The database holds them. With the cache in Redis, they are also mirrored there for a few
seconds (MIRROR), so that a hit on a kept article page reads them in the same Redis round trip
as the page (news.counter) and asks the database nothing. The mirror never says more than
the database said:

- every write forgets the mirror (and changes MIRROR_TOKEN) in its transaction and again
  once it has committed, before the writer's response is sent: from then on the mirror is
  absent, or was filled from a database read made after the commit;
- it is filled by a reader that found it absent, with the versions it then read from the
  database, only if MIRROR_TOKEN is still what it was when it found it absent (no write began
  or committed in between);
- it expires after MIRROR_SECONDS: if a write could not forget it (Redis unreachable from the
  writer, or the writer's process killed between its commit and the forgetting), readers are
  behind for at most that long, as they are after a write that bypasses `bump()` (a restore).
"""

import logging
import secrets
import time

from django.core.cache import caches
from django.db import DatabaseError, connection, transaction
from django_redis.cache import RedisCache
from redis.exceptions import RedisError

from .models import ContentVersion

logger = logging.getLogger(__name__)

COLUMNS = "columns"
ARTICLES = "articles"
SITE = "site"  # the site settings and friendly links

MIRROR = "content-versions"
MIRROR_TOKEN = "content-versions:writes"  # changed by every write
MIRROR_SECONDS = 2
REDIS_RETRY_SECONDS = 10

# The versions this process last found in the mirror (encoded), checked against it on use.
last_mirrored = ""
# Until then this process leaves the mirror alone: Redis did not answer it.
mirror_unreachable_until = 0.0


def current():
    """Every content version, in one query; a kind never written yet is at 0."""
    return {COLUMNS: 0, ARTICLES: 0, SITE: 0, **dict(read_versions())}


def read_versions():
    """The stored (name, version) rows. A plain statement, the same text every time: every
    reader page runs it, and building it through the ORM cost more than running it.

    It is a request's first statement, so it also stands for Django's health check of a
    connection kept from an earlier request (CONN_HEALTH_CHECKS, a `SELECT 1` of its own):
    if the kept connection fails it, the connection is closed and the read is made once more
    on a new one, as the health check would have done."""
    checking = (
        connection.connection is not None
        and connection.health_check_enabled
        and not connection.health_check_done
        and not connection.in_atomic_block
    )
    if checking:
        connection.health_check_done = True
    try:
        return _select()
    except DatabaseError:
        if not checking:
            raise
        connection.close()
        return _select()


def _select():
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote('name')}, {quote('version')} "
            f"FROM {quote(ContentVersion._meta.db_table)}"
        )
        return cursor.fetchall()


def bump(name):
    """Give the content a new version; call it inside the writing transaction, so that
    readers see the new content and the new version together. A random number rather than
    the next one, so that a rolled-back write can never make an old version current again."""
    version = secrets.randbits(62) + 1
    if not ContentVersion.objects.filter(name=name).update(version=version):
        ContentVersion.objects.update_or_create(name=name, defaults={"version": version})
    forget_mirror()
    transaction.on_commit(forget_mirror)


def encode(versions):
    return f"{versions[COLUMNS]}:{versions[ARTICLES]}:{versions[SITE]}"


def decode(text):
    """The versions encode() gave `text`; None for anything else ("" included)."""
    try:
        columns, articles, site = (int(part) for part in text.split(":"))
    except ValueError:
        return None
    return {COLUMNS: columns, ARTICLES: articles, SITE: site}


def mirror_redis():
    """The Redis client of the cache, when the cache is in Redis and answered lately."""
    if time.monotonic() < mirror_unreachable_until:
        return None
    if not isinstance(caches["default"], RedisCache):
        return None
    return caches["default"].client.get_client()


def mirror_failed(error):
    global mirror_unreachable_until
    logger.warning("Redis unreachable, content versions read from the database: %s", error)
    mirror_unreachable_until = time.monotonic() + REDIS_RETRY_SECONDS


def forget_mirror():
    try:
        redis = mirror_redis()
        if redis is not None:
            redis.pipeline().set(MIRROR_TOKEN, secrets.token_hex(8)).delete(MIRROR).execute()
    except (OSError, RedisError) as error:
        # Readers that still reach Redis are behind for MIRROR_SECONDS at most.
        mirror_failed(error)
