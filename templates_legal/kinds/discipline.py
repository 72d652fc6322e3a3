"""Letters of the disciplinary procedures: one charge letter per status (students,
civil servants, contract staff), each with its own texts, and the notification of the
decision."""

from __future__ import annotations

from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

# Set from the implicated person's status (templates_legal/context.py); both false: a student.
STAFF_FLAGS = ("staff_civil_servant", "staff_contract")
CHARGE_SIGNERS = (Role.DIRECTOR.value, Role.LEGAL.value)


def _charge(
    code: str,
    label: StrPromise,
    *,
    file_access: str,
    optional: tuple[str, ...] = (),
    legal_basis: str,
) -> LetterKind:
    """A charge letter: the summons and the staff letters carry the same facts, the
    hearing and the file's access, to the person implicated, signed by the direction."""
    return LetterKind(
        code=code,
        label=label,
        addressee=Addressee.PERSON_IMPLICATED,
        needs_signature=True,
        signatory_roles=CHARGE_SIGNERS,
        placeholders=context(
            *LETTERHEAD,
            *TO_A_PERSON,
            "recipient_address",
            "council_name",
            "charges_summary",
            "observations_deadline_date",
            file_access,
            "file_access_place",
            "hearing_date",
            "hearing_time",
            "hearing_place",
            *SIGNED,
            optional=(*LETTERHEAD_OPTIONAL, "recipient_salutation", "contact_email", *optional),
        ),
        legal_basis=legal_basis,
    )


KINDS: tuple[LetterKind, ...] = (
    _charge(
        "disciplinary_summons",
        _(
            "Notification des griefs et convocation devant la section disciplinaire (élève, "
            "étudiant·e)"
        ),
        file_access="file_access_date",
        optional=STAFF_FLAGS,
        # The status of the person summoned chooses the texts cited (STAFF_FLAGS): a
        # student's code de l'éducation, a civil servant's décret n° 84-961 (art. 1 and 4),
        # a contract agent's décret n° 86-83 (art. 44).
        legal_basis="code de l'éducation, R. 811-31 ; décret n° 84-961, art. 1 et 4 ; "
        "décret n° 86-83, art. 44 ; Cons. const. n° 2024-1105 QPC ; CE, 9 mai 2025, n° 499277",
    ),
    # The staff letters give the file from its own date (``staff_file_access_date``).
    _charge(
        "staff_charge_civil",
        _(
            "Engagement de la procédure disciplinaire et convocation devant le conseil de "
            "discipline (fonctionnaire)"
        ),
        file_access="staff_file_access_date",
        # Communication of the whole file and defenders of one's choice (art. 1), summons
        # at least 15 days before the conseil de discipline (art. 4); right to silence.
        legal_basis="code général de la fonction publique, L. 532-4 ; décret n° 84-961, "
        "art. 1 et 4 ; Cons. const. n° 2024-1105 QPC",
    ),
    _charge(
        "staff_charge_contract",
        _(
            "Engagement de la procédure disciplinaire et convocation devant la commission "
            "consultative paritaire (agent contractuel)"
        ),
        file_access="staff_file_access_date",
        # Décret n° 86-83: the whole file and defenders (art. 44), the commission
        # consultative paritaire for sanctions beyond warning and blame (art. 1-2).
        legal_basis="décret n° 86-83, art. 1-2 et 44 ; Cons. const. n° 2024-1105 QPC",
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
            "decision_text",
            "decision_grounds",
            "effective_date",
            "appeal_court",
            *SIGNED,
            # No body sits before a civil servant's first-group sanction (CGFP L. 533-1) or
            # a contract agent's warning, blame or short exclusion (décret n° 86-83, art. 44).
            optional=(
                *LETTERHEAD_OPTIONAL,
                "recipient_salutation",
                "council_name",
                "hearing_date",
                *STAFF_FLAGS,
            ),
        ),
        # Staff: the authority holding the disciplinary power decides, after the body's
        # opinion when one is required (CGFP L. 532-5).
        legal_basis="code des relations entre le public et l'administration, L. 211-2 ; "
        "code général de la fonction publique, L. 532-5 ; code de justice administrative, "
        "R. 421-1",
    ),
)
