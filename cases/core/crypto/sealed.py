from __future__ import annotations

import uuid

from django.db import models

from cases.core.crypto.models import CaseKey


class SealedModel(models.Model):
    """A row holding confidential data: UUID id known before saving, and its case's data key.

    UUIDs rather than sequential ids also keep URLs from being enumerated (T1).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    key = models.ForeignKey(CaseKey, on_delete=models.PROTECT, related_name="+", editable=False)

    class Meta:
        abstract = True
