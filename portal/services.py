"""What the portal does for a person without an account: send, ask, come back.

Nothing here records who the person is beyond what they chose to type: no address, no
browser, no account (T6). Every report or question enters through the procedure's own
intake (``workflows.steps.intake``) and gets its conversation (``threads.services``);
the receipt code is returned once and only its scrypt hash is kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cases.core.audit.services import audit_record
from cases.models import Category, ContactKind, Entity, Party
from portal import codes
from portal.models import ReceiptCode
from portal.throttle import rate_exceeded, rate_hit
from threads.files import files_check, incoming
from threads.models import ReporterThread
from threads.services import message_post_by_reporter, thread_open
from workflows.steps.intake import (
    IntakeData,
    PortalPerson,
    portal_question_receive,
    portal_report_receive,
)


class PortalBusy(Exception):
    """Too many submissions or code attempts just now: try again later (T6)."""


@dataclass(frozen=True)
class Receipt:
    """What the person leaves with: the code (shown once) and their conversation."""

    code: str
    thread: ReporterThread

    @property
    def groups(self) -> list[str]:
        return codes.code_groups(self.code)


def _receipt_issue(thread: ReporterThread) -> str:
    code = codes.code_new()
    salt = codes.code_salt()
    ReceiptCode.objects.create(
        thread=thread,
        prefix=code[: codes.PREFIX],
        salt=salt,
        digest=codes.code_digest(code, salt),
    )
    return code


def _submission_allowed(entity: Entity) -> None:
    """Refuse once this hour's submissions reach the limits (all entities, this entity)."""
    if rate_exceeded("submit:all", settings.RECUEIL_PORTAL_SUBMISSIONS_PER_HOUR) or rate_exceeded(
        f"submit:{entity.pk}", settings.RECUEIL_PORTAL_SUBMISSIONS_PER_ENTITY_PER_HOUR
    ):
        raise PortalBusy


def _submission_count(entity: Entity) -> None:
    rate_hit("submit:all")
    rate_hit(f"submit:{entity.pk}")


def _narrative(data: dict[str, Any]) -> str:
    """The report as the handlers read it: the person's words under plain headings.

    Written in French, the handlers' language, whatever the portal's language was.
    """
    with translation.override("fr"):
        ongoing = {"yes": _("Oui"), "no": _("Non"), "unknown": _("Ne sait pas")}
        contact = {
            "portal": _("par le portail uniquement"),
            "email": _("par courriel"),
            "phone": _("par téléphone"),
        }
        lines = [
            f"{_('Quand')} : {data.get('when') or '—'}",
            f"{_('Où')} : {data.get('where') or '—'}",
            f"{_('Faits en cours')} : {ongoing.get(data.get('ongoing', ''), '—')}",
            f"{_('Recontacter')} : {contact.get(data.get('preferred_contact', ''), '—')}",
        ]
        if data.get("identity") == "named":
            share = data.get("share_identity") == "yes"
            lines.append(
                _("Identité communicable aux personnes mises en cause (Sapin II art. 9) : %s")
                % (_("oui") if share else _("non"))
            )
        lines += ["", data["what"].strip()]
    return "\n".join(lines)


def portal_report_submit(
    *, entity: Entity, data: dict[str, Any], files: Sequence[Any] = ()
) -> Receipt:
    """A report sent through the portal: a case at intake, its conversation, a code.

    ``data``: a valid ``ReportForm``'s ``cleaned_data``. Files are checked before
    anything is created; a refused file leaves nothing behind. Rate-limited per hour
    overall and per entity (``PortalBusy``). Audited by the intake (``contact.logged``,
    ``case.created``…) with no actor, and ``portal.report_received`` (ids only).
    """
    received = incoming(files)
    if received:
        files_check(received)
    _submission_allowed(entity)
    named = data.get("identity") == "named"
    identity = (
        {k: data[k] for k in ("first_name", "last_name", "email", "phone") if data.get(k)}
        if named
        else {}
    )
    categories: list[Category] = list(data["categories"])
    intake = IntakeData(
        contacted_on=timezone.localdate(),
        channel="portal",
        contact_kind=data["reporter_kind"],
        person_status=data["reporter_status"],
        categories=categories,
        narrative=_narrative(data),
        anonymous=not named,
        identity=identity,
        danger=bool(data.get("danger")),
        ongoing=data.get("ongoing") == "yes",
        meeting_requested=bool(data.get("meeting_requested")),
        consent_to_handover=True,
    )
    people = [
        PortalPerson(
            role=data[f"person{n}_role"],
            name=data[f"person{n}_name"],
            function=data.get(f"person{n}_function", ""),
            status=data.get(f"person{n}_status") or Party.Status.UNKNOWN,
        )
        for n in range(1, 10)
        if data.get(f"person{n}_name")
    ]
    with transaction.atomic():
        case = portal_report_receive(entity=entity, data=intake, people=people)
        thread = thread_open(case=case, notify_address=data.get("notify_address") or None)
        if received:
            with translation.override("fr"):
                body = _("Fichiers joints au signalement.")
            message_post_by_reporter(thread=thread, body=body, files=received)
        code = _receipt_issue(thread)
        _submission_count(entity)
        audit_record(
            actor=None,
            action="portal.report_received",
            target=case,
            entity_id=entity.pk,
            details={"thread": str(thread.pk), "files": len(received)},
        )
    return Receipt(code=code, thread=thread)


def portal_question_submit(*, entity: Entity, data: dict[str, Any]) -> Receipt:
    """An anonymous question to the entity's listening cell: a listening record, a code.

    Rate-limited with the reports. Audited: ``contact.logged`` and
    ``portal.question_received`` (ids only).
    """
    _submission_allowed(entity)
    intake = IntakeData(
        contacted_on=timezone.localdate(),
        channel="portal",
        contact_kind=data.get("reporter_kind") or ContactKind.THIRD_PARTY,
        person_status=Party.Status.UNKNOWN,
        categories=[],
        narrative=data["question"].strip(),
        anonymous=True,
    )
    with transaction.atomic():
        contact = portal_question_receive(entity=entity, data=intake)
        thread = thread_open(contact=contact, notify_address=data.get("notify_address") or None)
        code = _receipt_issue(thread)
        _submission_count(entity)
        audit_record(
            actor=None,
            action="portal.question_received",
            object_type="cases.contact",
            object_id=str(contact.pk),
            entity_id=entity.pk,
            details={"thread": str(thread.pk)},
        )
    return Receipt(code=code, thread=thread)


# A digest to compute when no row has the prefix: a refusal takes as long either way.
_NO_SALT = b"\0" * 16


def portal_code_check(*, typed: str) -> ReporterThread | None:
    """The conversation a typed receipt code opens, or None.

    Guessing is bounded, without identifying anyone: failures count per code prefix
    (``RECUEIL_PORTAL_CODE_FAILURES_PER_PREFIX`` an hour locks that prefix) and overall
    (``RECUEIL_PORTAL_CODE_FAILURES_PER_HOUR`` locks every attempt), in the database so
    every node sees them; a locked attempt raises ``PortalBusy`` before any hash is
    computed. The first lock of a prefix in a window is audited
    (``portal.code_refused``, no prefix, no code).
    """
    if rate_exceeded("code:all", settings.RECUEIL_PORTAL_CODE_FAILURES_PER_HOUR):
        raise PortalBusy
    code = codes.code_normalise(typed)
    if code is None:
        rate_hit("code:all")
        return None
    bucket = f"code:{code[: codes.PREFIX]}"
    limit = settings.RECUEIL_PORTAL_CODE_FAILURES_PER_PREFIX
    if rate_exceeded(bucket, limit):
        raise PortalBusy
    rows = list(ReceiptCode.objects.filter(prefix=code[: codes.PREFIX]).select_related("thread"))
    found = None
    for row in rows:
        if codes.code_matches(code, bytes(row.salt), bytes(row.digest)):
            found = row.thread
    if not rows:
        codes.code_digest(code, _NO_SALT)
    if found is None:
        rate_hit(bucket)
        rate_hit("code:all")
        if rate_exceeded(bucket, limit):
            audit_record(actor=None, action="portal.code_refused", details={"locked": True})
    return found
