"""Retention dates of cases and listening records, and legal holds.

A date is stored with the code of its rule (``retention.rules``) when the procedure
records the event that starts it, indexed so the timer reads only what is due.
Only dates, codes and references in clear; a hold's reason is encrypted with the
case key (it may name a litigation or a person).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.core.crypto.fields import EncryptedTextField
from cases.core.crypto.sealed import SealedModel
from cases.models import Case, Contact


class CaseRetention(models.Model):
    """When a closed case is anonymised, and under which rule; none while it is open."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="retention")
    rule = models.CharField(_("règle"), max_length=40)
    start_on = models.DateField(_("à compter du"))
    # None: kept until an end the procedure has not recorded yet (judicial follow-up).
    due_on = models.DateField(_("anonymisation prévue le"), null=True, blank=True)
    computed_at = models.DateTimeField(auto_now=True)
    applied_at = models.DateTimeField(_("anonymisé le"), null=True, blank=True)
    # Recorded by a director or the legal directorate when a judicial (or a disciplinary)
    # procedure with no date in Recueil ends for good, appeals included.
    procedure_ended_on = models.DateField(
        _("procédure terminée (décision définitive) le"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("durée de conservation d'un dossier")
        indexes = [
            models.Index(
                fields=["due_on"], name="case_retention_due", condition=Q(applied_at__isnull=True)
            )
        ]

    def __str__(self) -> str:
        return f"case-retention:{self.case_id}:{self.rule}"


class ContactRetention(models.Model):
    """When a listening record never handed over is anonymised."""

    contact = models.OneToOneField(Contact, on_delete=models.CASCADE, related_name="retention")
    rule = models.CharField(_("règle"), max_length=40)
    start_on = models.DateField(_("à compter du"))
    due_on = models.DateField(_("anonymisation prévue le"))
    computed_at = models.DateTimeField(auto_now=True)
    applied_at = models.DateTimeField(_("anonymisé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("durée de conservation d'une fiche d'écoute")
        indexes = [
            models.Index(
                fields=["due_on"],
                name="contact_retention_due",
                condition=Q(applied_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"contact-retention:{self.contact_id}:{self.rule}"


class LegalHold(SealedModel):
    """Retention suspended on a case (litigation, an authority's request), until lifted."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="legal_holds")
    reason = EncryptedTextField(_("motif"))
    review_on = models.DateField(_("à réexaminer le"))
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField(auto_now_add=True)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lift_reason = EncryptedTextField(_("motif de la levée"))

    class Meta:
        verbose_name = _("suspension de la durée de conservation")
        ordering = ["-placed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(lifted_at__isnull=True), name="one_active_hold"
            )
        ]

    def __str__(self) -> str:
        return f"legal-hold:{self.pk}"
