"""Checks on a request before any view reads it."""

from django.conf import settings
from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.contrib.admin.views.main import ERROR_FLAG
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _


def request_max_bytes(path):
    """The largest file a form at `path` takes (an image at the editor's image upload, an
    attachment anywhere else: the article form, the link dialog's upload), plus the largest
    form of text fields that may come with it."""
    if path == reverse("ckeditor_upload"):
        largest = settings.IMAGE_UPLOAD_MAX_BYTES
    else:
        largest = max(settings.IMAGE_UPLOAD_MAX_BYTES, settings.ATTACHMENT_MAX_BYTES)
    return largest + settings.DATA_UPLOAD_MAX_MEMORY_SIZE


class RequestSizeLimitMiddleware:
    """Refuse a request body larger than any form of the site needs, before it is read.

    Django reads a whole multipart body (to temporary files) as soon as anything touches
    request.POST or request.FILES, the CSRF check included, and only then would a view refuse
    a file over its cap. The declared Content-Length is checked first instead.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads nothing from a body of unknown length either.
        if length > request_max_bytes(request.path_info):
            return HttpResponse(
                _("The request is too large."), status=413, content_type="text/plain"
            )
        return self.get_response(request)


class NulInAddressMiddleware:
    """A NUL in the address names no page, and PostgreSQL refuses it in a string with an
    error: a tag, a legacy column path or any other part of a path holding one is a 404.
    After the column tree's middleware, which the 404 page reads."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            raise Http404(_("No such page."))
        return self.get_response(request)


class AdminQueryMiddleware:
    """The admin passes its query parameters (filters, search, ordering) to the database.
    PostgreSQL refuses a NUL in a string with an error: a query with one goes back to the
    unfiltered list (`?e=1`), as the admin itself does with a filter it cannot apply. A
    pattern lookup (`title__regex=(`) makes the database compile what the address says, and
    SQLite run Python's regex engine on every row: it is refused (400), in every list."""

    PATTERN_LOOKUPS = ("regex", "iregex")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        nul, pattern = self.has_nul(request.GET), self.pattern_lookup(request.GET)
        if (nul or pattern) and request.path_info.startswith(reverse("admin:index")):
            if nul:
                return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
            raise DisallowedModelAdminLookup(f"Filtering by {pattern} not allowed")
        return self.get_response(request)

    @classmethod
    def pattern_lookup(cls, query):
        return next((key for key in query if key.rsplit("__", 1)[-1] in cls.PATTERN_LOOKUPS), None)

    @staticmethod
    def has_nul(query):
        return any("\x00" in key or "\x00" in "".join(values) for key, values in query.lists())
