"""The decision on a request for protection fonctionnelle (CGFP, L134-1 and following)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cases.models import Role
from templates_legal.kinds.base import Addressee, LetterKind
from templates_legal.kinds.glossary import (
    LETTERHEAD,
    LETTERHEAD_OPTIONAL,
    SIGNED,
    TO_A_PERSON,
    TO_A_PERSON_OPTIONAL,
    context,
)

KINDS: tuple[LetterKind, ...] = (
    LetterKind(
        code="protection_decision",
        label=_("Décision sur une demande de protection fonctionnelle"),
        addressee=Addressee.PROTECTED_STAFF,
        needs_signature=True,
        signatory_roles=(Role.DIRECTOR.value,),
        placeholders=context(
            *LETTERHEAD,
            *TO_A_PERSON,
            "protection_request_date",
            "protection_granted",
            *SIGNED,
            optional=(
                *LETTERHEAD_OPTIONAL,
                *TO_A_PERSON_OPTIONAL,
                "protection_grounds",
                "protection_measures",
                "appeal_court",
                "contact_email",
            ),
        ),
        legal_basis="code général de la fonction publique, L. 134-1 ; code des relations entre "
        "le public et l'administration, L. 211-2",
        default_languages=("fr", "en"),
        # The employer answers a request already made whatever becomes of the report
        # (CGFP L134-1; CRPA L211-2): its letter is drafted on a closed case too.
        after_closure=True,
    ),
)
