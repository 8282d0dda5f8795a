from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    """Groups that may publish (the chief editors) keep the sensitive-word list."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    word_permissions = Permission.objects.filter(content_type__app_label="wording")
    for group in Group.objects.filter(
        permissions__content_type__app_label="news", permissions__codename="publish_article"
    ):
        group.permissions.add(*word_permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("wording", "0001_sensitive_words"),
        ("news", "0005_chief_editors_group"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
