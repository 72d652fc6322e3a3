from django.db import migrations


def create(apps, schema_editor):
    from cases.categories import ensure_default_categories

    ensure_default_categories(apps.get_model("cases", "Category"))


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_procedure")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
