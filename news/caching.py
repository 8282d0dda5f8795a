"""Cached public reads, correct across processes and with time.

Keys carry the articles' content version (sitecache.versions, changed in every article
write's transaction) and the time of the next scheduled change (an article going public at
its publication time, expiring, or its pin lapsing): when that time comes, the key changes
by itself, with no edit and no job. Editors' requests neither read nor fill these entries.
"""

import hashlib
from datetime import UTC
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.dateparse import parse_datetime

from sitecache import versions

from .models import Article

# Even with nothing scheduled, entries are read again after this long.
LONGEST_SECONDS = 600


def generation(request):
    """The key part for public article reads: content version and the next scheduled change."""
    version = request.content_versions[versions.ARTICLES]
    key = f"articles:next-change:{version}"
    now = timezone.now()
    due = cache.get(key)
    if due is None or due <= now.timestamp():
        due = next_change(now)
        cache.set(key, due, LONGEST_SECONDS)
    return f"{version}:{int(due)}"


def shared_cacheable(view):
    """Readers' responses may be kept by shared caches for PUBLIC_CACHE_SECONDS; editors'
    responses only by their own browser."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not may_be_editor(request):
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
        else:
            patch_cache_control(response, private=True)
        return response

    return wrapped


# The query parameters reader pages answer to; others do not change a page, nor its key.
PAGE_PARAMETERS = ("page", "p")


def kept_for_readers(view):
    """Keep the rendered page for readers under the content generation, the columns'
    version, the language and the page's own parameters; login sessions bypass it."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method != "GET" or may_be_editor(request):
            return view(request, *args, **kwargs)
        parameters = "&".join(f"{name}={request.GET.get(name)}" for name in PAGE_PARAMETERS)
        page = hashlib.sha256(f"{request.path}?{parameters}".encode()).hexdigest()
        key = (
            f"public:page:{generation(request)}:{request.content_versions[versions.COLUMNS]}:"
            f"{request.content_versions[versions.SITE]}:"
            f"{translation.get_language()}:{page}"
        )
        kept = cache.get(key)
        if kept is not None:
            content, content_type = kept
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()
        if response.status_code == 200 and not response.streaming:
            cache.set(key, (response.content, response["Content-Type"]), LONGEST_SECONDS)
        return response

    return wrapped


def next_change(now):
    """When the public set or order of articles next changes by itself (a timestamp): the
    next publication, expiry and pin lapse, each one short index walk, in one query."""
    published = Article.objects.filter(status=Article.Status.PUBLISHED)
    firsts = [
        published.filter(**{f"{field}__gt": now}).order_by(field).values(field)[:1].query
        for field in ("published_at", "expires_at", "pinned_until")
    ]
    compiled = [query.sql_with_params() for query in firsts]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT " + ", ".join(f"({sql})" for sql, _ in compiled),
            [param for _, params in compiled for param in params],
        )
        found = cursor.fetchone()
    times = [now.timestamp() + LONGEST_SECONDS]
    for value in filter(None, found):
        if isinstance(value, str):  # SQLite gives the stored UTC text
            value = parse_datetime(value).replace(tzinfo=UTC)
        times.append(value.timestamp())
    return min(times)


def may_be_editor(request):
    """Whether the request carries a login session; told without reading the session, which
    would make every reader's response vary on Cookie."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def cached(request, name, compute):
    """`compute()`, kept under `name` for the current generation; editors get it fresh."""
    if may_be_editor(request):
        return compute()
    key = f"public:{name}:{generation(request)}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, LONGEST_SECONDS)
    return value
