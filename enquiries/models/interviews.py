"""Interviews, their prerequisites (commitments, recording authorisation), minutes,
files and the enquiry report. All content encrypted with the case's data key (T3)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.core.crypto.fields import EncryptedBinaryField, EncryptedJSONField, EncryptedTextField
from cases.core.crypto.sealed import SealedModel
from cases.models import Party
from enquiries.models.enquiry import CommissionMember, Enquiry


class Interview(SealedModel):
    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("En présentiel")
        VISIO = "visio", _("En visioconférence")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Prévu")
        HELD = "held", _("Tenu")
        CANCELLED = "cancelled", _("Annulé")

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="interviews")
    # The interviewee is always a party of the case: a new witness is added to the case first.
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    scheduled_at = models.DateTimeField(_("date et heure"))
    mode = models.CharField(_("modalité"), max_length=20, choices=Mode.choices)
    place = EncryptedTextField(_("lieu ou modalités de connexion"))
    # Two-letter code. Encrypted although a code: a language can hint at a person's origin.
    language = EncryptedTextField(_("langue de l'entretien"))
    summons_sent_on = models.DateField(_("convocation envoyée le"))
    short_notice_accepted = models.BooleanField(default=False)
    support_person_allowed = models.BooleanField(default=True)
    support_person_present = models.BooleanField(default=False)
    support_person_name = EncryptedTextField(_("personne qui accompagne"))
    recording_requested = models.BooleanField(default=False)
    interviewers = models.ManyToManyField(CommissionMember, related_name="interviews")
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    planned_at = models.DateTimeField(auto_now_add=True)
    held_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["scheduled_at"]

    def __str__(self) -> str:
        return f"interview:{self.pk}"


class ConfidentialityCommitment(SealedModel):
    """A signed confidentiality commitment of one person present at an interview."""

    class Signer(models.TextChoices):
        INTERVIEWER = "interviewer", _("Membre de la commission")
        INTERVIEWEE = "interviewee", _("Personne entendue")
        SUPPORT = "support", _("Personne qui accompagne")

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="commitments")
    signer = models.CharField(max_length=20, choices=Signer.choices)
    member = models.ForeignKey(
        CommissionMember, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_on = models.DateField(_("signé le"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "signer", "member"], name="one_commitment_per_signer"
            )
        ]

    def __str__(self) -> str:
        return f"commitment:{self.pk}"


class RecordingAuthorisation(SealedModel):
    """The interviewee's written answer to recording (directive (UE) 2019/1937, art. 18)."""

    interview = models.OneToOneField(
        Interview, on_delete=models.CASCADE, related_name="recording_authorisation"
    )
    granted = models.BooleanField()
    signed_on = models.DateField(_("signée le"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"recording-authorisation:{self.pk}"


class Minutes(SealedModel):
    """The compte-rendu: draft → read back → signed by the interviewee, or refusal noted."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        READ_BACK = "read_back", _("Relu avec la personne entendue")
        SIGNED = "signed", _("Signé par la personne entendue")
        REFUSED = "refused", _("Refus de signer consigné")

    interview = models.OneToOneField(Interview, on_delete=models.CASCADE, related_name="minutes")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    # Optimistic concurrency: a save with a stale version is refused, never silently applied.
    version = models.PositiveIntegerField(default=1)
    body = EncryptedTextField(_("compte rendu"))
    refusal_note = EncryptedTextField(_("refus de signer : observations"))
    signed_on = models.DateField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"minutes:{self.pk}"

    @property
    def is_final(self) -> bool:
        return self.status in (self.Status.SIGNED, self.Status.REFUSED)


class MinutesVersion(SealedModel):
    """Every saved state of the minutes, kept: what was read back is what was signed."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=Minutes.Status.choices)
    body = EncryptedTextField(_("compte rendu"))
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["minutes", "number"], name="one_minutes_version")
        ]

    def __str__(self) -> str:
        return f"minutes-version:{self.pk}"


class EnquiryAttachment(SealedModel):
    class Kind(models.TextChoices):
        RECORDING = "recording", _("Enregistrement de l'entretien")
        TRANSCRIPT = "transcript", _("Transcription")
        SIGNED_DOCUMENT = "signed", _("Document signé (engagement, autorisation, compte rendu)")
        EXHIBIT = "exhibit", _("Pièce remise à la commission")

    class Scan(models.TextChoices):
        CLEAN = "clean", _("Analysé, sain")
        NOT_SCANNED = "not_scanned", _("Non analysé (aucun antivirus configuré)")

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="attachments")
    interview = models.ForeignKey(
        Interview, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    scan = models.CharField(max_length=20, choices=Scan.choices)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # Encrypted too: a plain digest would reveal that two enquiries hold the same file.
    filename = EncryptedTextField(_("nom du fichier"))
    sha256 = EncryptedTextField(_("empreinte"))
    content = EncryptedBinaryField(_("contenu"))

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return f"enquiry-attachment:{self.pk}"


class Recommendation(models.TextChoices):
    NO_FURTHER_ACTION = "no_further_action", _("Pas de suite (classement)")
    DISCIPLINARY = "disciplinary", _("Engager une procédure disciplinaire")
    ARTICLE_40 = "article40", _("Signaler au procureur de la République (article 40)")
    PREVENTION = "prevention", _("Mesures de prévention")


class EnquiryReport(SealedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("En rédaction")
        SUBMITTED = "submitted", _("Remis à l'autorité de décision")

    enquiry = models.OneToOneField(Enquiry, on_delete=models.CASCADE, related_name="report")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1)
    facts_established = EncryptedTextField(_("faits établis"))
    facts_not_established = EncryptedTextField(_("faits non établis"))
    # {category code: analysis}
    analysis = EncryptedJSONField(_("analyse par catégorie"))
    # Codes of ``Recommendation``: a routing fact for indicators, no content.
    recommendations = models.JSONField(default=list, blank=True)
    recommendations_detail = EncryptedTextField(_("précisions sur les recommandations"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"enquiry-report:{self.pk}"
