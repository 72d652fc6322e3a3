"""Security test finding 6: the prosecutor's office of an Article 40 referral, in clear until
now, is encrypted under the case key like the referral's note.

The clear column is renamed aside, the encrypted one created under the final name (the
field name is bound into the ciphertext), every row sealed, then the clear column dropped.
"""

from django.db import migrations

import cases.core.crypto.fields
from cases.core.crypto.aead import DecryptionError


def seal_rows(apps, schema_editor):
    Referral = apps.get_model("cases", "Article40Referral")
    for row in Referral.objects.all().iterator(chunk_size=500):
        row.prosecutor_office = row.prosecutor_office_clear or ""
        try:
            row.save(update_fields=["prosecutor_office"])
        except DecryptionError:  # pragma: no cover - the case key was shredded: keep nothing
            pass


def open_rows(apps, schema_editor):
    Referral = apps.get_model("cases", "Article40Referral")
    for row in Referral.objects.all().iterator(chunk_size=500):
        try:
            row.prosecutor_office_clear = row.prosecutor_office or ""
        except DecryptionError:  # pragma: no cover - key shredded: nothing to restore
            row.prosecutor_office_clear = ""
        row.save(update_fields=["prosecutor_office_clear"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_user_roles_version"),
    ]

    operations = [
        migrations.RenameField(
            model_name="article40referral",
            old_name="prosecutor_office",
            new_name="prosecutor_office_clear",
        ),
        migrations.AddField(
            model_name="article40referral",
            name="prosecutor_office",
            field=cases.core.crypto.fields.EncryptedTextField(
                blank=True, null=True, verbose_name="parquet"
            ),
        ),
        migrations.RunPython(seal_rows, open_rows, elidable=False),
        migrations.RemoveField(
            model_name="article40referral",
            name="prosecutor_office_clear",
        ),
    ]
