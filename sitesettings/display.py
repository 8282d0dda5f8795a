"""The site's display modes: 哀悼模式 (mourning) and 关怀版 (the elder-friendly version).

Mourning greys every reader page between the times set in the site settings. Whether it is
on is decided per request from those times, so it starts and ends on time with no job and
no edit; the pages kept for readers carry it in their keys (news.caching.reader_page_key),
and a response that shared caches may keep is kept no later than the next switch.

The 关怀版 is every reader page under the path prefix /care/ (/care/columns/news/,
/care/en/ …): a prefix, not a cookie or a query parameter, so that its pages are cached like
any other (the prefix is in their address) and set no cookie, and every link on them stays
in the 关怀版. The prefix is taken off before the URLs are resolved and made the script
prefix for the request, so that every link Django writes (reverse(), {% url %}) carries it.
"""

from django.http import HttpResponsePermanentRedirect
from django.urls import get_script_prefix, set_script_prefix
from django.utils import timezone
from django.utils.cache import get_max_age, patch_cache_control
from django.utils.functional import SimpleLazyObject

from config.locale import is_staff_path
from sitecache import versions

from .cache import for_request, sitewide

CARE_PREFIX = "/care/"


class DisplayModeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.care_mode = False
        request.standard_prefix = prefix = get_script_prefix()
        path = request.path_info
        if path == CARE_PREFIX.rstrip("/"):
            return HttpResponsePermanentRedirect(prefix + CARE_PREFIX.lstrip("/"))
        if not path.startswith(CARE_PREFIX) or is_staff_path(path[len(CARE_PREFIX) - 1 :]):
            response = self.get_response(request)
        else:
            request.care_mode = True
            request.path_info = path[len(CARE_PREFIX) - 1 :]
            set_script_prefix(prefix + CARE_PREFIX.lstrip("/"))
            try:
                response = self.get_response(request)
            finally:
                # The script prefix outlives the request in its thread.
                set_script_prefix(prefix)
        keep_no_later_than_next_switch(request, response)
        return response


def keep_no_later_than_next_switch(request, response):
    """A page shared caches may keep is kept no later than the next display switch. (Not
    feeds, sitemaps or images, which the modes do not change.) Cache-Control is parsed only
    when it names a max-age and a switch is set, as on few days."""
    html = response.get("Content-Type", "").startswith("text/html")
    kept = "max-age" in response.get("Cache-Control", "")
    # The settings are read under the request's versions (a query when not read yet): not
    # for a response no cache keeps, nor one the modes do not change.
    if not kept or not html or not hasattr(request, "content_versions"):
        return
    now = timezone.now()
    switch = for_request(request)[0].next_display_change(now)
    if switch is not None and get_max_age(response):
        patch_cache_control(response, max_age=max(0, int((switch - now).total_seconds())))


def in_mourning(request):
    return for_request(request)[0].in_mourning(timezone.now())


def page_variant(content_versions):
    """The part of a kept reader page's key that the display modes decide, under
    `content_versions` (the 关怀版 is in the page's address)."""
    record = sitewide(content_versions[versions.SITE])[0]
    return "mourning" if record.in_mourning(timezone.now()) else "colour"


def modes(request):
    """Context processor: the display modes of the page, and the address of the page in the
    other version (standard or 关怀版), with the query its view reads (a search's words, a
    list's page: news.caching.page_query). A path the site does not answer (a 404) links to
    the other version's home page: the path as it came is the visitor's."""
    answered = getattr(request, "resolver_match", None) is not None
    path = request.path_info if answered else "/"
    care_mode = getattr(request, "care_mode", False)
    prefix = getattr(request, "standard_prefix", "/")
    query = getattr(request, "page_query", "") if answered else ""
    other = prefix + (path if care_mode else CARE_PREFIX[:-1] + path)[1:]
    return {
        "mourning": SimpleLazyObject(lambda: in_mourning(request)),
        "care_mode": care_mode,
        "other_version_url": f"{other}?{query}" if query else other,
    }
