from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

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
