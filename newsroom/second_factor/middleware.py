from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from . import has_authenticator, is_required


class SecondFactorMiddleware:
    """After django-otp's OTPMiddleware: a login that passed no second factor, of a user who
    has one (set up in another session) or must have one (STAFF_2FA_REQUIRED), gives none of
    the user's rights.

    In the admin, the session of a user who has one ends (the login form asks for its code);
    one who must set one up is led there from every page but the set-up and logging out.
    Elsewhere (uploads, previews of unpublished articles) the request is anonymous; decided
    only when a view asks who the user is, so that reader pages still leave the session
    alone (no `Vary: Cookie`).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(reverse("admin:index")):
            return self.admin_gate(request) or self.get_response(request)
        user = request.user
        request.user = SimpleLazyObject(
            lambda: AnonymousUser() if lacks_second_factor(user) else user
        )
        return self.get_response(request)

    def admin_gate(self, request):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if has_authenticator(user):
            logout(request)
            return None
        set_up = reverse("admin:second_factor")
        if is_required(user) and request.path_info not in (set_up, reverse("admin:logout")):
            return redirect(set_up)
        return None


def lacks_second_factor(user):
    """Whether the user logged in without the second factor they have or must have."""
    return (
        user.is_authenticated
        and not user.is_verified()
        and (has_authenticator(user) or is_required(user))
    )
