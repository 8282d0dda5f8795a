from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse

from . import has_authenticator, is_required


class SecondFactorMiddleware:
    """After django-otp's OTPMiddleware: a login that passed no second factor (the user has
    none, or it was set up in another session) gives none of the user's rights where one is
    needed.

    - The user has an authenticator now: the session ends. The login form asks for its code.
    - One is required of the user (STAFF_2FA_REQUIRED): every admin page but the one that
      sets it up (and logging out) leads there; elsewhere (uploads, previews of unpublished
      articles) the request is anonymous.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified():
            if has_authenticator(user):
                logout(request)
            elif is_required(user):
                return self.set_up_first(request)
        return self.get_response(request)

    def set_up_first(self, request):
        set_up = reverse("admin:second_factor")
        if request.path_info in (set_up, reverse("admin:logout")):
            return self.get_response(request)
        if request.path_info.startswith(reverse("admin:index")):
            return redirect(set_up)
        request.user = AnonymousUser()
        return self.get_response(request)
