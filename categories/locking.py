"""Serialize writes to the column tree.

django-mptt rewrites lft/rght of many rows on every insert, move and delete and takes no
lock, so two concurrent writers corrupt the tree. On PostgreSQL every tree write first takes
a transaction-scoped advisory lock; SQLite already allows only one writer at a time.
Every tree write also changes the columns' content version, which invalidates every cached
copy of the tree.
"""

from contextlib import contextmanager

from django.db import connection, transaction

from sitecache import versions

COLUMN_TREE_LOCK = 7_000_001


def hold_column_tree_lock():
    """Take the tree lock until the current transaction ends, without writing anything."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [COLUMN_TREE_LOCK])


@contextmanager
def column_tree_lock():
    with transaction.atomic():
        hold_column_tree_lock()
        # Changed before the write, in its transaction: undone with it if it rolls back.
        versions.bump(versions.COLUMNS)
        yield
