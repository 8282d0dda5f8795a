from django.db import migrations, models
from PIL import ExifTags, Image

QUARTER_TURNS = {5, 6, 7, 8}


def record_cover_sizes(apps, schema_editor):
    """The size as shown of every cover already stored; a file that is missing or unreadable
    leaves it unknown, as before."""
    Article = apps.get_model("news", "Article")
    for article in Article.objects.exclude(cover="").only("pk", "cover").iterator():
        try:
            with article.cover.open("rb") as handle, Image.open(handle) as image:
                width, height = image.size
                if image.getexif().get(ExifTags.Base.Orientation) in QUARTER_TURNS:
                    width, height = height, width
        except (OSError, ValueError, SyntaxError):
            continue
        Article.objects.filter(pk=article.pk).update(cover_width=width, cover_height=height)


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0016_column_list_index_in_page_order"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="cover_height",
            field=models.PositiveIntegerField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="article",
            name="cover_width",
            field=models.PositiveIntegerField(editable=False, null=True),
        ),
        migrations.RunPython(record_cover_sizes, migrations.RunPython.noop),
    ]
