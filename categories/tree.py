"""The column tree as pages read it: all columns in one ordered query, navigated in memory.

A news site has tens to a few thousand columns; reading them once per request keeps every
page's query count the same whatever the tree's depth or size.
"""

from django.utils.functional import cached_property

from .models import Category


class ColumnTree:
    def __init__(self, columns):
        self.columns = list(columns)
        self._by_id = {column.pk: column for column in self.columns}
        self._by_slug = {column.slug: column for column in self.columns}
        self._children = {}
        for column in self.columns:
            self._children.setdefault(column.parent_id, []).append(column)

    @classmethod
    def load(cls):
        return cls(Category.objects.order_by("tree_id", "lft"))

    def get(self, slug):
        return self._by_slug.get(slug)

    def by_id(self, pk):
        return self._by_id.get(pk)

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
