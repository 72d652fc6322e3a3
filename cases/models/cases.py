"""A case ("dossier") and what is attached to it.

Every narrative, name, contact, note and file is encrypted with the case's data
key. ``__str__`` returns the reference only, because django-auditlog stores it
and log lines print it (T7).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase

from cases.core.accounts.models import Entity
from cases.core.crypto.fields import EncryptedBinaryField, EncryptedJSONField, EncryptedTextField
from cases.core.crypto.sealed import SealedModel


class CasePermission(models.TextChoices):
    """Per-case permissions, granted per object only (never globally: T2)."""

    VIEW = "view_case", _("Consulter le dossier")
    CHANGE = "change_case", _("Modifier le dossier")
    TRIAGE = "triage_case", _("Qualifier et orienter")
    INVESTIGATE = "investigate_case", _("Enquêter")
    DRAFT_LETTER = "draft_letter", _("Préparer les courriers")
    SIGN_LETTER = "sign_letter", _("Signer les courriers")
    DECIDE = "decide_case", _("Décider")
    VIEW_HISTORY = "view_case_history", _("Voir qui a consulté ou modifié")


class Case(SealedModel):
    class Status(models.TextChoices):
        OPEN = "open", _("Ouvert")
        CLOSED = "closed", _("Clos")
        SHREDDED = "shredded", _("Détruit (clé effacée)")

    reference = models.CharField(_("référence"), max_length=32, unique=True)
    entity = models.ForeignKey(
        Entity, on_delete=models.PROTECT, related_name="cases", verbose_name=_("entité")
    )
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    # Optimistic concurrency: a save with a stale version is refused, never silently applied.
    version = models.PositiveIntegerField(default=1)

    narrative = EncryptedTextField(_("récit"))

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-created_at"]
        default_permissions = ("view", "change")
        permissions = [
            (p.value, p.label)
            for p in CasePermission
            if p.value not in {"view_case", "change_case"}
        ]
        indexes = [models.Index(fields=["entity", "status", "created_at"])]

    def __str__(self) -> str:
        return self.reference


class CaseGrant(UserObjectPermissionBase):
    """guardian's direct foreign-key table: fast joins at 100 000+ cases."""

    content_object = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="grants")
    # Copied from the case so that "my newest cases" reads one index range instead of
    # joining and sorting every case the user may see (a referent may hold thousands).
    case_created_at = models.DateTimeField(null=True, editable=False)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("accès au dossier")
        indexes = [
            models.Index(fields=["user", "permission", "content_object"]),
            models.Index(
                fields=["user", "permission", "-case_created_at"], name="grant_recent_idx"
            ),
        ]


class Party(SealedModel):
    class Role(models.TextChoices):
        REPORTING = "reporting", _("Personne qui signale")
        VICTIM = "victim", _("Victime")
        IMPLICATED = "implicated", _("Personne mise en cause")
        WITNESS = "witness", _("Témoin")

    class Status(models.TextChoices):
        STUDENT = "student", _("Élève, étudiant·e, apprenti·e")
        DOCTORAL = "doctoral", _("Doctorant·e")
        STAFF_CIVIL = "staff_civil", _("Personnel fonctionnaire")
        STAFF_CONTRACT = "staff_contract", _("Personnel contractuel")
        EXTERNAL = "external", _("Personne extérieure")
        UNKNOWN = "unknown", _("Inconnu")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(_("qualité"), max_length=20, choices=Role.choices)
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.UNKNOWN
    )
    anonymous = models.BooleanField(_("anonyme ou inconnue"), default=False)
    # Names, e-mail, phone, affiliation: {"first_name", "last_name", "email", "phone", ...}
    identity = EncryptedJSONField(_("identité"))
    created_at = models.DateTimeField(auto_now_add=True)
    # A staff account of Recueil named in the case is excluded from handling it.
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Optimistic concurrency: a correction made on a stale version is refused.
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("personne concernée")
        verbose_name_plural = _("personnes concernées")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"party:{self.pk}"


class PartyRevision(SealedModel):
    """What a person's record said before a correction: kept, never overwritten."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    # {"role", "status", "anonymous", "identity", "account"} as they were before.
    previous = EncryptedJSONField(_("état précédent"))

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"party-revision:{self.pk}"


class NarrativeVersion(SealedModel):
    """A narrative as it was before a correction, with who replaced it, when and why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="narrative_versions")
    version = models.PositiveIntegerField()
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    replaced_at = models.DateTimeField(auto_now_add=True)
    text = EncryptedTextField(_("récit précédent"))
    reason = EncryptedTextField(_("motif de la correction"))

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"narrative-version:{self.pk}"


class PartyIndexEntry(models.Model):
    """Blind index of a party's name or e-mail: HMAC digest only, never the value."""

    class Kind(models.TextChoices):
        NAME = "name", _("nom")
        EMAIL = "email", _("adresse électronique")

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="index_entries")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    digest = models.CharField(max_length=64)

    class Meta:
        indexes = [models.Index(fields=["digest", "entity"])]

    def __str__(self) -> str:
        return f"index:{self.pk}"


class CaseNote(SealedModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    body = EncryptedTextField(_("note"))

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"note:{self.pk}"


class Attachment(SealedModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    # Encrypted too: a plain digest would reveal that two cases hold the same file.
    filename = EncryptedTextField(_("nom du fichier"))
    sha256 = EncryptedTextField(_("empreinte"))
    content = EncryptedBinaryField(_("contenu"))

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return f"attachment:{self.pk}"


class ConflictDeclaration(SealedModel):
    """A person who must never handle this case: named in it, or declared in conflict."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="conflicts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    declared_at = models.DateTimeField(auto_now_add=True)
    reason = EncryptedTextField(_("motif"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="one_conflict_per_user_case")
        ]

    def __str__(self) -> str:
        return f"conflict:{self.pk}"


class CaseSequence(models.Model):
    """Per-entity, per-year counter behind human references such as ``MSE-2026-00042``."""

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entity", "year"], name="one_sequence_per_entity_year")
        ]

    def __str__(self) -> str:
        return f"sequence:{self.entity_id}:{self.year}"
