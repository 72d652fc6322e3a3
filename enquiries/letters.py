"""What an enquiry knows for each letter it calls for: the hook for ``templates_legal``.

``letter_context(due)`` returns values for the placeholders of the letter's kind
that the enquiry can fill — and only names that kind documents (its confidentiality
boundary, ``templates_legal.kinds``). The letters service adds the letterhead,
signatory and addressee details it owns, renders, then calls
``enquiries.services.letter_due_produced``. Values are decrypted in memory for the
letter only; nothing here is logged or cached.

The link between a due row and its letter: the draft carries the row's reference in
``Letter.origin`` (``origin_of``); when that letter is finalised, templates_legal sends
``letter_finalised`` and ``on_letter_finalised`` marks the row produced, in the same
transaction (connected in ``EnquiriesConfig.ready``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from cases.models import CasePermission, Party, User
from cases.selectors.cases import case_permissions_of
from enquiries.models import Enquiry, LetterDue, LetterStep
from enquiries.selectors import case_categories, letters_due
from templates_legal.kinds import LetterKind
from templates_legal.kinds import letter_kind as kind_of
from templates_legal.models import Letter
from workflows.schedule import received_on

ORIGIN_PREFIX = "enquiries.letterdue:"

# The letters a holder of ``draft_letter`` on the case (the referent in charge, the
# legal directorate) prepares from the enquiry page: decisions of the institution and
# the papers around an interview. Investigators hold no grant on the case (need to
# know: their access is the enquiry's), so they see that a letter is due or produced
# but never draft one. The minutes and the report frame are not among them: their
# content is the commission's (minutes are read with ``conduct_enquiry`` only) and an
# investigator signs them, so a draft made from the case would both show the minutes
# to the case's letter drafters and wait for a signature nobody there can give.
STAFF_LETTER_STEPS = frozenset(
    {
        LetterStep.OPENING,
        LetterStep.APPOINTMENT,
        LetterStep.SUMMONS,
        LetterStep.COMMITMENT,
        LetterStep.RECORDING,
    }
)


def origin_of(due: LetterDue) -> str:
    """The reference a draft letter carries (``Letter.origin``) for the row it answers."""
    return f"{ORIGIN_PREFIX}{due.pk}"


def due_id_of(origin: str) -> int | None:
    if not origin.startswith(ORIGIN_PREFIX):
        return None
    raw = origin.removeprefix(ORIGIN_PREFIX)
    return int(raw) if raw.isdigit() else None


def _name(identity: dict[str, Any] | None) -> str:
    identity = identity or {}
    return " ".join(
        str(identity.get(k, "")).strip() for k in ("first_name", "last_name") if identity.get(k)
    )


def _capacity(party: Party) -> str:
    """The party's role as the letters' running text needs it ("en qualité de témoin")."""
    label = str(party.get_role_display())
    return label[:1].lower() + label[1:]


def letter_context(due: LetterDue) -> dict[str, object]:
    enquiry = due.enquiry
    case = enquiry.case
    values: dict[str, object] = {
        "case_reference": case.reference,
        "report_received_date": received_on(case),
        "entity_name": case.entity.name,
        "enquiry_opening_date": enquiry.decided_on,
        "report_due_date": enquiry.due_on,
        "facts_categories": ", ".join(str(c) for c in case_categories(case)),
        "investigators_names": ", ".join(
            str(m.investigator) for m in enquiry.members.select_related("investigator")
        ),
    }
    interview = due.interview
    if interview is not None:
        local = timezone.localtime(interview.scheduled_at)
        party = interview.party
        values.update(
            {
                "interview_date": local.date(),
                "interview_time": local.strftime("%H:%M"),
                "interview_place": interview.place or "",
                "interviewers_names": ", ".join(
                    str(m.investigator)
                    for m in interview.interviewers.select_related("investigator")
                ),
                "interviewee_name": _name(party.identity),
                "interviewee_capacity": _capacity(party),
                "recipient_capacity": _capacity(party),
                "right_to_remain_silent": party.role == Party.Role.IMPLICATED,
            }
        )
        minutes = getattr(interview, "minutes", None)
        if minutes is not None and due.kind == "interview_minutes":
            values["minutes_text"] = minutes.body or ""
    if due.party is not None:
        values["recipient_name"] = _name(due.party.identity)
    if due.member is not None:
        values["recipient_name"] = str(due.member.investigator)
    allowed = kind_of(due.kind).context_names
    return {k: v for k, v in values.items() if k in allowed}


@dataclass(frozen=True)
class DueRow:
    """One letter an enquiry calls for, as the enquiry page shows it to ``user``."""

    due: LetterDue
    kind: LetterKind
    draft: Letter | None  # a draft prepared for it and not finalised yet
    can_draft: bool  # may prepare it (or reopen its draft) now


def may_draft_letters(user: User, enquiry: Enquiry) -> bool:
    """Holds ``draft_letter`` on the enquiry's case (the caller checked the enquiry access)."""
    return CasePermission.DRAFT_LETTER in case_permissions_of(user, enquiry.case)


def letter_rows(user: User, enquiry: Enquiry) -> tuple[list[DueRow], bool]:
    """Every due row of the enquiry, and whether ``user`` may open the case's letters.

    Drafts are looked up for drafters only: others never learn a draft exists.
    """
    permissions = case_permissions_of(user, enquiry.case)
    drafter = CasePermission.DRAFT_LETTER in permissions
    dues = list(letters_due(enquiry))
    drafts: dict[str, Letter] = {}
    if drafter:
        for letter in (
            Letter.objects.filter(
                case_id=enquiry.case_id,
                status=Letter.Status.DRAFT,
                origin__in=[origin_of(d) for d in dues if d.produced_at is None],
            )
            .defer("values", "docx", "pdf", "recipient")
            .order_by("created_at")
        ):
            drafts.setdefault(letter.origin, letter)
    rows = [
        DueRow(
            due=due,
            kind=kind_of(due.kind),
            draft=drafts.get(origin_of(due)),
            can_draft=drafter and due.produced_at is None and due.step in STAFF_LETTER_STEPS,
        )
        for due in dues
    ]
    return rows, CasePermission.VIEW in permissions
