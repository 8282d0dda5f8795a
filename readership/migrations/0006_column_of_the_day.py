"""The column a day's views count in (readership.day_columns), given to the rows there are:
their article's column, as the dashboard read it until now. The rows are filled a batch at
a time, each batch its own transaction (the migration is not atomic), so that a hit waits
at most for one batch rather than for the whole table (3.6 M rows for the benchmark's
year); on PostgreSQL the index of the rows still without a column is then built without
blocking writes. A row counted meanwhile by the release before, without its column, is
given it when the rows are next read."""

import django.db.models.deletion
from django.db import migrations, models

BATCH = 20_000
UNKNOWN_COLUMN = models.Index(
    condition=models.Q(("column__isnull", True)),
    fields=["article"],
    name="daily_views_unknown_column",
)


def give_rows_their_columns(apps, schema_editor):
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    table = quote(apps.get_model("readership", "DailyViews")._meta.db_table)
    articles = quote(apps.get_model("news", "Article")._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MIN(id), MAX(id) FROM {table}")
        first, last = cursor.fetchone()
        for start in range(first or 0, (last or -1) + 1, BATCH):
            cursor.execute(
                f"UPDATE {table} SET column_id = (SELECT a.column_id FROM {articles} a "
                f"WHERE a.id = {table}.article_id) "
                "WHERE id >= %s AND id < %s AND column_id IS NULL",
                [start, start + BATCH],
            )


def add_unknown_column_index(apps, schema_editor):
    model = apps.get_model("readership", "DailyViews")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(model, UNKNOWN_COLUMN, concurrently=True)
    else:
        schema_editor.add_index(model, UNKNOWN_COLUMN)


def remove_unknown_column_index(apps, schema_editor):
    schema_editor.remove_index(apps.get_model("readership", "DailyViews"), UNKNOWN_COLUMN)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("categories", "0006_category_update_cycle_days"),
        ("news", "0030_cover_kept_private_until_published"),
        ("readership", "0005_windows"),
    ]

    operations = [
        migrations.AddField(
            model_name="dailyviews",
            name="column",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="categories.category",
                verbose_name="column",
            ),
        ),
        migrations.RunPython(give_rows_their_columns, migrations.RunPython.noop),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="dailyviews", index=UNKNOWN_COLUMN)],
            database_operations=[
                migrations.RunPython(add_unknown_column_index, remove_unknown_column_index)
            ],
        ),
    ]
