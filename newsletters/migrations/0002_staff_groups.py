from django.contrib.auth.management import create_permissions
from django.db import migrations

APPS = ("pare", "events", "news", "resources", "newsletters")
PUBLISH = {
    "publish_organisation",
    "publish_event",
    "publish_initiative",
    "publish_resource",
    "publish_issue",
}
# Reference data staff read but never edit.
READ_ONLY = {"region", "department"}


def create_groups(apps, schema_editor):
    for label in APPS:
        config = apps.get_app_config(label)
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    content = Permission.objects.filter(content_type__app_label__in=APPS)
    editing = content.exclude(codename__in=PUBLISH).exclude(
        content_type__model__in=READ_ONLY, codename__regex=r"^(add|change|delete)_"
    )

    editors, _ = Group.objects.get_or_create(name="Rédaction")
    editors.permissions.set(editing)
    publishers, _ = Group.objects.get_or_create(name="Publication")
    publishers.permissions.set(editing | content.filter(codename__in=PUBLISH))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=("Rédaction", "Publication")).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("pare", "0002_geography"),
        ("events", "0001_initial"),
        ("news", "0001_initial"),
        ("resources", "0001_initial"),
        ("newsletters", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
