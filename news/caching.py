"""Cached public reads, correct across processes and with time.

Keys carry the articles' content version (sitecache.versions, changed in every article
write's transaction) and the time of the next scheduled change (an article going public at
its publication time, expiring, or its pin lapsing): when that time comes, the key changes
by itself, with no edit and no job. Requests read these entries whatever cookies they carry;
only those without a session cookie fill them (keeps()).
"""

import hashlib
import secrets
from datetime import UTC, datetime, time, timedelta
from functools import wraps
from urllib.parse import urlencode

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
from sitesettings.display import page_variant

from . import link_statements
from .models import Article, link_limits, rank_links

# Even with nothing scheduled, entries are read again after this long.
LONGEST_SECONDS = 600
# Other content's scheduled changes: functions of the time now giving a queryset of one
# value, the next time after it (topics.Topic's publications); read in next_change's query.
SCHEDULED = []


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


def page_number(value):
    """A paginator's page number in its one form: Django's paginators read it with int(), so
    "01", "+1", " 1" and "１" are page 1, as is no value; None for what they refuse (a 404)."""
    if value is None:
        return "1"
    try:
        return str(int(value))
    except ValueError:
        return None


def list_page(value):
    """`page` as a ListView reads it: a page number, also "" (page 1) and "last"."""
    return value if value == "last" else page_number(value or None)


def reads_kept(request):
    """Whether the request is answered from the readers' kept pages: every GET. A kept page is
    what every reader gets, an editor included (an article that is not public is never kept,
    and every write moves the keys), so a session cookie, real or made up, skips nothing."""
    return request.method == "GET"


def keeps(request):
    """Whether the page rendered for the request may be kept for readers: a GET without a
    session cookie. With one, the page may be an editor's (a preview). Telling a real session
    from a made-up one would cost a database read on each such request, for little: a
    made-up cookie is answered from what readers keep, and can only have a page that no
    reader has asked for yet rendered again, at what a first reader costs."""
    return reads_kept(request) and not may_be_editor(request)


def may_be_kept(response):
    """A whole, successful page that its view did not mark as not to be stored."""
    return (
        response.status_code == 200
        and not response.streaming
        and "no-store" not in response.get("Cache-Control", "")
    )


def canonical_values(request, parameters):
    """The values of the query parameters a view reads (`parameters`: name -> the function
    that gives its one form), each in that form; None when the view refuses one."""
    values = {name: canonical(request.GET.get(name)) for name, canonical in parameters.items()}
    return None if None in values.values() else values


def page_query(request, parameters):
    """The query of the page's address as its view reads it, in its one form and without
    what changes nothing (an empty value, page 1): what a link to the same page elsewhere
    (the 关怀版's, sitesettings.display) carries. Empty for a page the view refuses."""
    values = canonical_values(request, parameters) or {}
    return urlencode(
        {
            name: value
            for name, value in values.items()
            if value and not (value == "1" and parameters[name] in (page_number, list_page))
        }
    )


def reader_page_key(request, parameters, kind="page", content_versions=None):
    """The key of a reader's page: the content generation, the columns' and the site's
    versions (the request's unless given), the language, the display mode (mourning or
    not: sitesettings.display), and the page's address with the
    parameters its view reads, each in its one form (`parameters`: name -> the function
    that gives it, or None for a value the view refuses). Other parameters change nothing on
    the page, so none of them makes a key of its own. None when the page has no key."""
    values = canonical_values(request, parameters)
    if values is None:
        return None
    query = "&".join(f"{name}={value}" for name, value in values.items())
    current = content_versions or request.content_versions
    address = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    return (
        f"public:{kind}:{generation(request, current)}:{current[versions.COLUMNS]}:"
        f"{current[versions.SITE]}:{translation.get_language()}:{page_variant(current)}:"
        f"{hashlib.sha256(address.encode()).hexdigest()}"
    )


def kept_for_readers(view, parameters):
    """Answer from the page kept for readers (reader_page_key), or render it and keep it."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        request.page_query = page_query(request, parameters)
        key = reader_page_key(request, parameters) if reads_kept(request) else None
        if key is None:
            return view(request, *args, **kwargs)
        page = kept.read(key)
        if page is not None:
            content, content_type = page
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()
        if keeps(request) and may_be_kept(response):
            kept.keep(key, (response.content, response["Content-Type"]), LONGEST_SECONDS)
        return response

    return wrapped


def reader_page(view, **parameters):
    """A page every reader gets alike: kept, marked for shared caches, and read only (GET and
    HEAD; a syndication feed or a sitemap would otherwise answer any method with its body).
    `parameters`: the query parameters the view reads, each with the function that gives
    its one form (page_number, list_page); the view reads no other."""
    return require_safe(shared_cacheable(kept_for_readers(view, parameters)))


class CountedPage:
    """A reader's article page, kept whole but for its view count, which every hit changes.

    The page renders with `mark` where the count goes; the response and the kept copy are
    split there, and each later hit joins the kept parts (encoded bytes, so that a hit
    neither decodes nor encodes the page) around its own count. The mark is random, so no
    article text can contain it."""

    def __init__(self, request):
        self.request = request
        self.reads_kept = reads_kept(request)
        self.mark = f"view-count-{secrets.token_hex(16)}"

    def key(self, content_versions=None):
        """Its key under `content_versions` (the request's unless given); None when the
        request does not read kept pages. An article page reads no query parameter."""
        if not self.reads_kept:
            return None
        return reader_page_key(self.request, {}, "counted-page", content_versions)

    def kept_parts(self):
        key = self.key()
        return kept.read(key) if key else None

    def in_redis(self):
        """Whether the page, kept for readers, is kept in Redis: the view counter then reads
        it in the round trip that counts the hit (news.counter)."""
        return self.reads_kept and isinstance(caches["default"], RedisCache)

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
        if keep and keeps(self.request):
            kept.keep(self.key(), (before, after), LONGEST_SECONDS)
        return response


def next_change(now):
    """When the public set or order of articles next changes by itself (a timestamp): the
    next publication, expiry and pin lapse, and the other content's next change
    (SCHEDULED), each one short index walk, in one query; and
    the next midnight (Beijing time), when the lists by views in a window of days move on
    (readership.lists)."""
    published = Article.objects.filter(status=Article.Status.PUBLISHED)
    firsts = [
        published.filter(**{f"{field}__gt": now}).order_by(field).values(field)[:1].query
        for field in ("published_at", "expires_at", "pinned_until")
    ]
    firsts += [schedule(now).query for schedule in SCHEDULED]
    compiled = [query.sql_with_params() for query in firsts]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT " + ", ".join(f"({sql})" for sql, _ in compiled),
            [param for _, params in compiled for param in params],
        )
        found = cursor.fetchone()
    midnight = datetime.combine(
        timezone.localdate(now) + timedelta(days=1), time.min, timezone.get_current_timezone()
    )
    times = [now.timestamp() + LONGEST_SECONDS, midnight.timestamp()]
    for value in filter(None, found):
        if isinstance(value, str):  # SQLite gives the stored UTC text
            value = parse_datetime(value)
        if timezone.is_naive(value):  # or, for some columns, a naive datetime in UTC
            value = value.replace(tzinfo=UTC)
        times.append(value.timestamp())
    return min(times)


def may_be_editor(request):
    """Whether the request carries a session cookie, which a login gives; told without
    reading the session, which would make every reader's response vary on Cookie (see
    keeps())."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def article_links(request, article, related_limit):
    """The article's (previous, next, related), as Article.objects.article_links gives them.
    The walks that every article of a column or with a keyword shares are kept for the
    current generation, so that the one query reads only the article's own walks (previous
    and next) and those that the cache does not hold. As with pages, only a request without a
    session cookie keeps them."""
    limits = link_limits(article, related_limit)
    found, keys = {}, {}
    current = generation(request)
    for name, limit in limits.items():
        if name not in ("previous", "next"):
            keys[name] = f"public:links:{name}:{limit}:{current}"
            links = kept.read(keys[name])
            if links is not None:
                found[name] = links
    unread = {name: limit for name, limit in limits.items() if name not in found}
    read = link_statements.read(article, unread)
    for name, links in read.items():
        if name in keys and not may_be_editor(request):
            kept.keep(keys[name], links, LONGEST_SECONDS)
    return rank_links(article, found | read, related_limit)


def cached(request, name, compute, per_tree=True):
    """`compute()`, kept under `name` for the current generation and column tree (a column's
    lists hold its descendants' articles; `per_tree=False` for what no column write changes);
    as with pages, only a request without a session cookie keeps it."""
    key = f"public:{name}:{generation(request)}"
    if per_tree:
        key += f":{request.content_versions[versions.COLUMNS]}"
    value = kept.read(key)
    if value is None:
        value = compute()
        if not may_be_editor(request):
            kept.keep(key, value, LONGEST_SECONDS)
    return value
