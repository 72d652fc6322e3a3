"""Reads of letters and of the register, already limited to what the reader may see."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from cases.core.crypto.aead import DecryptionError
from cases.models import Case, CasePermission, Entity, Party, Role, User
from cases.selectors.case_page import present
from cases.selectors.cases import case_permissions_of, cases_for, with_data_keys
from templates_legal.kinds import KINDS, LetterKind
from templates_legal.models import Letter
from templates_legal.templates_admin.selectors import active_template, language_codes

# The register of outgoing letters is kept by the legal directorate and read by the
# direction of the entity; a role elsewhere gives nothing (T2).
REGISTER_ROLES = (Role.LEGAL.value, Role.DIRECTOR.value)

# Which letter belongs to which step of the case flow (workflows/flows.py).
STEP_LETTERS: dict[str, str] = {
    "acknowledge": "acknowledgement",
    "article40": "article40_referral",
    "disciplinary": "disciplinary_summons",
    "feedback": "follow_up_information",
    "closure": "closing_letter",
}


# The charge letter of the disciplinary step follows the implicated person's status:
# each has its own texts (kinds/discipline.py).
CHARGE_LETTERS: dict[str, str] = {
    Party.Status.STAFF_CIVIL: "staff_charge_civil",
    Party.Status.STAFF_CONTRACT: "staff_charge_contract",
}


def step_letter_code(case: Case, step: str) -> str | None:
    """The kind of letter the step ``step`` of ``case`` calls for, if any."""
    if step == "disciplinary":
        statuses = set(
            case.parties.filter(role=Party.Role.IMPLICATED).values_list("status", flat=True)
        )
        for status, code in CHARGE_LETTERS.items():
            if status in statuses and not statuses & {
                Party.Status.STUDENT,
                Party.Status.DOCTORAL,
            }:
                return code
    return STEP_LETTERS.get(step)


def letters_of_case(case: Case) -> QuerySet[Letter]:
    """The case's letters without their files (the caller checked ``view_case``)."""
    return (
        Letter.objects.filter(case=case)
        .defer("docx", "pdf", "values")
        .select_related("signed_by", "created_by")
        .order_by("-created_at")
    )


DRAFT_READER_PERMISSIONS: frozenset[str] = frozenset(
    {CasePermission.DRAFT_LETTER, CasePermission.SIGN_LETTER}
)


def sees_draft_letters(permissions: Collection[str]) -> bool:
    """Draft letters are seen by those who draft or sign the case's letters, nobody else.

    ``permissions``: the reader's permissions on the case. A draft may still change
    and is not sendable: readers with ``view_case`` only see finalised letters.
    """
    return bool(DRAFT_READER_PERMISSIONS & set(permissions))


def letters_visible(case: Case, permissions: Collection[str]) -> list[Letter]:
    """The letters of ``case`` a reader holding ``permissions`` on it may see listed.

    Nothing without ``view_case``; drafts only for ``sees_draft_letters``. Reads the
    letters only when the case has some (``present``: the case page's presence probe).
    """
    if CasePermission.VIEW not in permissions or not present(case, "letters"):
        return []
    drafts = sees_draft_letters(permissions)
    return [letter for letter in letters_of_case(case) if drafts or not letter.is_draft]


def letter_or_404(user: User, case: Case, letter_id: uuid.UUID) -> Letter:
    """A letter of ``case``; drafts only for those who draft or sign its letters.

    The caller has fetched ``case`` with ``case_or_404`` (``view_case``).
    """
    letter = Letter.objects.filter(case=case, pk=letter_id).select_related("case", "entity").first()
    if letter is None:
        raise Http404
    if letter.is_draft and not sees_draft_letters(case_permissions_of(user, case)):
        raise Http404
    return letter


def kinds_available(case: Case) -> list[tuple[LetterKind, list[str]]]:
    """Each kind with the languages in which the entity has a template in force."""
    available = []
    for kind in KINDS:
        languages = [code for code in language_codes() if active_template(case.entity, kind, code)]
        if languages:
            available.append((kind, languages))
    return available


def register_entities_for(user: User) -> QuerySet[Entity]:
    return Entity.objects.filter(
        memberships__user=user, memberships__role__in=REGISTER_ROLES
    ).distinct()


def register_entity_or_404(user: User, code: str) -> Entity:
    entity = register_entities_for(user).filter(code=code).first()
    if entity is None:
        raise Http404
    return entity


@dataclass(frozen=True)
class RegisterRow:
    letter: Letter
    case_visible: bool
    recipient: str  # "" when masked
    signed_by_reader: bool = False  # the reader signed it: its files stay theirs to read


def signed_letter_or_404(user: User, letter_id: uuid.UUID) -> Letter:
    """A letter ``user`` signed, for its download without the case (they may no longer
    hold it); the download itself checks they still hold a signing role."""
    letter = (
        Letter.objects.filter(pk=letter_id, signed_by=user).select_related("case", "entity").first()
    )
    if letter is None:
        raise Http404
    return letter


def register_years(entity: Entity) -> list[int]:
    years = (
        Letter.objects.filter(entity=entity, year__isnull=False)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )
    return [year for year in years if year is not None]


def register_rows(user: User, entity: Entity, year: int) -> list[RegisterRow]:
    """The register for ``year``; the recipient shown only for cases ``user`` may see."""
    letters = list(
        Letter.objects.filter(entity=entity, year=year, number__isnull=False)
        .defer("docx", "pdf", "values")
        .select_related("case", "signed_by")
        .order_by("number")
    )
    visible = set(
        cases_for(user).filter(pk__in={x.case_id for x in letters}).values_list("pk", flat=True)
    )
    # Recipients are decrypted for visible cases only: unwrap their keys in one query.
    with_data_keys(x for x in letters if x.case_id in visible)
    rows = []
    for letter in letters:
        shown = letter.case_id in visible
        recipient = ""
        if shown:
            try:
                recipient = letter.recipient or ""
            except DecryptionError:
                recipient = ""
        rows.append(RegisterRow(letter, shown, recipient, letter.signed_by_id == user.pk))
    return rows
