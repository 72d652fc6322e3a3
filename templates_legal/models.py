"""Versioned letter templates, per entity, letter kind and language.

A template is a DOCX with Jinja placeholders; it holds no case data, so it is stored
in clear. Versions are never edited or deleted: an upload adds the next version and
makes it the active one; going back means activating an older version. When an
entity has no active upload, the template shipped in templates_legal/defaults/ is
used; it is represented by an unsaved instance with ``entity=None`` and version 0
(see ``selectors.active_template``), so shipped defaults stay in the code base and
follow its releases instead of being copied into every database.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.core.crypto.fields import EncryptedBinaryField, EncryptedJSONField, EncryptedTextField
from cases.core.crypto.sealed import SealedModel
from cases.models import Entity
from templates_legal.kinds import KINDS_BY_CODE

DEFAULT_VERSION = 0


class LetterTemplate(models.Model):
    entity = models.ForeignKey(
        Entity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="letter_templates",
        verbose_name=_("entité"),
        help_text=_("Vide pour le modèle fourni avec Recueil."),
    )
    # Codes of templates_legal.kinds.KINDS; not model choices, so that relabelling a
    # kind needs no migration (the services check the code).
    kind = models.CharField(_("type de courrier"), max_length=40)
    language = models.CharField(_("langue"), max_length=8)
    version = models.PositiveIntegerField(_("version"))
    content = models.BinaryField(_("fichier DOCX"))
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("déposé par"),
    )
    uploaded_at = models.DateTimeField(_("déposé le"), default=timezone.now)
    is_active = models.BooleanField(_("en vigueur"), default=False)

    class Meta:
        verbose_name = _("modèle de courrier")
        verbose_name_plural = _("modèles de courrier")
        ordering = ["kind", "language", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "kind", "language", "version"],
                name="letter_template_unique_version",
            ),
            # Exactly one version in force per entity, kind and language; none means
            # the shipped default.
            models.UniqueConstraint(
                fields=["entity", "kind", "language"],
                condition=Q(is_active=True),
                name="letter_template_one_active",
            ),
            models.CheckConstraint(
                condition=Q(version__gte=1), name="letter_template_version_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}/{self.language} v{self.version}"

    @property
    def is_default(self) -> bool:
        """The template shipped with Recueil (never stored)."""
        return self.entity_id is None and self.version == DEFAULT_VERSION

    @property
    def size(self) -> int:
        return len(bytes(self.content))


class LetterSequence(models.Model):
    """Per-entity, per-year counter of the register of outgoing letters.

    Incremented under a row lock in the same transaction that finalises the letter,
    so a rolled-back finalisation gives its number back: the register has no gaps.
    """

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "year"], name="one_letter_sequence_per_entity_year"
            )
        ]

    def __str__(self) -> str:
        return f"letter-sequence:{self.entity_id}:{self.year}"


class Letter(SealedModel):
    """A letter generated from a case: its editable values, then its final DOCX and PDF.

    Sealed with the case's data key (``key`` is the case's): crypto-shredding the case
    makes its letters unreadable too (T3). In clear: the kind, language, template
    version, status, register number and dates — what the register and the indicators
    need; the values, the recipient and both files are encrypted.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        FINAL = "final", _("Finalisé, à signer")
        SIGNED = "signed", _("Signé")
        ISSUED = "issued", _("Finalisé")  # kinds with no staff signature
        # A final letter that will not be signed nor sent (an error found on review): it
        # keeps its register number, so the register stays without gaps.
        WITHDRAWN = "withdrawn", _("Retiré sans être signé")

    class PdfStatus(models.TextChoices):
        NONE = "", _("Pas encore produit")
        READY = "ready", _("Disponible")
        UNAVAILABLE = "unavailable", _("LibreOffice absent du serveur")
        FAILED = "failed", _("Échec de la conversion")

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="letters", verbose_name=_("dossier")
    )
    # Copied from the case: the register reads one entity's letters without a join.
    entity = models.ForeignKey(
        Entity, on_delete=models.PROTECT, related_name="letters", verbose_name=_("entité")
    )
    kind = models.CharField(_("type de courrier"), max_length=40)
    language = models.CharField(_("langue"), max_length=8)
    template_version = models.PositiveIntegerField(_("version du modèle"))
    template_sha256 = models.CharField(_("empreinte du modèle"), max_length=64)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    year = models.PositiveSmallIntegerField(_("année du registre"), null=True, blank=True)
    number = models.PositiveIntegerField(_("numéro au registre"), null=True, blank=True)
    letter_date = models.DateField(_("date du courrier"), null=True, blank=True)
    pdf_status = models.CharField(
        _("PDF"), max_length=12, choices=PdfStatus.choices, default=PdfStatus.NONE, blank=True
    )
    # What called for this letter, as a reference another app understands
    # ("enquiries.letterdue:42"), never content: that app learns of the finalisation
    # through ``signals.letter_finalised`` and marks its step done.
    origin = models.CharField(_("origine"), max_length=64, blank=True, db_index=True)

    # The values of the kind's documented context (dates as ISO strings), as edited.
    values = EncryptedJSONField(_("valeurs du courrier"))
    recipient = EncryptedTextField(_("destinataire"))
    docx = EncryptedBinaryField(_("courrier (DOCX)"))
    pdf = EncryptedBinaryField(_("courrier (PDF)"))

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("préparé le"), default=timezone.now)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    finalised_at = models.DateTimeField(_("finalisé le"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    signed_at = models.DateTimeField(_("signé le"), null=True, blank=True)
    # Who is asked to sign (chosen when the letter is finalised, among the holders of a
    # signatory role of its kind): the letter's reason for them to hold the case while
    # it waits (``grant_reasons.letter_reasons``), and the name its review copy prints.
    signatory = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("signataire désigné·e"),
    )
    # The signer's function as printed under the signature, kept as it was that day
    # (the account's title may change later; the register shows this one).
    signed_title = models.CharField(
        _("fonction du ou de la signataire"), max_length=200, blank=True
    )
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    withdrawn_at = models.DateTimeField(_("retiré le"), null=True, blank=True)

    class Meta:
        verbose_name = _("courrier")
        verbose_name_plural = _("courriers")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "year", "number"],
                condition=Q(number__isnull=False),
                name="letter_unique_register_number",
            ),
            # A number exactly when the letter left the draft stage.
            models.CheckConstraint(
                condition=(Q(status="draft", number__isnull=True, year__isnull=True))
                | (~Q(status="draft") & Q(number__isnull=False, year__isnull=False)),
                name="letter_numbered_once_final",
            ),
        ]
        indexes = [models.Index(fields=["entity", "year", "number"])]

    def __str__(self) -> str:
        # References only: log lines and django-auditlog print this (T7).
        return f"letter:{self.pk}"

    @property
    def register_number(self) -> str:
        if self.number is None or self.year is None:
            return ""
        return f"{self.year}-{self.number:04d}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def get_kind_label(self) -> str:
        kind = KINDS_BY_CODE.get(self.kind)
        return str(kind.label) if kind is not None else self.kind
