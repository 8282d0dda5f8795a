from axes import apps as axes_apps
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static import apps as otp_static_apps
from django_otp.plugins.otp_totp import apps as otp_totp_apps


class NewsroomConfig(AppConfig):
    """The staff side: the article admin, the review workflow, revisions."""

    name = "newsroom"
    verbose_name = _("Newsroom")

    def ready(self):
        from django.contrib.auth.models import Group

        from auditlog.tracking import track, track_deletions
        from news.models import Article

        from .groups import group_name
        from .models import ColumnRight, ReviewPath

        # A group is shown by str() in every choice, filter and list of the admin.
        Group.__str__ = group_name

        track(ColumnRight, many_to_many=("columns",))
        track(ReviewPath)
        track_deletions(Article)


class LoginRecordsConfig(axes_apps.AppConfig):
    """django-axes (login throttling), under a name staff read in their language: its own,
    "Axes", is not translated."""

    # Listed in INSTALLED_APPS by its path; "newsroom" stays NewsroomConfig's.
    default = False
    verbose_name = _("Login records")


class AuthenticatorAppsConfig(otp_totp_apps.DefaultConfig):
    """django-otp's TOTP devices (the authenticator apps of the two-step login), under a name
    staff read in their language."""

    default = False
    verbose_name = _("Authenticator apps")


class RecoveryCodesConfig(otp_static_apps.DefaultConfig):
    """django-otp's static devices: each user's one-time recovery codes."""

    default = False
    verbose_name = _("Recovery codes")
