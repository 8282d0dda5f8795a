"""/healthz for load balancers and orchestrators.

Answered by a middleware placed first, before the HTTPS redirect and the Host check: a
load balancer probes over plain HTTP with its own Host header, and must still get an answer.

The answer names each dependency: `{"status": "ok", "checks": {"database": "ok", "redis":
"ok"}}`. The status code is what a load balancer acts on, and it says what it always said:
200 while the database answers (the site serves pages), 503 when it does not. Redis being
down makes the site slower, not broken (the cache misses, hits are counted in the database),
so it shows as `"status": "degraded"` with a 200.
"""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse

HEALTH_PATH = "/healthz"
OK, UNAVAILABLE = "ok", "unavailable"


def database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True


def redis_answers():
    from django_redis import get_redis_connection
    from redis.exceptions import RedisError

    try:
        return bool(get_redis_connection("default").ping())
    except RedisError:
        return False


def health():
    checks = {"database": database_answers()}
    if settings.REDIS_URL:
        checks["redis"] = redis_answers()
    if not checks["database"]:
        status, code = UNAVAILABLE, 503
    else:
        status, code = (OK, 200) if all(checks.values()) else ("degraded", 200)
    body = {
        "status": status,
        "checks": {name: OK if up else UNAVAILABLE for name, up in checks.items()},
    }
    return JsonResponse(body, status=code)


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == HEALTH_PATH and request.method in ("GET", "HEAD"):
            response = health()
            response["Cache-Control"] = "no-store"
            return response
        return self.get_response(request)
