"""The server-error page, a 503 when the database cannot be reached, and a refused staff
page in the admin's layout.

Django calls handler500 while the exception is being handled, so it can tell an unreachable
database (the site will be back by itself: Django opens a new connection at the next
request) from a fault of the code.
"""

import sys

from django.contrib import admin
from django.db import InterfaceError, OperationalError
from django.template.response import TemplateResponse
from django.views.defaults import permission_denied, server_error

from .locale import is_staff_path

RETRY_AFTER_SECONDS = 30


def server_error_or_unavailable(request):
    exception = sys.exc_info()[1]
    if not isinstance(exception, OperationalError | InterfaceError):
        return server_error(request)
    response = server_error(request, template_name="503.html")
    response.status_code = 503
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def permission_denied_in_its_layout(request, exception):
    """A reader's 403 is the site's page; a member of staff refused a page of the admin
    gets the admin's, with the way back to its home page."""
    if not is_staff_path(request.path_info):
        return permission_denied(request, exception)
    context = admin.site.each_context(request)
    return TemplateResponse(request, "admin/403.html", context, status=403).render()
