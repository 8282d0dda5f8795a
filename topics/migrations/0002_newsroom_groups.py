from django.contrib.auth.management import create_permissions
from django.db import migrations

# The newsroom's groups (news 0002, 0005), by either of the names migrations gave them.
EDITORS = ("编辑", "Editors")
CHIEF_EDITORS = ("主编", "Chief editors")
CONTENTS = [
    f"{action}_{model}"
    for model in ("topicsection", "topicarticle")
    for action in ("add", "change", "view", "delete")
]
# Reporters make and edit draft topics; chief editors also publish them and delete them.
GRANTS = {
    EDITORS: ["add_topic", "change_topic", "view_topic", *CONTENTS],
    CHIEF_EDITORS: ["add_topic", "change_topic", "view_topic", "delete_topic", "publish_topic",
                    *CONTENTS],
}  # fmt: skip


def groups(apps, names):
    return apps.get_model("auth", "Group").objects.filter(name__in=names)


def permissions(apps, codenames):
    return apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="topics", codename__in=codenames
    )


def grant(apps, schema_editor):
    # Permissions are created after all migrations; these are needed now, for the groups.
    app_config = apps.get_app_config("topics")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    for names, codenames in GRANTS.items():
        for group in groups(apps, names):
            group.permissions.add(*permissions(apps, codenames))


def revoke(apps, schema_editor):
    for names, codenames in GRANTS.items():
        for group in groups(apps, names):
            group.permissions.remove(*permissions(apps, codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("topics", "0001_topics"),
        ("news", "0023_group_names_in_chinese"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
