"""Letters of the disciplinary procedures, one charge letter per status (students, civil servants, contract staff) and the notification of the decision."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cases.models import Role
from templates_legal.kinds.base import Addressee, LetterKind
from templates_legal.kinds.glossary import (
    LETTERHEAD,
    LETTERHEAD_OPTIONAL,
    SIGNED,
    TO_A_PERSON,
    context,
)

KINDS: tuple[LetterKind, ...] = (
    LetterKind(
        code="disciplinary_summons",
        label=_("Notification des griefs et convocation devant l'instance disciplinaire"),
        addressee=Addressee.PERSON_IMPLICATED,
        needs_signature=True,
        signatory_roles=(Role.DIRECTOR.value, Role.LEGAL.value),
        placeholders=context(
            *LETTERHEAD,
            *TO_A_PERSON,
            "recipient_address",
            "council_name",
            "charges_summary",
            "observations_deadline_date",
            "file_access_date",
            "file_access_place",
            "hearing_date",
            "hearing_time",
            "hearing_place",
            *SIGNED,
            optional=(*LETTERHEAD_OPTIONAL, "recipient_salutation", "contact_email"),
        ),
        legal_basis="code de l'éducation, R. 811-31 ; Cons. const. n° 2024-1105 "
        "QPC ; CE, 9 mai 2025, n° 499277",
    ),
    LetterKind(
        code="disciplinary_decision",
        label=_("Notification de la décision disciplinaire"),
        addressee=Addressee.PERSON_IMPLICATED,
        needs_signature=True,
        signatory_roles=(Role.DIRECTOR.value,),
        placeholders=context(
            *LETTERHEAD,
            *TO_A_PERSON,
            "recipient_address",
            "council_name",
            "hearing_date",
            "decision_text",
            "decision_grounds",
            "effective_date",
            "appeal_court",
            *SIGNED,
            optional=(*LETTERHEAD_OPTIONAL, "recipient_salutation"),
        ),
        legal_basis="code des relations entre le public et l'administration, L. 211-2 ; "
        "code de justice administrative, R. 421-1",
    ),
)
