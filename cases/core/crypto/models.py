"""Per-case data keys (T3, T5), wrapped under two things kept apart from each other.

A ``CaseKey`` row (main database) holds the data key wrapped under a key derived from
the master key (key ring, configuration) **and** the case key's ``CaseKeySecret`` (the
key store, a second database: ``RECUEIL_KEY_STORE_URL``). Neither place alone, nor
both databases without the key ring, opens a data key.

Crypto-shredding nulls ``wrapped`` and deletes the secret from the key store. A main
database backup taken before the shredding still holds ``wrapped``, but no key store
holds the secret any more, so the data key cannot be rebuilt: old main backups
included. The key store's own backups are the window: they are kept
``RECUEIL_KEY_STORE_BACKUP_DAYS`` days (docs/BACKUP.md).

``scheme`` 1 marks keys created before the key store, wrapped by the master key
alone; ``rotate_master_key`` moves them to scheme 2.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseKey(models.Model):
    class Scheme(models.IntegerChoices):
        MASTER_ONLY = 1, _("clé maîtresse seule (avant le magasin de clés)")
        MASTER_AND_STORE = 2, _("clé maîtresse et secret du magasin de clés")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    master_key_id = models.CharField(_("clé maîtresse"), max_length=32, db_index=True)
    scheme = models.PositiveSmallIntegerField(
        _("schéma d'enveloppe"),
        choices=Scheme.choices,
        default=Scheme.MASTER_AND_STORE,
        db_default=Scheme.MASTER_AND_STORE,
    )
    wrapped = models.BinaryField(_("clé chiffrée"), null=True, editable=False)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    shredded_at = models.DateTimeField(_("détruite le"), null=True, blank=True)

    class Meta:
        verbose_name = _("clé de dossier")
        verbose_name_plural = _("clés de dossier")

    def __str__(self) -> str:
        return f"case-key:{self.pk}"


class CaseKeySecret(models.Model):
    """The key store's half of a case key: routed to ``RECUEIL_KEY_STORE_DATABASE``.

    No foreign key: in production it lives in another database than ``CaseKey``.
    """

    key_id = models.UUIDField(primary_key=True, editable=False)
    secret = models.BinaryField(_("secret"), editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("secret de clé de dossier")
        verbose_name_plural = _("secrets de clés de dossier")

    def __str__(self) -> str:
        return f"case-key-secret:{self.pk}"
