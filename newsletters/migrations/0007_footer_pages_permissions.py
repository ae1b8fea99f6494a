"""The staff groups and the footer's pages: what they say is public at once, so publishers edit
them and editors only read them (the groups are this app's, migration 0002)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    config = apps.get_app_config("pare")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    page = Permission.objects.filter(content_type__app_label="pare", content_type__model="page")
    for group in Group.objects.filter(name="Rédaction"):
        group.permissions.remove(*page.exclude(codename="view_page"))
        group.permissions.add(*page.filter(codename="view_page"))
    for group in Group.objects.filter(name="Publication"):
        group.permissions.remove(*page.filter(codename__in=("add_page", "delete_page")))
        group.permissions.add(*page.filter(codename__in=("view_page", "change_page")))


class Migration(migrations.Migration):
    dependencies = [
        ("newsletters", "0006_historicalissue"),
        ("pare", "0008_footer_pages_draft_wording"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
