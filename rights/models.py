"""The register of data-subject requests (RGPD art. 15 to 21) of one entity.

Who asked and what they said are encrypted under the request's own data key (T3):
a request is not a case, and shredding one never touches a case. Dates, kind and
status stay in clear to compute deadlines and counts. A closed request is kept until its
retention date (``rights.retention``, rule ``subject_request`` of ``retention.rules``),
then its key is destroyed by ``apply_retention``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.core.crypto.fields import EncryptedBinaryField, EncryptedJSONField, EncryptedTextField
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
    # Set at closure: the rule's code and the day its key is destroyed (``rights.retention``).
    retention_rule = models.CharField(_("règle de conservation"), max_length=40, blank=True)
    retention_due_on = models.DateField(_("anonymisation prévue le"), null=True, blank=True)
    shredded_at = models.DateTimeField(_("anonymisée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("demande d'exercice de droits")
        verbose_name_plural = _("demandes d'exercice de droits")
        ordering = ("due_on", "created_at")
        indexes = [
            models.Index(
                fields=["retention_due_on"],
                name="subject_request_retention_due",
                condition=Q(shredded_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"subject-request:{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_shredded(self) -> bool:
        return self.shredded_at is not None


class AccessExport(SealedModel):
    """The draft, then the released PDF, of one person's data for an access request (art. 15).

    Sealed with the request's data key. Passages that mention other people are flagged
    and released only as a reviewer decided (art. 15.4: the right of access must not
    adversely affect the rights of others).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon à relire")
        RELEASED = "released", _("Publié")

    request = models.OneToOneField(SubjectRequest, on_delete=models.CASCADE, related_name="export")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    cases_count = models.PositiveIntegerField(default=0)
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    built_at = models.DateTimeField(auto_now_add=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    released_at = models.DateTimeField(null=True, blank=True)
    pdf = EncryptedBinaryField(_("PDF publié"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("export des données d'une personne")
        verbose_name_plural = _("exports des données d'une personne")

    def __str__(self) -> str:
        return f"access-export:{self.pk}"


class ExportPassage(SealedModel):
    class Source(models.TextChoices):
        IDENTITY = "identity", _("Identité enregistrée")
        ROLE = "role", _("Qualité dans le dossier")
        NARRATIVE = "narrative", _("Récit du signalement")

    class Decision(models.TextChoices):
        UNDECIDED = "", _("À décider")
        KEEP = "keep", _("Communiquer")
        REDACT = "redact", _("Retirer")

    export = models.ForeignKey(AccessExport, on_delete=models.CASCADE, related_name="passages")
    position = models.PositiveIntegerField()
    case_reference = models.CharField(max_length=40)
    source = models.CharField(max_length=20, choices=Source.choices)
    text = EncryptedTextField(_("passage"))
    # True when the passage is free text that may be about other people: a reviewer
    # decides before release (never released undecided).
    flagged = models.BooleanField(default=False)
    decision = models.CharField(max_length=10, choices=Decision.choices, default="", blank=True)

    class Meta:
        ordering = ("position",)

    def __str__(self) -> str:
        return f"export-passage:{self.pk}"


class SubjectRequestMatch(models.Model):
    """A case of the request's entity where the handler confirmed the person appears.

    Ids only (the names looked up are never kept). While the access request is open and
    its export not released, the handler who confirmed holds read access to the case
    (``subject_request`` reason, ``rights.grant_reasons``).
    """

    request = models.ForeignKey(SubjectRequest, on_delete=models.CASCADE, related_name="matches")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("request", "case"), name="rights_match_once")
        ]

    def __str__(self) -> str:
        return f"subject-request-match:{self.pk}"


class MatchedReading(models.Model):
    """The reading (``view_case``) a match gave a handler on a case they did not hold.

    Ids only, kept while that grant lasts: it tells the reconciliation which grant the
    ``subject_request`` reason gave itself, so that the grant ends with the request even on
    a case no procedure governs (created outside it), while a reading given otherwise (by
    hand, by tooling) is left as given (``rights.grant_reasons.subject_request_owned``).
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    given_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("case", "user"), name="rights_matched_reading_once")
        ]

    def __str__(self) -> str:
        return f"matched-reading:{self.pk}"
