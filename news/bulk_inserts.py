"""Inserting a batch of new rows: COPY on PostgreSQL, bulk_create elsewhere (the imports:
import_articles, import_dedecms).

On PostgreSQL bulk_create sends a batch as one array per column, which psycopg quotes in
Python, element by element: for a batch of articles, with their bodies, that costs more
than sanitizing them. COPY sends the rows as they are, formatted in C.
"""

from django.db import connections


def insert(objs):
    """Save new instances of one model, as bulk_create would (auto_now fields stamped, no
    save() or signals), and give them their primary keys."""
    if not objs:
        return
    model = type(objs[0])
    # The connection itself, not django.db.connection: that proxy costs a thread-local
    # lookup at each of the fields' many uses of it.
    connection = connections[model.objects.db]
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs)
        return
    meta, quote = model._meta, connection.ops.quote_name
    with connection.cursor() as cursor:
        if meta.pk.get_internal_type() in {"AutoField", "BigAutoField", "SmallAutoField"}:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, len(objs)],
            )
            for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
                obj.pk = pk
        fields = meta.concrete_fields
        rows = [
            [field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields]
            for obj in objs
        ]
        copy_rows(
            cursor.cursor,
            f"COPY {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)})"
            " FROM STDIN",
            rows,
        )
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias


def copy_rows(cursor, statement, rows):
    with cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
