from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteSettingsConfig(AppConfig):
    name = "sitesettings"
    verbose_name = _("Site settings")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from auditlog.tracking import track

        from .cache import changed
        from .models import FriendlyLink, SiteSettings

        for model in (SiteSettings, FriendlyLink):
            post_save.connect(changed, sender=model, dispatch_uid=f"sitewide-{model.__name__}")
            post_delete.connect(changed, sender=model, dispatch_uid=f"sitewide-{model.__name__}")
            track(model)
