from django.contrib.auth.management import create_permissions
from django.db import migrations

# Editors and publishers read and moderate proposals; nobody adds one from the admin.
CODENAMES = ("view_proposal", "change_proposal", "delete_proposal")


def grant(apps, schema_editor):
    config = apps.get_app_config("proposals")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    moderating = Permission.objects.filter(
        content_type__app_label="proposals", codename__in=CODENAMES
    )
    for group in Group.objects.filter(name__in=("Rédaction", "Publication")):
        group.permissions.add(*moderating)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for permission in Permission.objects.filter(content_type__app_label="proposals"):
        permission.group_set.clear()


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0001_proposals"),
        ("newsletters", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
