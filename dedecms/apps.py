from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DedecmsConfig(AppConfig):
    """Moving a DedeCMS site in: the importer, its bookkeeping and the old sites' URLs."""

    name = "dedecms"
    verbose_name = _("DedeCMS import")
