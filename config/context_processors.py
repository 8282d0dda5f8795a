from django.conf import settings
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language_info

from sitecache import versions
from sitesettings.cache import sitewide


def site(request):
    """The site settings and friendly links, read at most once per request, from the cache;
    this page in each language."""
    if not hasattr(request, "sitewide"):
        request.sitewide = SimpleLazyObject(
            lambda: sitewide(request.content_versions[versions.SITE])
        )
    return {
        "SITE": SimpleLazyObject(lambda: request.sitewide[0]),
        "SITE_NAME": SimpleLazyObject(lambda: request.sitewide[0].site_name),
        "FRIENDLY_LINKS": SimpleLazyObject(lambda: request.sitewide[1]),
        "language_versions": SimpleLazyObject(lambda: language_versions(request)),
    }


def language_versions(request):
    """This page in each language: code, name, URL (for the switch and hreflang links)."""
    return [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "url": translate_url(request.path, code),
        }
        for code, _ in settings.LANGUAGES
    ]
