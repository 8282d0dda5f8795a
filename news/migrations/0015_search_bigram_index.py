"""The search's bigram index (news.search_index): the search_grams field, filled for the
articles there are in batches, then its index: on PostgreSQL a GIN index that replaces the
three trigram indexes of 0003 (pg_trgm found no trigram in a two-character word, and depends
on the locale for Chinese); on SQLite an FTS5 table kept in step by triggers, when the SQLite
library has FTS5.
"""

from django.db import DatabaseError, migrations, transaction

from news import search_index

TRIGRAM_COLUMNS = ("title", "summary", "body_text")


def compress_with_lz4(apps, schema_editor):
    """On PostgreSQL, where it has lz4, store the entries with it: a search tests a row's
    entries as it walks, and lz4 gives them back three times faster than the default pglz."""
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute(
                "ALTER TABLE news_article ALTER COLUMN search_grams SET COMPRESSION lz4"
            )
    except DatabaseError:
        pass  # a server built without lz4 keeps pglz


def fill_search_grams(apps, schema_editor):
    search_index.fill(apps.get_model("news", "Article"), schema_editor.connection)


def create_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        for column in TRIGRAM_COLUMNS:
            schema_editor.execute(f"DROP INDEX IF EXISTS news_article_{column}_trgm")
        schema_editor.execute(search_index.PG_CREATE_INDEX)
        # The planner's figures of how many articles hold a bigram come with the index's
        # statistics: without them it would take a common word for a rare one.
        schema_editor.execute("ANALYZE news_article")
    elif connection.vendor == "sqlite":
        search_index.create_sqlite_index(connection)


def drop_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute(search_index.PG_DROP_INDEX)
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for column in TRIGRAM_COLUMNS:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS news_article_{column}_trgm "
                f'ON news_article USING gin (UPPER("{column}") gin_trgm_ops)'
            )
    elif connection.vendor == "sqlite":
        search_index.drop_sqlite_index(connection)


class Migration(migrations.Migration):
    dependencies = [("news", "0014_hits_rewrite_no_index")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_grams",
            field=search_index.SearchGramsField(blank=True, editable=False),
        ),
        migrations.RunPython(compress_with_lz4, migrations.RunPython.noop),
        migrations.RunPython(fill_search_grams, migrations.RunPython.noop),
        migrations.RunPython(create_index, drop_index),
    ]
