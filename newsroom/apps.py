from axes import apps as axes_apps
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    """The staff side: the article admin, the review workflow, revisions."""

    name = "newsroom"
    verbose_name = _("Newsroom")


class LoginRecordsConfig(axes_apps.AppConfig):
    """django-axes (login throttling), under a name staff read in their language: its own,
    "Axes", is not translated."""

    # Listed in INSTALLED_APPS by its path; "newsroom" stays NewsroomConfig's.
    default = False
    verbose_name = _("Login records")
