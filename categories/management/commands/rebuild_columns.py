from django.core.management.base import BaseCommand

from categories.locking import column_tree_lock
from categories.models import Category


class Command(BaseCommand):
    help = "Recompute the column tree's lft/rght/level from the parent links (after bulk edits)."

    def handle(self, **options):
        with column_tree_lock():
            Category.objects.rebuild()
        self.stdout.write(self.style.SUCCESS(f"Rebuilt {Category.objects.count()} columns."))
