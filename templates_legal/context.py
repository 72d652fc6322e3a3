"""What a case knows for each letter kind: the values a draft letter starts from.

``letter_context_build`` reads the case and returns values for the kind's documented
context only (templates_legal/kinds.py): a value the kind has no placeholder for is
never even read — the Article 40 letter gets the narrative and both identities
(code de procédure pénale, art. 40), the charge letter to the person implicated never
the reporting person (loi n° 2016-1691, art. 9). What the case cannot know (the
hearing room, the signatory's title under a delegation...) stays blank for the
person drafting the letter to fill in.

Other apps feed their own knowledge through ``extra``: a mapping of placeholder
values, checked against the same documented context (any other name is refused,
fail closed). The enquiries app builds it with ``enquiries.letters.letter_context(due)``
for interview summons, commitments, minutes and the commission's letters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils import timezone, translation

from cases.models import (
    Acknowledgement,
    Article40Referral,
    Case,
    CaseCategory,
    Closure,
    DisciplinaryHearing,
    DisciplinaryOutcome,
    Feedback,
    Party,
    ProtectionRequest,
    ProtectiveMeasure,
    Role,
    User,
)
from cases.services.support import support_resources
from templates_legal.kinds import Addressee, LetterKind, letter_kind
from workflows.deadlines import feedback_deadline
from workflows.schedule import received_on

# Set by Recueil, never edited: the letter is about this case, from this entity, dated
# the day it is finalised, signed by the person who signs it — their name and the
# function their account gives (``User.title``), put in at finalisation for the person
# designated and again at signature for the person who actually signs.
SIGNER_NAMES = frozenset({"signatory_name", "signatory_title"})
LOCKED_NAMES = frozenset({"case_reference", "entity_name", "letter_date"}) | SIGNER_NAMES

_REPORTING_ROLES = (Party.Role.REPORTING, Party.Role.VICTIM)


def _name(identity: Mapping[str, Any] | None) -> str:
    identity = identity or {}
    return " ".join(
        str(identity[key]).strip() for key in ("first_name", "last_name") if identity.get(key)
    )


def _full_identity(party: Party | None, language: str) -> str:
    """Name, status and contact details, for the judicial authority only."""
    if party is None:
        return ""
    with translation.override(language):
        if party.anonymous:
            return str(translation.gettext("Personne anonyme ou non identifiée"))
        identity = party.identity or {}
        parts = [_name(identity), str(party.get_status_display())]
    # The status details the case page records (programme and year, department or
    # employer), then the contact details.
    keys = ("programme", "year", "unit", "address", "email", "phone")
    parts += [str(identity[key]) for key in keys if identity.get(key)]
    return ", ".join(p for p in parts if p)


def _party(case: Case, roles: tuple[str, ...]) -> Party | None:
    return case.parties.filter(role__in=roles).order_by("anonymous", "created_at").first()


def _categories(case: Case, language: str) -> str:
    links = CaseCategory.objects.filter(case=case).select_related("category")
    field = "label_en" if language == "en" else "label_fr"
    return ", ".join(getattr(link.category, field) for link in links)


def _received_on(case: Case) -> dt.date:
    return received_on(case)


def _feedback_due(case: Case) -> dt.date:
    """3 months from the acknowledgement (décret n° 2022-1284, art. 4): the one recorded,
    else this letter, dated today — the same rule as the case's deadline."""
    received = _received_on(case)
    sent = Acknowledgement.objects.filter(case=case).values_list("sent_on", flat=True).first()
    acknowledged = sent or max(timezone.localdate(), received)
    return feedback_deadline(
        acknowledged_on=acknowledged,
        received_on=received,
        alsace_moselle=case.entity.alsace_moselle,
    ).due


def signatory_values(user: User, kind: str | LetterKind, entity_id: int) -> dict[str, str]:
    """``user``'s name and function under the signature of a letter of ``kind``.

    The function is the account's title (set by an entity administrator); without one,
    the label of the first signatory role of the kind the person holds in the entity.
    Empty when the person holds none of those roles, or the kind prints no signatory.
    """
    letter = letter_kind(kind)
    if not SIGNER_NAMES <= letter.context_names:
        return {}
    roles = set(
        user.memberships.filter(entity_id=entity_id, role__in=letter.signatory_roles).values_list(
            "role", flat=True
        )
    )
    if not roles:
        return {}
    role = next(r for r in letter.signatory_roles if r in roles)
    return {
        "signatory_name": user.get_full_name() or user.username,
        "signatory_title": user.title or str(Role(role).label),
    }


# The body each staff charge letter summons to (décret n° 84-961 art. 4; décret n° 86-83
# art. 1-2): in the letter's words, the person drafting may refine it.
STAFF_COUNCILS = {
    "staff_charge_civil": (
        "le conseil de discipline (commission administrative paritaire siégeant en conseil de "
        "discipline)"
    ),
    "staff_charge_contract": "la commission consultative paritaire compétente",
}


def _measures(case: Case) -> str:
    measures = ProtectiveMeasure.objects.filter(case=case, lifted_on__isnull=True)
    return "\n".join(m.description for m in measures if m.description)


# The staff body each status is heard by, for the summons and the decision.
STAFF_STATUS_COUNCILS: dict[str, str] = {
    Party.Status.STAFF_CIVIL: STAFF_COUNCILS["staff_charge_civil"],
    Party.Status.STAFF_CONTRACT: STAFF_COUNCILS["staff_charge_contract"],
}


def _staff_status(case: Case) -> str:
    """The staff status whose texts the disciplinary letters cite, "" for a student's.

    The hearing's track when recorded, else the persons implicated: staff texts only when
    no student or doctoral candidate is implicated (as ``selectors.step_letter_code``);
    the addressee's own status first, a civil servant's before a contract agent's.
    """
    hearing = DisciplinaryHearing.objects.filter(case=case).order_by("-recorded_at").first()
    if hearing is not None and hearing.track != DisciplinaryHearing.Track.STAFF_EMPLOYER:
        return ""
    implicated = case.parties.filter(role=Party.Role.IMPLICATED)
    statuses = set(implicated.values_list("status", flat=True))
    if statuses & {Party.Status.STUDENT, Party.Status.DOCTORAL}:
        return ""
    addressee = _party(case, (Party.Role.IMPLICATED,))
    for status in (
        addressee.status if addressee else "",
        Party.Status.STAFF_CIVIL,
        Party.Status.STAFF_CONTRACT,
    ):
        if status in STAFF_STATUS_COUNCILS and status in statuses:
            return str(status)
    return ""


def _staff_values(case: Case) -> dict[str, object]:
    status = _staff_status(case)
    values: dict[str, object] = {
        "staff_civil_servant": status == Party.Status.STAFF_CIVIL,
        "staff_contract": status == Party.Status.STAFF_CONTRACT,
    }
    if status:
        values["council_name"] = STAFF_STATUS_COUNCILS[status]
    return values


def _hearing_values(case: Case) -> dict[str, object]:
    hearing = DisciplinaryHearing.objects.filter(case=case).order_by("-recorded_at").first()
    if hearing is None:
        return {}
    councils: dict[str, str] = {
        DisciplinaryHearing.Track.STUDENT_COUNCIL: "le conseil de discipline de l'établissement",
    }
    council = councils.get(str(hearing.track), "")
    return {
        "council_name": council,
        "hearing_date": hearing.hearing_on,
        "file_access_date": hearing.file_open_from,
        "staff_file_access_date": hearing.file_open_from,
    }


def _protection_values(case: Case, language: str) -> dict[str, object]:
    """The latest decided protection request: its staff member, dates, reasons, measures."""
    request = (
        ProtectionRequest.objects.filter(case=case)
        .exclude(decision=ProtectionRequest.Decision.PENDING)
        .select_related("party")
        .order_by("-decided_on", "-recorded_at")
        .first()
    )
    if request is None:
        return {}
    identity = request.party.identity or {}
    with translation.override(language):
        measures = "\n".join(
            f"{m.get_kind_display()}{' — ' + m.detail if m.detail else ''}"
            for m in request.measures.all()
        )
    values: dict[str, object] = {
        "recipient_name": _name(identity),
        "protection_request_date": request.requested_on,
        "protection_granted": request.decision == ProtectionRequest.Decision.GRANTED,
        "protection_grounds": request.reasons or "",
        "protection_measures": measures,
    }
    if identity.get("address"):
        values["recipient_address"] = str(identity["address"])
    return values


def _outcome_values(case: Case, language: str) -> dict[str, object]:
    """The last sanction recorded (the notification is drafted after the sanction step)."""
    outcome = DisciplinaryOutcome.objects.filter(case=case).order_by("-recorded_at").first()
    if outcome is None:
        return {}
    with translation.override(language):
        text = outcome.sanction_label
    return {
        "decision_text": text,
        "decision_grounds": outcome.grounds or "",
        "effective_date": outcome.pronounced_on,
    }


def _case_values(case: Case, kind: LetterKind, language: str) -> dict[str, object]:
    """Every value the case itself can give; filtered by the caller to the kind's names."""
    names = kind.context_names
    values: dict[str, object] = {
        "entity_name": case.entity.name,
        "case_reference": case.reference,
        "letter_date": timezone.localdate(),
    }
    # The letterhead comes from the entity's details, when its administrators gave them.
    if case.entity.postal_address:
        values["entity_address"] = case.entity.postal_address
    if case.entity.city:
        values["entity_city"] = case.entity.city
    # Each lookup runs only when the kind has the placeholder: no more case data is
    # read (and decrypted) than the letter shows.
    if "report_received_date" in names:
        values["report_received_date"] = _received_on(case)
    if "feedback_deadline_date" in names:
        values["feedback_deadline_date"] = _feedback_due(case)
    if "facts_categories" in names:
        values["facts_categories"] = _categories(case, language)
    if kind.addressee in {Addressee.REPORTING_PERSON, Addressee.PERSON_IMPLICATED}:
        roles = (
            _REPORTING_ROLES
            if kind.addressee == Addressee.REPORTING_PERSON
            else (Party.Role.IMPLICATED,)
        )
        party = _party(case, roles)
        if party is not None and not party.anonymous:
            identity = party.identity or {}
            values["recipient_name"] = _name(identity)
            if identity.get("address"):
                values["recipient_address"] = str(identity["address"])
    if kind.addressee == Addressee.PROSECUTOR:
        values["facts_summary"] = case.narrative or ""
        values["reporting_person_identity"] = _full_identity(
            _party(case, _REPORTING_ROLES), language
        )
        values["person_implicated_identity"] = _full_identity(
            _party(case, (Party.Role.IMPLICATED,)), language
        )
        referral = Article40Referral.objects.filter(case=case).order_by("-recorded_at").first()
        if referral is not None:
            values["court_name"] = referral.prosecutor_office
    if "measures_taken" in names:
        values["measures_taken"] = _measures(case)
    if names & {"council_name", "hearing_date", "file_access_date", "staff_file_access_date"}:
        values.update(_hearing_values(case))
    if names & {"staff_civil_servant", "staff_contract"}:
        values.update(_staff_values(case))
    if names & {"decision_text", "decision_grounds", "effective_date"}:
        values.update(_outcome_values(case, language))
    if "follow_up_summary" in names:
        # The final information when recorded, else the latest given.
        feedback = Feedback.objects.filter(case=case).order_by("interim", "-recorded_at").first()
        if feedback is not None:
            values["follow_up_summary"] = feedback.summary or ""
    if "progress_summary" in names:
        # What the latest interim information said: written, at the time, without
        # confidential content about others (workflows.steps.meeting).
        interim = Feedback.objects.filter(case=case, interim=True).order_by("-recorded_at").first()
        if interim is not None:
            values["progress_summary"] = interim.summary or ""
    if kind.code in STAFF_COUNCILS:
        values["council_name"] = STAFF_COUNCILS[kind.code]
    if "support_resources" in names:
        # The entity's directory (public services and numbers), one entry a line.
        values["support_resources"] = "\n".join(
            # The contact once: not again when the name already gives it ("3919 — …").
            f"{r.name} — {r.contact}" if r.contact and r.contact not in r.name else r.name
            for r in support_resources(entity=case.entity)
        )
    if "closing_reason" in names:
        closure = Closure.objects.filter(case=case).order_by("-closed_at").first()
        if closure is not None:
            with translation.override(language):
                values["closing_reason"] = str(closure.get_reason_display())
    if "protection_granted" in names:
        values.update(_protection_values(case, language))
    return values


def letter_context_build(
    *,
    case: Case,
    kind: str | LetterKind,
    actor: User,
    language: str = "fr",
    extra: Mapping[str, object] | None = None,
) -> dict[str, object]:
    """Starting values of a letter of ``kind`` about ``case``, within the kind's context.

    ``extra`` (from another app, e.g. an enquiry's interview) overrides what the case
    gives; a name outside the kind's documented context is a ``ValueError``. The
    locked names (reference, entity, date) always come from the case.
    """
    letter = letter_kind(kind)
    extra = dict(extra or {})
    outside = set(extra) - letter.context_names
    if outside:
        raise ValueError(
            f"{letter.code}: extra values outside the documented context: "
            f"{', '.join(sorted(outside))}"
        )
    values = _case_values(case, letter, language)
    values.update({k: v for k, v in extra.items() if k not in LOCKED_NAMES})
    return {k: v for k, v in values.items() if k in letter.context_names and v not in (None, "")}
