"""Columns that inspections count against a site: those with no public article within their
update cycle (categories.Category.update_cycle_days), and those with none at all. A column's
articles are its own and its descendants', as its page lists them."""

from datetime import timedelta

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from categories.models import Category
from news.models import Article


def columns_behind():
    """(overdue, empty): overdue columns as (column, its latest public article's time or
    None), most overdue first; empty columns in tree order. One query: each column's latest
    public article is one short walk of the column's list index, however many it has."""
    newest = Article.objects.published().filter(column=OuterRef("pk")).order_by("-published_at")
    columns = list(
        Category.objects.annotate(latest_own=Subquery(newest.values("published_at")[:1])).order_by(
            "tree_id", "lft"
        )
    )
    now = timezone.now()
    overdue, empty = [], []
    for column in columns:
        latest = max(
            (c.latest_own for c in columns if c.latest_own and in_subtree(c, column)),
            default=None,
        )
        if latest is None:
            empty.append(column)
        if column.update_cycle_days and (
            latest is None or latest < now - timedelta(days=column.update_cycle_days)
        ):
            overdue.append((column, latest))
    # Never updated first, then the oldest.
    overdue.sort(key=lambda pair: (pair[1] is not None, pair[1] or now))
    return overdue, empty


def in_subtree(column, root):
    return column.tree_id == root.tree_id and root.lft <= column.lft <= root.rght
