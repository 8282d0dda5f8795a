from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from config.locale import is_staff_path

from .passwords import has_expired

# The admin pages a user whose password has expired may still open.
OPEN_WITH_EXPIRED_PASSWORD = ("admin:password_change", "admin:password_change_done", "admin:logout")


class PasswordExpiryMiddleware:
    """A staff user whose password is older than PASSWORD_MAX_AGE_DAYS is sent to change it
    from every other admin page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.PASSWORD_MAX_AGE_DAYS
            and request.path.startswith(reverse("admin:index"))
            and request.user.is_authenticated
            and request.path not in map(reverse, OPEN_WITH_EXPIRED_PASSWORD)
            and has_expired(request.user)
        ):
            messages.warning(request, _("Your password has expired: set a new one to go on."))
            return redirect("admin:password_change")
        return self.get_response(request)


class IdleTimeoutMiddleware:
    """Each staff page a logged-in user opens moves the end of their session to
    SESSION_COOKIE_AGE (STAFF_IDLE_MINUTES) from now. Reader pages leave sessions alone:
    saving on every request (SESSION_SAVE_EVERY_REQUEST) would also make a new session row
    for each request carrying a made-up session cookie, and set a cookie on reader pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_staff_path(request.path_info) and request.user.is_authenticated:
            request.session.modified = True
        return self.get_response(request)
