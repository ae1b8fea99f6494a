from django.db import migrations
from django.utils.text import slugify

from pare.geography import departments, regions


def load(apps, schema_editor):
    Region = apps.get_model("pare", "Region")
    Department = apps.get_model("pare", "Department")
    for code, name in regions():
        Region.objects.update_or_create(code=code, defaults={"name": name, "slug": slugify(name)})
    for code, name, region_code in departments():
        Department.objects.update_or_create(
            code=code, defaults={"name": name, "region_id": region_code}
        )


class Migration(migrations.Migration):
    dependencies = [("pare", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
