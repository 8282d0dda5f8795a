from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    """The staff side: the article admin, the review workflow, revisions."""

    name = "newsroom"
    verbose_name = _("Newsroom")
