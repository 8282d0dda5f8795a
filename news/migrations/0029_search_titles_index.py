from django.db import migrations

from news import search_index


def create_titles_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(search_index.PG_CREATE_TITLES_INDEX)


def drop_titles_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(search_index.PG_DROP_TITLES_INDEX)


class Migration(migrations.Migration):
    """PostgreSQL: the articles' public order with their titles, which a search's walk for
    title matches reads alone (news.search_index._walked_titles). SQLite walks its date index
    and the FTS table's list as before."""

    dependencies = [
        ("news", "0028_reprint_metadata"),
    ]

    operations = [migrations.RunPython(create_titles_index, drop_titles_index)]
