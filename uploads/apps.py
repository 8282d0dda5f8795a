from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UploadsConfig(AppConfig):
    """Media: image and document checks, generated names, thumbnails, the body editor's
    uploads, serving downloads. It knows nothing of articles; news, newsroom, sitesettings
    and dedecms use it."""

    name = "uploads"
    verbose_name = _("Uploads")
