from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from categories.demo import ensure_demo_tree
from categories.tree import ColumnTree
from news.importing import import_lines

DEMO_ARTICLES = Path(__file__).resolve().parents[2] / "demo" / "articles.jsonl"


class Command(BaseCommand):
    help = "Load the demo column tree and sample articles. Safe to run again: nothing is doubled."

    def handle(self, **options):
        columns = ensure_demo_tree()
        lines = DEMO_ARTICLES.read_text(encoding="utf-8").splitlines()
        report = import_lines(lines, ColumnTree.load())
        if report.errors:
            raise CommandError(f"demo data is broken: {report.errors[:3]}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo: {columns} columns and {len(report.created)} articles created, "
                f"{len(report.existing)} articles already present."
            )
        )
