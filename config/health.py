"""/healthz for load balancers and orchestrators.

Answered by a middleware placed first, before the HTTPS redirect and the Host check: a
load balancer probes over plain HTTP with its own Host header, and must still get an answer.
"""

from django.db import DatabaseError, connection
from django.http import HttpResponse

HEALTH_PATH = "/healthz"


def database_health():
    """200 when the database answers a query, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == HEALTH_PATH and request.method in ("GET", "HEAD"):
            response = database_health()
            response["Cache-Control"] = "no-store"
            return response
        return self.get_response(request)
