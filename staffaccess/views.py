from django.http import HttpResponse, HttpResponseForbidden
from django.views.decorators.cache import never_cache


@never_cache
def keep_alive(request):
    """Asked by the admin's pages while the user types (staffaccess/keep_alive.js): typing in
    a long article is activity, though it sends no request until the form is saved, and an
    idle timeout that ended the session meanwhile would lose the text. Every request of a
    logged-in user on a staff page moves the session's end (staffaccess.middleware)."""
    if not (request.user.is_active and request.user.is_staff):
        return HttpResponseForbidden()
    return HttpResponse(status=204)
