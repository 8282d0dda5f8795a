"""Trigram indexes for /search/ on PostgreSQL; nothing on SQLite.

The search uses icontains, which PostgreSQL runs as UPPER(col) LIKE UPPER(%s), so the
indexes are on UPPER(col). Trigrams of Chinese text need a UTF-8 LC_CTYPE database.
"""

from django.db import migrations

COLUMNS = ("title", "summary", "body_text")


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS news_article_{column}_trgm "
            f'ON news_article USING gin (UPPER("{column}") gin_trgm_ops)'
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS news_article_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("news", "0002_editors_group")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
