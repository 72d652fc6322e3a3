"""Per-case data keys, stored only wrapped by a master key (T3, T5).

Destroying ``wrapped`` (crypto-shredding) makes every copy of the case's
confidential data unreadable, old backups included, since the master key ring never
held the data key in clear anywhere else.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseKey(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    master_key_id = models.CharField(_("clé maîtresse"), max_length=32, db_index=True)
    wrapped = models.BinaryField(_("clé chiffrée"), null=True, editable=False)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    shredded_at = models.DateTimeField(_("détruite le"), null=True, blank=True)

    class Meta:
        verbose_name = _("clé de dossier")
        verbose_name_plural = _("clés de dossier")

    def __str__(self) -> str:
        return f"case-key:{self.pk}"
