"""What the audit log listens to: logins, logouts and failed logins (Django's signals,
django-axes' lockouts), and the account models' changes (tracking)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from config.logins import login_username

from . import tracking
from .models import Action
from .records import record

# Sent by the login form for a wrong second-factor code (newsroom.second_factor.forms).
WRONG_CODE_SENDER = "StaffLoginForm"


def logged_in(sender, request, user, **kwargs):
    record(Action.LOGIN, user, user=user)


def logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(Action.LOGOUT, user, user=user)


def login_failed(sender, credentials, request=None, **kwargs):
    """One entry per refused attempt. Connected after django-axes' own receiver, which marks
    the request locked out when this attempt reached the limit or one was in force."""
    username = login_username(request, credentials) if request else credentials.get("username")
    account = get_user_model()._base_manager.filter(username=username).first()
    locked = getattr(request, "axes_locked_out", False)
    detail = {"reason": "code"} if getattr(sender, "__name__", "") == WRONG_CODE_SENDER else {}
    record(
        Action.LOCKED_OUT if locked else Action.LOGIN_FAILED,
        account,
        detail=detail,
        succeeded=False,
        user=account,
        username=str(username or "")[:150],
    )


def connect():
    user_logged_in.connect(logged_in, dispatch_uid="audit-login")
    user_logged_out.connect(logged_out, dispatch_uid="audit-logout")
    user_login_failed.connect(login_failed, dispatch_uid="audit-login-failed")
    tracking.track(
        get_user_model(),
        (
            "username",
            "first_name",
            "last_name",
            "email",
            "is_active",
            "is_staff",
            "is_superuser",
            "password",
        ),
        many_to_many=("groups", "user_permissions"),
    )
    tracking.track(Group, ("name",), many_to_many=("permissions",))
