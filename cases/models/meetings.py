"""Meetings the reporting person asks for (décret 2022-1284 art. 4): asked, proposed, held.

Dates and the mode stay clear for the ``meeting`` deadline; who attended and the notes
name people, so they are encrypted under the case key.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.core.crypto.fields import EncryptedTextField
from cases.core.crypto.sealed import SealedModel
from cases.models.cases import Case


class MeetingMode(models.TextChoices):
    IN_PERSON = "in_person", _("En présentiel")
    VIDEO = "video", _("En visioconférence")
    PHONE = "phone", _("Par téléphone")


class Meeting(SealedModel):
    """One request for a meeting, and what became of it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="meetings")
    requested_on = models.DateField(_("demandé le"))
    proposed_on = models.DateField(_("proposé pour le"), null=True, blank=True)
    mode = models.CharField(_("modalité"), max_length=20, choices=MeetingMode.choices, blank=True)
    held_on = models.DateField(_("tenu le"), null=True, blank=True)
    attendees = EncryptedTextField(_("présent·es pour l'établissement"))
    notes = EncryptedTextField(_("notes"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # Optimistic check: a form carries the version it was read at (two referents at once).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["requested_on", "recorded_at"]

    def __str__(self) -> str:
        return f"meeting:{self.pk}"
