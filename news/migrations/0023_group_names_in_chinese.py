from django.db import migrations

# The groups 0002 and 0005 made, by the names staff read in the admin.
NAMES = [("Editors", "编辑"), ("Chief editors", "主编")]


def rename(apps, pairs):
    Group = apps.get_model("auth", "Group")
    for old, new in pairs:
        # A group someone already made under the new name keeps it; the old one stays as it is.
        if not Group.objects.filter(name=new).exists():
            Group.objects.filter(name=old).update(name=new)


def to_chinese(apps, schema_editor):
    rename(apps, NAMES)


def to_english(apps, schema_editor):
    rename(apps, [(new, old) for old, new in NAMES])


class Migration(migrations.Migration):
    dependencies = [("news", "0022_attachment_titles_without_control_characters")]

    operations = [migrations.RunPython(to_chinese, to_english)]
