"""Cached public reads, correct across processes and with time.

Keys carry the articles' content version (sitecache.versions, changed in every article
write's transaction) and the time of the next scheduled change (an article going public at
its publication time, expiring, or its pin lapsing): when that time comes, the key changes
by itself, with no edit and no job. Editors' requests neither read nor fill these entries.
"""

import hashlib
import secrets
from datetime import UTC
from functools import wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.db import connection
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_safe
from django_redis.cache import RedisCache

from sitecache import kept, versions

from .models import Article, rank_links, read_walks

# Even with nothing scheduled, entries are read again after this long.
LONGEST_SECONDS = 600


# (articles' content version, its next scheduled change) as this process last learned it:
# whichever process found that time, nothing changes by itself before it under that version,
# so a request reads the cache for it only when the version changes or the time comes.
known_next_change = (None, 0.0)


def generation(request, content_versions=None):
    """The key part for public article reads: content version and the next scheduled change
    (under `content_versions`, the request's unless given)."""
    global known_next_change
    version = (content_versions or request.content_versions)[versions.ARTICLES]
    now = timezone.now()
    known_version, due = known_next_change
    if known_version != version or due <= now.timestamp():
        key = f"articles:next-change:{version}"
        due = cache.get(key)
        if due is None or due <= now.timestamp():
            due = next_change(now)
            cache.set(key, due, LONGEST_SECONDS)
        known_next_change = (version, due)
    return f"{version}:{int(due)}"


def shared_cacheable(view):
    """Readers' responses may be kept by shared caches for PUBLIC_CACHE_SECONDS; editors'
    responses only by their own browser."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if may_be_kept(response) and not may_be_editor(request):
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
        else:
            patch_cache_control(response, private=True)
        return response

    return wrapped


# The query parameters reader pages answer to; others do not change a page, nor its key.
PAGE_PARAMETERS = ("page", "p")


def serves_readers(request):
    """Whether the request may read and fill the readers' page cache."""
    return request.method == "GET" and not may_be_editor(request)


def may_be_kept(response):
    """A whole, successful page that its view did not mark as not to be stored."""
    return (
        response.status_code == 200
        and not response.streaming
        and "no-store" not in response.get("Cache-Control", "")
    )


def reader_page_key(request, parameters=PAGE_PARAMETERS, kind="page", content_versions=None):
    """The key of a reader's page: the content generation, the columns' and the site's
    versions (the request's unless given), the language, and the page's address with the
    parameters it answers to."""
    current = content_versions or request.content_versions
    query = "&".join(f"{name}={request.GET.get(name)}" for name in parameters)
    address = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    return (
        f"public:{kind}:{generation(request, current)}:{current[versions.COLUMNS]}:"
        f"{current[versions.SITE]}:{translation.get_language()}:"
        f"{hashlib.sha256(address.encode()).hexdigest()}"
    )


def kept_for_readers(view, parameters=PAGE_PARAMETERS):
    """Keep the rendered page for readers (reader_page_key); login sessions bypass it."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not serves_readers(request):
            return view(request, *args, **kwargs)
        key = reader_page_key(request, parameters)
        page = kept.read(key)
        if page is not None:
            content, content_type = page
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()
        if may_be_kept(response):
            kept.keep(key, (response.content, response["Content-Type"]), LONGEST_SECONDS)
        return response

    return wrapped


def reader_page(view, parameters=PAGE_PARAMETERS):
    """A page every reader gets alike: kept, marked for shared caches, and read only (GET and
    HEAD; a syndication feed or a sitemap would otherwise answer any method with its body)."""
    return require_safe(shared_cacheable(kept_for_readers(view, parameters)))


class CountedPage:
    """A reader's article page, kept whole but for its view count, which every hit changes.

    The page renders with `mark` where the count goes; the response and the kept copy are
    split there, and each later hit joins the kept parts (encoded bytes, so that a hit
    neither decodes nor encodes the page) around its own count. The mark is random, so no
    article text can contain it."""

    def __init__(self, request):
        self.request = request
        self.for_readers = serves_readers(request)
        self.mark = f"view-count-{secrets.token_hex(16)}"

    def key(self, content_versions=None):
        """Its key under `content_versions` (the request's unless given); None for editors."""
        if not self.for_readers:
            return None
        return reader_page_key(self.request, kind="counted-page", content_versions=content_versions)

    def kept_parts(self):
        key = self.key()
        return kept.read(key) if key else None

    def in_redis(self):
        """Whether the page, kept for readers, is kept in Redis: the view counter then reads
        it in the round trip that counts the hit (news.counter)."""
        return self.for_readers and isinstance(caches["default"], RedisCache)

    def redis_key(self, key):
        """Where Redis keeps the page kept under `key` (key())."""
        return caches["default"].client.make_key(key)

    def copied_parts(self, key):
        """This process's copy of the kept parts under `key` (sitecache.kept), or None."""
        return kept.copied(key)

    def parts_from_redis(self, value, key):
        """The kept parts from the value Redis keeps for `key`, copied into this process."""
        parts = caches["default"].client.decode(value)
        kept.copy(key, parts)
        return parts

    def response(self, parts, count):
        before, after = parts
        return HttpResponse(b"".join((before, b"%d" % count, after)))

    def fill(self, response, count, keep):
        """Put `count` in the rendered response; keep the page for readers when `keep`."""
        before, after = response.content.split(self.mark.encode(), 1)
        response.content = b"".join((before, b"%d" % count, after))
        if keep and self.for_readers:
            kept.keep(self.key(), (before, after), LONGEST_SECONDS)
        return response


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


def article_links(request, article, related_limit):
    """The article's (previous, next, related), as Article.objects.article_links gives them.
    For readers, the walks that every article of a column or with a keyword shares are kept
    for the current generation, so that the one query reads only the article's own walks
    (previous and next) and those that the cache does not hold."""
    walks = Article.objects.published().link_walks(article, related_limit)
    found, keys = {}, {}
    if not may_be_editor(request):
        current = generation(request)
        for name, (_, limit) in walks.items():
            if name not in ("previous", "next"):
                keys[name] = f"public:links:{name}:{limit}:{current}"
                links = kept.read(keys[name])
                if links is not None:
                    found[name] = links
    read = read_walks({name: walk for name, walk in walks.items() if name not in found})
    for name, links in read.items():
        if name in keys:
            kept.keep(keys[name], links, LONGEST_SECONDS)
    return rank_links(article, found | read, related_limit)


def cached(request, name, compute):
    """`compute()`, kept under `name` for the current generation and column tree (a column's
    lists hold its descendants' articles); editors get it fresh."""
    if may_be_editor(request):
        return compute()
    key = f"public:{name}:{generation(request)}:{request.content_versions[versions.COLUMNS]}"
    value = kept.read(key)
    if value is None:
        value = compute()
        kept.keep(key, value, LONGEST_SECONDS)
    return value
