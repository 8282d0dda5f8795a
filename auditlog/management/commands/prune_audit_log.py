from django.conf import settings
from django.core.management.base import BaseCommand

from auditlog.models import Action, Entry
from auditlog.records import record


class Command(BaseCommand):
    help = (
        "Remove the audit entries older than DJANGO_AUDIT_RETENTION_DAYS (365 by default, "
        "never under 180). Run it daily (docs/deploy.md)."
    )

    def handle(self, **options):
        days = settings.AUDIT_RETENTION_DAYS
        count = Entry.objects.remove_expired(days)
        record(Action.PRUNE, detail={"count": count, "retention_days": days})
        self.stdout.write(f"removed {count} audit entries older than {days} days")
