"""A response that sets a cookie is for its own reader only."""

from django.utils.cache import patch_cache_control


class CookieMakesPrivateMiddleware:
    """A reader's page is marked public (news.caching.shared_cacheable) before the session
    and CSRF middleware add their cookies: Django's CSRF middleware replaces a malformed
    csrftoken cookie on any page. A shared cache must never keep such a response and hand
    its cookie to others, so it becomes private. Listed before those middleware, so that it
    sees what they set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.cookies and "public" in response.get("Cache-Control", ""):
            patch_cache_control(response, private=True)
        return response
