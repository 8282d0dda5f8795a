from django.contrib.auth.management import create_permissions
from django.db import migrations

CHIEF_EDITORS = "Chief editors"
# Everything an editor may do, and also publishing, unpublishing, scheduling, sending back.
CHIEF_EDITOR_PERMISSIONS = [
    ("news", "article", ["add", "change", "view", "publish"]),
    ("categories", "category", ["view"]),
]


def create_chief_editors_group(apps, schema_editor):
    # The publish permission is new in 0004; create it now rather than after all migrations.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=CHIEF_EDITORS)
    for app_label, model, actions in CHIEF_EDITOR_PERMISSIONS:
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label,
                codename__in=[f"{action}_{model}" for action in actions],
            )
        )


def remove_chief_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=CHIEF_EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [("news", "0004_editorial_workflow")]

    operations = [migrations.RunPython(create_chief_editors_group, remove_chief_editors_group)]
