"""The column tree as pages read it: all columns in one ordered query, navigated in memory.

A news site has tens to a few thousand columns. Each process keeps the tree it read last
with the columns' content version it was read at, and reads it again only when a column
write has changed that version (see sitecache.versions): the tree costs no query per
request, and an edit shows on the very next request in every process.
"""

import threading

from django.utils.functional import cached_property

from .models import Category

_latest = threading.local()


class ColumnTree:
    def __init__(self, columns):
        self.columns = list(columns)
        self._by_id = {column.pk: column for column in self.columns}
        self._by_slug = {column.slug: column for column in self.columns}
        self._children = {}
        self._subtrees = {}
        for column in self.columns:
            self._children.setdefault(column.parent_id, []).append(column)

    @classmethod
    def load(cls):
        return cls(Category.objects.order_by("tree_id", "lft"))

    @classmethod
    def at_version(cls, version):
        """The tree as of the columns' `version`: this thread's copy if it is that version."""
        tree = getattr(_latest, "tree", None)
        if tree is None or tree.version != version:
            tree = cls.load()
            tree.version = version
            _latest.tree = tree
        return tree

    def get(self, slug):
        return self._by_slug.get(slug)

    def by_id(self, pk):
        return self._by_id.get(pk)

    def subtree_ids(self, column):
        """The ids of the column and all its descendants (they follow it in tree order)."""
        ids = self._subtrees.get(column.pk)
        if ids is None:
            ids = self._subtrees[column.pk] = [
                c.pk
                for c in self.columns
                if c.tree_id == column.tree_id and column.lft <= c.lft and c.rght <= column.rght
            ]
        return ids

    def ancestors(self, column):
        """The column's ancestors, root first, without the column itself."""
        chain = []
        parent = self._by_id.get(column.parent_id)
        while parent is not None:
            chain.append(parent)
            parent = self._by_id.get(parent.parent_id)
        return chain[::-1]

    def path(self, column_id, separator=" / "):
        column = self._by_id.get(column_id)
        if column is None:
            return ""
        return separator.join(c.name for c in [*self.ancestors(column), column])

    def children(self, column, include_hidden=False):
        """The column's children in tree order; the top-level columns for column=None."""
        children = self._children.get(column.pk if column else None, [])
        return children if include_hidden else [c for c in children if c.is_visible]

    def siblings(self, column):
        """The visible columns that share the column's parent, the column itself always included."""
        return [c for c in self._children.get(column.parent_id, []) if c.is_visible or c == column]

    @cached_property
    def navigation(self):
        return self.children(None)
