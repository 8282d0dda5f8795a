"""Versions of the site's content: read once per request, changed by every write."""

import secrets

from django.db import DatabaseError, connection

from .models import ContentVersion

COLUMNS = "columns"
ARTICLES = "articles"
SITE = "site"  # the site settings and friendly links


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
