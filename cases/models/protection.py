"""Protection owed to a staff victim, and the precautionary suspension of staff implicated.

Protection fonctionnelle: code général de la fonction publique, art. L134-1 and
following (contract staff included). The facts and the reasons name people: they are
encrypted under the case key; codes, dates and the decision stay clear for deadlines
and the indicators.

Suspension conservatoire: CGFP art. L531-1 (civil servants), décret n° 86-83 art. 43
(State contract staff); its legal end is kept as a case deadline (workflows).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.core.crypto.fields import EncryptedTextField
from cases.core.crypto.sealed import SealedModel
from cases.models.cases import Case, Party


class ProtectionRequest(SealedModel):
    class Decision(models.TextChoices):
        PENDING = "pending", _("En attente de décision")
        GRANTED = "granted", _("Accordée")
        REFUSED = "refused", _("Refusée")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="protection_requests")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    requested_on = models.DateField(_("demandée le"))
    facts = EncryptedTextField(_("faits à l'origine de la demande"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    decision = models.CharField(
        _("décision"),
        max_length=10,
        choices=Decision.choices,
        default=Decision.PENDING,
        db_index=True,
    )
    decided_on = models.DateField(_("décidée le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reasons = EncryptedTextField(_("motifs de la décision"))
    # The day the decision letter was finalised (``templates_legal``): until then the
    # directors keep the case to draft and sign it.
    letter_on = models.DateField(_("courrier de décision établi le"), null=True, blank=True)
    # Optimistic concurrency: a decision taken on a stale page is refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["requested_on", "recorded_at"]
        verbose_name = _("demande de protection fonctionnelle")

    def __str__(self) -> str:
        return f"protection:{self.pk}"


class ProtectionMeasureKind(models.TextChoices):
    """The usual measures of a granted protection, as codes; "other" with a text."""

    LEGAL_COSTS = "legal_costs", _("Prise en charge des frais de procédure et d'avocat")
    PSYCHOLOGICAL = "psychological", _("Soutien psychologique")
    MEDICAL = "medical", _("Prise en charge médicale")
    CHANGE_OF_POST = "change_of_post", _("Changement d'affectation ou de poste")
    WORK_ARRANGEMENT = "work_arrangement", _("Aménagement des conditions de travail")
    OTHER = "other", _("Autre mesure (à préciser)")


class ProtectionMeasure(SealedModel):
    request = models.ForeignKey(
        ProtectionRequest, on_delete=models.CASCADE, related_name="measures"
    )
    kind = models.CharField(_("mesure"), max_length=20, choices=ProtectionMeasureKind.choices)
    detail = EncryptedTextField(_("précisions"))
    started_on = models.DateField(_("à partir du"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["started_on", "recorded_at"]

    def __str__(self) -> str:
        return f"protection-measure:{self.pk}"


class Suspension(SealedModel):
    """A precautionary suspension (not a sanction) of a staff member implicated."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="suspensions")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    # The party's status when decided: it chooses the legal rule (civil or contract staff).
    status = models.CharField(max_length=20, choices=Party.Status.choices)
    rule = models.CharField(max_length=40)
    decided_on = models.DateField(_("décidée le"))
    starts_on = models.DateField(_("à compter du"))
    legal_end_on = models.DateField(_("fin légale"))
    criminal_proceedings = models.BooleanField(_("poursuites pénales engagées"), default=False)
    reasons = EncryptedTextField(_("motifs"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    ended_on = models.DateField(_("levée le"), null=True, blank=True)

    class Meta:
        ordering = ["starts_on"]

    def __str__(self) -> str:
        return f"suspension:{self.pk}"
