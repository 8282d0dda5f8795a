from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadershipConfig(AppConfig):
    """Readership (阅读统计): each article's views per day beside its total, the readers'
    本周热门 and 本月热门 lists, and the editors' dashboard drawn from them."""

    name = "readership"
    verbose_name = _("Readership")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from auditlog.tracking import track

        from . import signals
        from .models import DailyViews, ListChoice

        # A daily row saved by hand (not by a hit: the counter writes with SQL of its own).
        post_save.connect(signals.day_changed, sender=DailyViews, dispatch_uid="readership-day")
        for signal in (post_save, post_delete):
            signal.connect(signals.lists_changed, sender=ListChoice, dispatch_uid="reader-lists")
        track(ListChoice)
