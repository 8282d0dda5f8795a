from django.contrib.auth.management import create_permissions
from django.db import migrations

ACTIONS = ["add", "change", "delete", "view"]


def grant(apps, schema_editor):
    """Groups that may change articles may manage their attachments (the admin's inline)."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    attachment_permissions = Permission.objects.filter(
        content_type__app_label="news", codename__in=[f"{a}_attachment" for a in ACTIONS]
    )
    for group in Group.objects.filter(
        permissions__content_type__app_label="news", permissions__codename="change_article"
    ):
        group.permissions.add(*attachment_permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0009_attachments"),
        ("news", "0005_chief_editors_group"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
