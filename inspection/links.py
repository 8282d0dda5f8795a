"""The links in public articles' bodies (<a href>, <img src>), checked.

A link to this site (relative, or to a host in ALLOWED_HOSTS) is resolved here, with no
request: a media or static file must exist, a path must resolve to a page, an article must
be public and a column must exist. Any other http(s) link is asked with HEAD, then with GET
when HEAD fails (some servers refuse HEAD), a few at a time, each with a timeout.

An address on a private network, loopback or link-local (an intranet host, a cloud's
metadata service) is never asked, nor followed to by a redirect: the server would reach what
readers cannot, and staff would read what it answered. Readers cannot follow such a link
either, so it is reported unreachable (LINK_CHECK_PRIVATE_ADDRESSES allows them, for a site
whose readers are all on its network).
"""

import http.client
import ipaddress
import socket
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.http.request import validate_host
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.translation import get_language_from_path

from categories.models import Category
from news.models import Article
from sitesettings.display import CARE_PREFIX

from .models import BrokenLink

Problem = BrokenLink.Problem
LINK_ATTRIBUTES = {"a": "href", "img": "src"}
USER_AGENT = "newscms-link-check/1.0"


class LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []

    def handle_starttag(self, tag, attrs):
        wanted = LINK_ATTRIBUTES.get(tag)
        self.links += [value.strip() for name, value in attrs if name == wanted and value]


def links_in(body):
    collector = LinkCollector()
    collector.feed(body)
    collector.close()
    return collector.links


def public_links():
    """{(article id, link as written): the link made absolute against the article's page}
    for every http(s) or same-site link of every public article."""
    found = {}
    for article in Article.objects.published().order_by().only("pk", "body").iterator(500):
        page = article.get_absolute_url()
        for link in links_in(article.body):
            target = urljoin(page, link)
            parts = urlsplit(target)
            if parts.scheme in ("", "http", "https") and (parts.netloc or parts.path):
                found[(article.pk, link[:2000])] = target
    return found


def is_local(target):
    parts = urlsplit(target)
    hosts = [host for host in settings.ALLOWED_HOSTS if host != "*"]
    return not parts.netloc or validate_host(parts.netloc.lower(), hosts)


def local_problem(target):
    """What is wrong with a link to this site, or None."""
    path = unquote(urlsplit(target).path)
    for prefix, exists in (
        (settings.MEDIA_URL, default_storage.exists),
        (settings.STATIC_URL, finders.find),
    ):
        if path.startswith(prefix):
            return None if exists(path[len(prefix) :]) else (Problem.NOT_FOUND, "")
    if path.startswith(CARE_PREFIX):
        path = path[len(CARE_PREFIX) - 1 :]
    with translation.override(get_language_from_path(path) or settings.LANGUAGE_CODE):
        try:
            match = resolve(path)
        except Resolver404:
            return (Problem.NOT_FOUND, "")
    name, kwargs = match.url_name, match.kwargs
    if name == "article" and not Article.objects.published().filter(pk=kwargs["pk"]).exists():
        return (Problem.NOT_PUBLIC, "")
    if name in ("column", "column_feed") and not Category.objects.filter(**kwargs).exists():
        return (Problem.NOT_FOUND, "")
    return None


def remote_problem(url, timeout):
    """What is wrong with a link to another site, or None: HEAD, then GET when HEAD is
    answered with an error (some servers refuse HEAD, or answer it wrongly)."""
    problem = ask(url, "HEAD", timeout)
    if problem and problem[0] == Problem.HTTP_ERROR:
        problem = ask(url, "GET", timeout)
    return problem


PRIVATE = "a private network address: not asked"


def is_private(url):
    """Whether the URL's host is, or resolves to, an address that is not on the internet."""
    if settings.LINK_CHECK_PRIVATE_ADDRESSES:
        return False
    try:
        found = socket.getaddrinfo(urlsplit(url).hostname, None)
    except (OSError, UnicodeError, ValueError):
        return False  # unresolvable: the request says so
    return any(not ipaddress.ip_address(info[4][0].split("%")[0]).is_global for info in found)


class PublicRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, request, fp, code, message, headers, new_url):
        if is_private(new_url):
            raise urllib.error.URLError(PRIVATE)
        return super().redirect_request(request, fp, code, message, headers, new_url)


OPENER = urllib.request.build_opener(PublicRedirects)


def ask(url, method, timeout):
    if is_private(url):
        return (Problem.UNREACHABLE, PRIVATE)
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    try:
        # The body is not read: the status says whether the link works.
        with OPENER.open(request, timeout=timeout):
            return None
    except urllib.error.HTTPError as error:
        return (Problem.HTTP_ERROR, f"HTTP {error.code}")
    except TimeoutError:
        return (Problem.TIMEOUT, "")
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            return (Problem.TIMEOUT, "")
        return (Problem.UNREACHABLE, str(error.reason)[:200])
    except (OSError, ValueError, http.client.HTTPException) as error:
        return (Problem.UNREACHABLE, str(error)[:200])


def check(links, timeout, concurrency):
    """{(article id, link): (problem, detail)} of the broken ones among `links`
    (public_links()). Each distinct address is checked once."""
    targets = set(links.values())
    local = {target for target in targets if is_local(target)}
    problems = {target: local_problem(target) for target in local}
    remote = sorted(targets - local)
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        answers = pool.map(lambda url: remote_problem(url, timeout), remote)
        problems.update(zip(remote, answers, strict=True))
    return {key: problems[target] for key, target in links.items() if problems[target]}


def record(broken):
    """Make the stored broken links what `broken` (check()) says: new ones added, those
    still broken marked checked now, the others (mended, or their article no longer public)
    removed."""
    now = timezone.now()
    stored = {(link.article_id, link.url): link for link in BrokenLink.objects.all()}
    BrokenLink.objects.filter(
        pk__in=[link.pk for key, link in stored.items() if key not in broken]
    ).delete()
    kept = []
    for key, (problem, detail) in broken.items():
        link = stored.get(key) or BrokenLink(article_id=key[0], url=key[1], first_found_at=now)
        link.problem, link.detail, link.last_checked_at = problem, detail, now
        kept.append(link)
    BrokenLink.objects.bulk_create([link for link in kept if link.pk is None])
    BrokenLink.objects.bulk_update(
        [link for link in kept if link.pk], ["problem", "detail", "last_checked_at"]
    )
