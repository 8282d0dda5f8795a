from axes.apps import AppConfig as AxesConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    """The staff side: the article admin, the review workflow, revisions."""

    name = "newsroom"
    verbose_name = _("Newsroom")


class LoginRecordsConfig(AxesConfig):
    """django-axes (login throttling), under a name staff read in their language: its own,
    "Axes", is not translated."""

    verbose_name = _("Login records")
