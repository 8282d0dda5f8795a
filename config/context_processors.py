from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html
from django.utils.translation import get_language_info

from sitesettings.cache import for_request


def site(request):
    """The site settings and friendly links, read at most once per request, from the cache;
    this page in each language."""
    return {
        "SITE": SimpleLazyObject(lambda: for_request(request)[0]),
        "SITE_NAME": SimpleLazyObject(lambda: for_request(request)[0].site_name),
        "FRIENDLY_LINKS": SimpleLazyObject(lambda: for_request(request)[1]),
        "language_versions": SimpleLazyObject(lambda: language_versions(request)),
        "content_lang": content_lang(),
    }


def content_lang():
    """The attribute that marks what editors wrote (titles, names, bodies: in the site's
    language, LANGUAGE_CODE) on a page in another language, so that a screen reader reads
    it in its own voice; nothing on a page in the site's language."""
    if translation.get_language() == settings.LANGUAGE_CODE:
        return ""
    return format_html(' lang="{}"', settings.LANGUAGE_CODE)


def language_versions(request):
    """This page in each language: code, name, URL (for the switch and hreflang links). A
    path the site does not answer (a 404) links to the home page in each language: the path
    as it came is the visitor's, and `//evil.example/` would be a link to another site."""
    answered = getattr(request, "resolver_match", None) is not None
    return [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "url": translate_url(request.path_info, code) if answered else home_in(code),
        }
        for code, _ in settings.LANGUAGES
    ]


def home_in(language):
    with translation.override(language):
        return reverse("home")
