from django.utils.functional import SimpleLazyObject

from sitesettings.cache import sitewide


def site(request):
    """The site settings and friendly links, read at most once per request, from the cache."""
    if not hasattr(request, "sitewide"):
        request.sitewide = SimpleLazyObject(sitewide)
    return {
        "SITE": SimpleLazyObject(lambda: request.sitewide[0]),
        "SITE_NAME": SimpleLazyObject(lambda: request.sitewide[0].site_name),
        "FRIENDLY_LINKS": SimpleLazyObject(lambda: request.sitewide[1]),
    }
