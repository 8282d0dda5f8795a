from django.conf import settings
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language_info


def site(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
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
