"""An internal enquiry of a case, its commission, its access grants and its letters.

Every row holding words about people is a ``SealedModel`` bound to the *case's* data
key: shredding the case destroys the enquiry with it (T3). ``__str__`` returns a
reference only, because django-auditlog stores it and log lines print it (T7).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase

from cases.core.crypto.fields import EncryptedJSONField, EncryptedTextField
from cases.core.crypto.sealed import SealedModel
from cases.models import Case, Party


class EnquiryPermission(models.TextChoices):
    """Per-enquiry permissions, granted per object only (never globally: T2)."""

    VIEW = "view_enquiry", _("Consulter l'enquête")
    CONDUCT = "conduct_enquiry", _("Conduire l'enquête (entretiens, comptes rendus, rapport)")
    MANAGE = "manage_enquiry", _("Piloter l'enquête (commission, clôture)")


class DecisionAuthority(models.TextChoices):
    REFERENT = "referent", _("Le·la référent·e, à l'issue de la qualification")
    DIRECTOR = "director", _("La direction de l'établissement")


class Enquiry(SealedModel):
    class Status(models.TextChoices):
        OPENED = "opened", _("Ouverte, commission à désigner")
        IN_PROGRESS = "in_progress", _("En cours")
        REPORTED = "reported", _("Rapport remis")
        ENDED = "ended", _("Close sans rapport")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="enquiries")
    # The viewflow task of the case flow that waits for this enquiry's report.
    task_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.OPENED, db_index=True
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    # Decision to open: who decided (an account of the entity) and in what capacity.
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decision_authority = models.CharField(max_length=20, choices=DecisionAuthority.choices)
    decided_on = models.DateField(_("décidée le"))
    due_on = models.DateField(_("rapport attendu le"), db_index=True)
    decision_reason = EncryptedTextField(_("motifs de la décision d'ouverture"))
    # What the commission is asked to establish: the facts it needs, not the whole file.
    mandate = EncryptedTextField(_("mission confiée à la commission"))
    # {"languages": ["fr", "en"]}: languages of the people to hear, for bilingual pairs.
    needs = EncryptedJSONField(_("besoins de la commission"))
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    end_reason = EncryptedTextField(_("motif de la clôture"))

    class Meta:
        verbose_name = _("enquête interne")
        verbose_name_plural = _("enquêtes internes")
        ordering = ["-opened_at"]
        default_permissions = ("view",)
        permissions = [
            (p.value, p.label) for p in EnquiryPermission if p.value != EnquiryPermission.VIEW
        ]
        constraints = [
            # One running enquiry per case at a time; past ones stay for the record.
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status__in=["opened", "in_progress"]),
                name="one_running_enquiry_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"enquiry:{self.pk}"

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.OPENED, self.Status.IN_PROGRESS)


class EnquiryGrant(UserObjectPermissionBase):
    """guardian's direct foreign-key table, as ``cases.CaseGrant``: one indexed join."""

    content_object = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="grants")

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("accès à l'enquête")
        indexes = [models.Index(fields=["user", "permission", "content_object"])]


class CommissionAppointment(SealedModel):
    """A decision appointing members to the commission: who decided, when, why."""

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="appointments")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decision_authority = models.CharField(max_length=20, choices=DecisionAuthority.choices)
    reason = EncryptedTextField(_("motifs de la désignation"))

    class Meta:
        ordering = ["recorded_at"]

    def __str__(self) -> str:
        return f"appointment:{self.pk}"


class CommissionMember(models.Model):
    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="members")
    appointment = models.ForeignKey(
        CommissionAppointment, on_delete=models.CASCADE, related_name="members"
    )
    investigator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="commission_seats"
    )
    appointed_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["appointed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["enquiry", "investigator"],
                condition=models.Q(ended_at__isnull=True),
                name="one_active_seat_per_investigator",
            )
        ]

    def __str__(self) -> str:
        return f"member:{self.pk}"


class LetterStep(models.TextChoices):
    OPENING = "opening", _("Décision d'ouverture")
    APPOINTMENT = "appointment", _("Désignation de la commission")
    SUMMONS = "summons", _("Convocation à un entretien")
    COMMITMENT = "commitment", _("Engagement de confidentialité")
    RECORDING = "recording", _("Autorisation d'enregistrement")
    MINUTES = "minutes", _("Compte rendu à signer")
    REPORT = "report", _("Rapport d'enquête")


class LetterDue(models.Model):
    """A letter a step of the enquiry calls for, until the letters service produces it.

    Codes of ``templates_legal.kinds`` and references only: the letter's content is
    assembled when it is generated (``enquiries.letters.letter_context``).
    """

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="letters_due")
    step = models.CharField(max_length=20, choices=LetterStep.choices)
    kind = models.CharField(max_length=40)
    interview = models.ForeignKey(
        "enquiries.Interview", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    member = models.ForeignKey(
        CommissionMember, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    produced_at = models.DateTimeField(null=True, blank=True)
    produced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The generated letter's id, as the letters service names it.
    letter_ref = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["enquiry", "produced_at"])]

    def __str__(self) -> str:
        return f"letter-due:{self.pk}:{self.kind}"
