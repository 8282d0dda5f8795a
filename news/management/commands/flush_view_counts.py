from django.conf import settings
from django.core.management.base import BaseCommand

from news import counter


class Command(BaseCommand):
    help = "Move the hits buffered in Redis into the articles' stored view counts."

    def handle(self, **options):
        if settings.VIEW_COUNTER_BACKEND != "redis":
            self.stdout.write("The view counter is the database backend: nothing is buffered.")
            return
        moved = counter.flush()
        self.stdout.write(self.style.SUCCESS(f"Moved {moved} buffered hits into the database."))
