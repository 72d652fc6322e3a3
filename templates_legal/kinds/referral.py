"""The Article 40 letter to the procureur de la République (code de procédure pénale, art. 40)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cases.models import Role
from templates_legal.kinds.base import Addressee, LetterKind
from templates_legal.kinds.glossary import (
    LETTERHEAD,
    LETTERHEAD_OPTIONAL,
    SIGNED,
    context,
)

KINDS: tuple[LetterKind, ...] = (
    LetterKind(
        code="article40_referral",
        label=_(
            "Signalement au procureur de la République (article 40 du code de procédure pénale)"
        ),
        addressee=Addressee.PROSECUTOR,
        needs_signature=True,
        signatory_roles=(Role.DIRECTOR.value, Role.LEGAL.value),
        placeholders=context(
            *LETTERHEAD,
            "court_name",
            "facts_categories",
            "facts_dates",
            "facts_place",
            "facts_summary",
            "reporting_person_identity",
            "person_implicated_identity",
            *SIGNED,
            optional=(
                *LETTERHEAD_OPTIONAL,
                "court_address",
                "measures_taken",
                "enclosures",
                "contact_email",
            ),
        ),
        legal_basis="code de procédure pénale, art. 40 ; loi n° 2016-1691, art. 9",
    ),
)
