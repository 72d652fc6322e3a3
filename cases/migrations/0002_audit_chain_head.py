from django.db import migrations


def create_head(apps, schema_editor):
    apps.get_model("cases", "AuditChainHead").objects.get_or_create(singleton=1)


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(create_head, migrations.RunPython.noop)]
