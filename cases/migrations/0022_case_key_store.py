"""The key store (docs/BACKUP.md): each case key's secret, routed by
``cases.core.crypto.keystore.KeyStoreRouter`` to ``RECUEIL_KEY_STORE_DATABASE``.

Keys that exist already were wrapped by the master key alone: they get scheme 1
(``rotate_master_key`` moves them to scheme 2); new keys default to scheme 2.
"""

from django.db import migrations, models

SCHEMES = [
    (1, 'clé maîtresse seule (avant le magasin de clés)'),
    (2, 'clé maîtresse et secret du magasin de clés'),
]


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0021_disciplinary_outcome'),
    ]

    operations = [
        migrations.CreateModel(
            name='CaseKeySecret',
            fields=[
                ('key_id', models.UUIDField(editable=False, primary_key=True, serialize=False)),
                ('secret', models.BinaryField(verbose_name='secret')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='créé le')),
            ],
            options={
                'verbose_name': 'secret de clé de dossier',
                'verbose_name_plural': 'secrets de clés de dossier',
            },
        ),
        migrations.AddField(
            model_name='casekey',
            name='scheme',
            field=models.PositiveSmallIntegerField(
                choices=SCHEMES, default=1, verbose_name="schéma d'enveloppe"
            ),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name='casekey',
            name='scheme',
            field=models.PositiveSmallIntegerField(
                choices=SCHEMES, db_default=2, default=2, verbose_name="schéma d'enveloppe"
            ),
        ),
    ]
