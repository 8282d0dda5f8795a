from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TopicsConfig(AppConfig):
    """Special topics (专题): a page gathering chosen articles into named sections."""

    name = "topics"
    verbose_name = _("Special topics")

    def ready(self):
        from auditlog.tracking import track
        from news import caching

        from . import signals
        from .models import Topic

        signals.connect()
        track(Topic, fields=signals.AUDITED_FIELDS)
        # A topic scheduled for later goes public at its time with no write: the kept pages'
        # keys change then, as for a scheduled article.
        caching.SCHEDULED.append(Topic.objects.next_publication)
