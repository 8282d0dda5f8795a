"""Single characters in the search index (news.search_index): every article's entries are
stored again, now with its letters and digits and, marked, the title's.

On PostgreSQL the entries are kept in the row (storage MAIN: compressed, moved out to the
TOAST table only when the row would not fit its page). A search walking the newest articles
tests each row's entries; with the characters they pass the ~2 KB above which PostgreSQL
moves a value out of the row by default, and each test became a TOAST lookup: a walk of
3,400 rows read 7,200 buffers and took 206 ms, and reads 3,437 in the row (bench/README.md). The GIN index is dropped for
the rewrite and built once after (one sort rather than an index insertion per entry of
every row), then the planner's figures are gathered again: they say how many articles hold
each entry. On SQLite the FTS5 table follows through its trigger.

Going back keeps the entries: the search before this ignores those it does not ask for."""

from django.db import migrations

from news import search_index


def fill_with_characters(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute(search_index.PG_DROP_INDEX)
        schema_editor.execute("ALTER TABLE news_article ALTER COLUMN search_grams SET STORAGE MAIN")
    search_index.fill(apps.get_model("news", "Article"), connection)
    if connection.vendor == "postgresql":
        schema_editor.execute(search_index.PG_CREATE_INDEX)
        schema_editor.execute("ANALYZE news_article")


class Migration(migrations.Migration):
    dependencies = [("news", "0025_review_note_by_any_reviewer")]

    operations = [migrations.RunPython(fill_with_characters, migrations.RunPython.noop)]
