from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteCacheConfig(AppConfig):
    name = "sitecache"
    verbose_name = _("Site cache")
