"""`foreign_key__one_of=[…]` (integer keys): the key's value is one of the list's, as `__in`
says, but on PostgreSQL with the list as one array parameter (`= ANY(%s)`).

A column's subtree can hold hundreds of columns (新闻中心 of the benchmark's tree: 274).
`__in` writes a placeholder for each: the ORM compiles them and psycopg adapts them one by
one, into a statement too long for its parse cache: ~2.5 ms of Python a statement for
新闻中心's list, two statements on every page of it rendered afresh (bench/README.md). One
array literal is one value, and the statement's text is the same whatever the list;
PostgreSQL plans `IN (…)` as `= ANY('{…}')` in any case. Elsewhere, `IN (…)`.
"""

from django.db.models import ForeignKey
from django.db.models.lookups import In


@ForeignKey.register_lookup
class OneOf(In):
    lookup_name = "one_of"

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        # An array literal of the keys' numbers: psycopg would adapt a list item by item.
        keys = "{" + ",".join(str(int(value)) for value in self.rhs) + "}"
        key_type = self.lhs.output_field.db_type(connection)
        return f"{lhs} = ANY(%s::{key_type}[])", (*lhs_params, keys)
