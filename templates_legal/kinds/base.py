"""The shapes of the table: addressees, placeholders, letter kinds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models import Role

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


class Addressee(models.TextChoices):
    REPORTING_PERSON = "reporting_person", _("Personne ayant signalé")
    PERSON_IMPLICATED = "person_implicated", _("Personne mise en cause")
    INTERVIEWEE = "interviewee", _("Personne entendue (quelle que soit sa qualité)")
    INVESTIGATOR = "investigator", _("Membre de la commission d'enquête")
    PROSECUTOR = "prosecutor", _("Procureur de la République")
    CASE_FILE = "case_file", _("Pièce du dossier (acte interne)")
    PROTECTED_STAFF = "protected_staff", _("Membre du personnel ayant demandé la protection")


@dataclass(frozen=True)
class Placeholder:
    name: str
    description: StrPromise
    required: bool = True
    kind: str = "text"  # "text", "date" or "flag"


@dataclass(frozen=True)
class LetterKind:
    code: str
    label: StrPromise
    addressee: Addressee
    needs_signature: bool
    # Staff roles (cases.models.Role) that may sign; empty when only the addressee signs.
    signatory_roles: tuple[str, ...]
    placeholders: tuple[Placeholder, ...]
    legal_basis: str
    addressee_signs: bool = False
    # Languages in which Recueil ships a default template (templates_legal/defaults/).
    default_languages: tuple[str, ...] = ("fr",)
    # Drafted on a closed case too: what the case's closure does not end (the decision on
    # a staff member's protection request). Every other kind needs the case open
    # (``cases.services.closed``).
    after_closure: bool = False

    @property
    def context_names(self) -> frozenset[str]:
        return frozenset(p.name for p in self.placeholders)

    @property
    def required_names(self) -> frozenset[str]:
        return frozenset(p.name for p in self.placeholders if p.required)

    @property
    def signatory_labels(self) -> list[str]:
        return [str(Role(code).label) for code in self.signatory_roles]

    def __str__(self) -> str:
        return str(self.label)
