from django.contrib.auth.management import create_permissions
from django.db import migrations

ACTIONS = ["add", "change", "delete", "view"]


def grant(apps, schema_editor):
    """Groups that may change articles may edit their image sets (the article form's inline)."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    picture_permissions = Permission.objects.filter(
        content_type__app_label="gallery", codename__in=[f"{a}_picture" for a in ACTIONS]
    )
    for group in Group.objects.filter(
        permissions__content_type__app_label="news", permissions__codename="change_article"
    ):
        group.permissions.add(*picture_permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("gallery", "0001_initial"),
        ("news", "0023_group_names_in_chinese"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
