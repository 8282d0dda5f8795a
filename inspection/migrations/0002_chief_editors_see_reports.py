from django.contrib.auth.management import create_permissions
from django.db import migrations

CHIEF_EDITORS = "主编"
PERMISSIONS = ["view_errorreport", "change_errorreport", "view_brokenlink"]


def grant(apps, schema_editor):
    # Permissions are created after all migrations; these are needed now, for the group.
    app_config = apps.get_app_config("inspection")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    group = apps.get_model("auth", "Group").objects.filter(name=CHIEF_EDITORS).first()
    if group is not None:
        group.permissions.add(
            *apps.get_model("auth", "Permission").objects.filter(
                content_type__app_label="inspection", codename__in=PERMISSIONS
            )
        )


def revoke(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=CHIEF_EDITORS).first()
    if group is not None:
        group.permissions.remove(
            *group.permissions.filter(
                content_type__app_label="inspection", codename__in=PERMISSIONS
            )
        )


class Migration(migrations.Migration):
    """主编 read the readers' error reports, mark them handled, and read the broken links."""

    dependencies = [
        ("inspection", "0001_initial"),
        ("news", "0023_group_names_in_chinese"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
