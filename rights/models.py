"""The register of data-subject requests (RGPD art. 15 to 21) of one entity.

Who asked and what they said are encrypted under the request's own data key (T3):
a request is not a case, and shredding one never touches a case. Dates, kind and
status stay in clear to compute deadlines and counts.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.core.crypto.fields import EncryptedJSONField, EncryptedTextField
from cases.core.crypto.sealed import SealedModel
from cases.models import Entity


class SubjectRequest(SealedModel):
    class Kind(models.TextChoices):
        ACCESS = "access", _("Accès (art. 15)")
        RECTIFICATION = "rectification", _("Rectification (art. 16)")
        ERASURE = "erasure", _("Effacement (art. 17)")
        OBJECTION = "objection", _("Opposition (art. 21)")

    class Status(models.TextChoices):
        OPEN = "open", _("En cours")
        ANSWERED = "answered", _("Répondue")
        REFUSED = "refused", _("Refusée (motivée)")

    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("droit exercé"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    # {"name": …, "contact": …, "relation": …}: who asked, encrypted.
    requester = EncryptedJSONField(_("personne demanderesse"))
    details = EncryptedTextField(_("objet de la demande"))
    received_on = models.DateField(_("reçue le"))
    due_on = models.DateField(_("réponse due le"), db_index=True)
    extended_months = models.PositiveSmallIntegerField(_("prolongation (mois)"), default=0)
    extension_reason = EncryptedTextField(_("motifs de la prolongation"))
    closing_note = EncryptedTextField(_("réponse apportée"))
    closed_on = models.DateField(_("close le"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("demande d'exercice de droits")
        verbose_name_plural = _("demandes d'exercice de droits")
        ordering = ("due_on", "created_at")

    def __str__(self) -> str:
        return f"subject-request:{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN
