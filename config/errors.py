"""The server-error page, and a 503 when the database cannot be reached.

Django calls handler500 while the exception is being handled, so it can tell an unreachable
database (the site will be back by itself: Django opens a new connection at the next
request) from a fault of the code.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.views.defaults import server_error

RETRY_AFTER_SECONDS = 30


def server_error_or_unavailable(request):
    exception = sys.exc_info()[1]
    if not isinstance(exception, OperationalError | InterfaceError):
        return server_error(request)
    response = server_error(request, template_name="503.html")
    response.status_code = 503
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
