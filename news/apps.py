from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import lookups, search_index, signals  # noqa: F401 (lookups: __one_of)

        post_migrate.connect(search_index.repair_after_migrate, sender=self)
