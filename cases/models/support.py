"""Each entity's directory of support resources, where listeners orient people.

Public information (a service's name and how to reach it), kept in clear on purpose:
it names services, never a person of a case.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.core.accounts.models import Entity
from cases.models.procedure import Orientation


class SupportResource(models.Model):
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="support_resources")
    kind = models.CharField(_("type"), max_length=20, choices=Orientation.choices)
    name = models.CharField(_("nom"), max_length=200)
    contact = models.CharField(_("comment le ou la joindre"), max_length=300, blank=True)
    # The national numbers every directory starts with (DOMAIN: support resources).
    national = models.BooleanField(default=False, editable=False)
    active = models.BooleanField(_("proposé aux écoutant·es"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-active", "position", "kind", "name"]
        indexes = [models.Index(fields=["entity", "active"])]

    def __str__(self) -> str:
        return self.name
