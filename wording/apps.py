from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WordingConfig(AppConfig):
    name = "wording"
    verbose_name = _("Sensitive words")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from auditlog.tracking import track

        from . import lists
        from .models import SensitiveWord

        # Every process rebuilds its automaton after a change made in any of them.
        post_save.connect(lists.changed, sender=SensitiveWord, dispatch_uid="wording-saved")
        post_delete.connect(lists.changed, sender=SensitiveWord, dispatch_uid="wording-deleted")
        track(SensitiveWord)
