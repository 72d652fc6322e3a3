"""Legal holds, and anonymisation when a retention period ends (``apply_retention``).

Anonymisation is crypto-shredding through ``cases.services.cases.cases_shred`` — every
encrypted field, document, letter, enquiry file and message of the case is under its one
data key, in this database and in every backup — plus wiping what identifies people
without being encrypted: grants (who worked on it), conflict declarations (who is named),
a party's link to a staff account, enquiries' free letter references. Codes, dates,
categories and statuses stay: the indicators count them (``indicators.selectors``).

Records kept outside cases by apps of this layer (the data-subject requests of
``rights``) are registered as *retention sources* (``workflows.hooks``): the dry run lists
them and the run anonymises them after the cases and listening records, each source in
its own batches.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.core.audit.services import audit_record
from cases.core.crypto.datakeys import data_key_forget, data_keys_shred
from cases.models import (
    Case,
    CaseDeadline,
    ConflictDeclaration,
    Contact,
    Party,
    Role,
    RoleMembership,
    User,
)
from cases.services.cases import cases_shred
from cases.services.grant_reasons import registered_tables
from enquiries.models import LetterDue
from retention.clocks import (
    case_clock,
    case_retention_refresh,
    contact_clock,
    contact_retention_refresh,
)
from retention.models import CaseRetention, ContactRetention, LegalHold
from retention.rules import get_rule
from workflows.deadlines import LEGAL_HOLD_REVIEW
from workflows.hooks import retention_sources

HOLD_ROLES = (Role.DIRECTOR, Role.LEGAL)


# --- legal hold -----------------------------------------------------------------------------


def may_hold(user: User, case: Case, roles: Iterable[tuple[int, str]] | None = None) -> bool:
    """A director or the legal directorate of the case's entity, not named nor in conflict.

    ``roles``: the user's (entity id, role) pairs when the caller already holds them (a
    page: ``request_roles``), sparing a query; read from the memberships otherwise."""
    if not user.is_authenticated or not user.is_active:
        return False
    if roles is not None:
        holds = any(e == case.entity_id and r in HOLD_ROLES for e, r in roles)
    else:
        holds = RoleMembership.objects.filter(
            user=user, entity_id=case.entity_id, role__in=HOLD_ROLES
        ).exists()
    if not holds:
        return False
    return not ConflictDeclaration.objects.filter(case=case, user=user).exists()


def _refuse_unless_may_hold(actor: User, case: Case) -> None:
    if not may_hold(actor, case):
        raise ValidationError(
            _(
                "Seule la direction ou la direction juridique de l'entité peut suspendre la conservation."
            )
        )


def legal_hold_place(*, actor: User, case: Case, reason: str, review_on: dt.date) -> LegalHold:
    """Suspend the anonymisation of ``case`` until lifted; reviewed on ``review_on``.

    Callers: a director or the legal directorate of the entity (checked here too).
    Audited: ``retention.hold_placed`` with the hold's id and review date (the reason is
    encrypted). The review date becomes a case deadline the sweep reminds of.
    """
    _refuse_unless_may_hold(actor, case)
    if not reason.strip():
        raise ValidationError(_("Le motif de la suspension est obligatoire."))
    today = timezone.localdate()
    if review_on <= today:
        raise ValidationError(_("La date de réexamen doit être dans le futur."))
    with transaction.atomic(durable=True):
        # The case row is the lock the anonymisation also takes: a hold and a run never cross.
        current = Case.objects.select_for_update().get(pk=case.pk)
        if current.status == Case.Status.SHREDDED:
            raise ValidationError(_("Ce dossier est déjà anonymisé."))
        if LegalHold.objects.filter(case=current, lifted_at__isnull=True).exists():
            raise ValidationError(
                _("Une suspension est déjà en cours sur ce dossier : rechargez la page.")
            )
        hold = LegalHold(
            key_id=current.key_id,
            case=current,
            reason=reason.strip(),
            review_on=review_on,
            placed_by=actor,
        )
        hold.save(force_insert=True)
        CaseDeadline.objects.update_or_create(
            case=current,
            rule=LEGAL_HOLD_REVIEW.code,
            defaults={
                "start_on": today,
                "due_on": review_on,
                "met_on": None,
                "reminded_at": None,
                "escalated_at": None,
            },
        )
        audit_record(
            actor=actor,
            action="retention.hold_placed",
            target=current,
            entity_id=current.entity_id,
            details={"hold": str(hold.pk), "review_on": review_on.isoformat()},
        )
    return hold


def legal_hold_lift(*, actor: User, hold: LegalHold, reason: str) -> LegalHold:
    """End a hold: the case's retention runs again (due cases go at the next run).

    Audited: ``retention.hold_lifted``. Refused if someone lifted it meanwhile.
    """
    _refuse_unless_may_hold(actor, hold.case)
    if not reason.strip():
        raise ValidationError(_("Le motif de la levée est obligatoire."))
    with transaction.atomic(durable=True):
        Case.objects.select_for_update().filter(pk=hold.case_id).first()
        current = LegalHold.objects.select_for_update().get(pk=hold.pk)
        if current.lifted_at is not None:
            raise ValidationError(_("Cette suspension a déjà été levée : rechargez la page."))
        current.lifted_at, current.lifted_by, current.lift_reason = (
            timezone.now(),
            actor,
            reason.strip(),
        )
        current.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
        CaseDeadline.objects.filter(
            case_id=current.case_id, rule=LEGAL_HOLD_REVIEW.code, met_on__isnull=True
        ).update(met_on=timezone.localdate())
        audit_record(
            actor=actor,
            action="retention.hold_lifted",
            target=current.case,
            entity_id=current.case.entity_id,
            details={"hold": str(current.pk)},
        )
    return current


def procedure_end_record(*, actor: User, case: Case, ended_on: dt.date) -> CaseRetention:
    """The judicial (or disciplinary) procedure of a closed case ended for good on
    ``ended_on``, appeals included: its retention date follows (CNIL 2023-064).

    Callers: a director or the legal directorate of the entity. Audited:
    ``retention.procedure_ended`` with the date (no content).
    """
    _refuse_unless_may_hold(actor, case)
    if ended_on > timezone.localdate():
        raise ValidationError(_("La date de fin de la procédure ne peut pas être dans le futur."))
    with transaction.atomic(durable=True):
        current = Case.objects.select_for_update().get(pk=case.pk)
        row = CaseRetention.objects.filter(case=current, applied_at__isnull=True).first()
        if row is None or get_rule(row.rule).dated:
            raise ValidationError(
                _("Ce dossier n'attend pas la fin d'une procédure pour sa conservation.")
            )
        row.procedure_ended_on = ended_on
        row.save(update_fields=["procedure_ended_on"])
        case_retention_refresh(current)
        row.refresh_from_db()
        audit_record(
            actor=actor,
            action="retention.procedure_ended",
            target=current,
            entity_id=current.entity_id,
            details={"ended_on": ended_on.isoformat(), "rule": row.rule},
        )
    return row


def hold_reviewers(case: Case) -> list[User]:
    """Who is reminded at a hold's review date: its author (``workflows.hooks`` source)."""
    hold = (
        LegalHold.objects.filter(case=case, lifted_at__isnull=True)
        .select_related("placed_by")
        .first()
    )
    if hold is None or not hold.placed_by.is_active or not hold.placed_by.email:
        return []
    return [hold.placed_by]


# --- anonymisation --------------------------------------------------------------------------


@dataclass
class Due:
    kind: str  # "case" or "contact"
    pk: Any
    reference: str
    rule: str
    due_on: dt.date


@dataclass
class RetentionReport:
    cases: int = 0
    contacts: int = 0
    held: int = 0
    items: list[Due] = field(default_factory=list)
    # Anonymised per registered source (``workflows.hooks.retention_sources``), by kind.
    others: dict[str, int] = field(default_factory=dict)


def _active_hold() -> Exists:
    return Exists(LegalHold.objects.filter(case=OuterRef("case_id"), lifted_at__isnull=True))


def cases_due(today: dt.date) -> QuerySet[CaseRetention]:
    """Closed cases whose date has come, not anonymised, under no hold — oldest first."""
    return (
        CaseRetention.objects.filter(
            applied_at__isnull=True, due_on__lte=today, case__status=Case.Status.CLOSED
        )
        .annotate(held=_active_hold())
        .filter(held=False)
        .order_by("due_on", "pk")
    )


def cases_held(today: dt.date) -> int:
    return (
        CaseRetention.objects.filter(applied_at__isnull=True, due_on__lte=today)
        .annotate(held=_active_hold())
        .filter(held=True)
        .count()
    )


def contacts_due(today: dt.date) -> QuerySet[ContactRetention]:
    """Listening records never handed over whose date has come."""
    return ContactRetention.objects.filter(
        applied_at__isnull=True, due_on__lte=today, contact__case__isnull=True
    ).order_by("due_on", "pk")


def retention_due(today: dt.date) -> Iterator[Due]:
    """What a run on ``today`` would anonymise, with the rule (the dry run lists it).

    Read only: cases and records with no stored date yet (``retention_backfill``) are
    computed in memory, as the run would store them first.
    """
    for case in Case.objects.filter(status=Case.Status.CLOSED, retention__isnull=True).exclude(
        legal_holds__lifted_at__isnull=True, legal_holds__isnull=False
    ):
        clock = case_clock(case)
        if clock is not None and clock.due_on is not None and clock.due_on <= today:
            yield Due("case", case.pk, case.reference, clock.rule.code, clock.due_on)
    for contact in Contact.objects.filter(case__isnull=True, retention__isnull=True):
        clock = contact_clock(contact)
        if clock is not None and clock.due_on is not None and clock.due_on <= today:
            yield Due("contact", contact.pk, f"contact:{contact.pk}", clock.rule.code, clock.due_on)
    for row in (
        cases_due(today)
        .select_related("case")
        .only("pk", "rule", "due_on", "case__id", "case__reference")
    ):
        yield Due("case", row.case_id, row.case.reference, row.rule, row.due_on)  # type: ignore[arg-type]
    for c in contacts_due(today).only("pk", "rule", "due_on", "contact_id"):
        yield Due("contact", c.contact_id, f"contact:{c.contact_id}", c.rule, c.due_on)
    for source in retention_sources():
        for item in source.due(today):
            yield Due(item.kind, item.pk, item.reference, item.rule, item.due_on)


def _wipe_identifying(case_ids: list[Any]) -> None:
    """What names or points at people without being encrypted, for a batch of cases."""
    for table in registered_tables():
        # Case grants point at the case; every other table (enquiries') at an object
        # holding a ``case`` (as ``grant_reasons`` reads them): one delete per table.
        path = "content_object_id" if table.name == "case" else "content_object__case_id"
        table.model.objects.filter(**{f"{path}__in": case_ids}).delete()
    ConflictDeclaration.objects.filter(case_id__in=case_ids).delete()
    Party.objects.filter(case_id__in=case_ids, account__isnull=False).update(account=None)
    LetterDue.objects.filter(enquiry__case_id__in=case_ids).exclude(letter_ref="").update(
        letter_ref=""
    )


def _cases_batch(rows: list[CaseRetention], today: dt.date) -> int:
    """Anonymise one batch in one transaction: shred each key, wipe the batch in bulk."""
    ids = [r.case_id for r in rows]
    with transaction.atomic():
        # Same lock as ``legal_hold_place``: a hold placed meanwhile wins.
        locked = list(
            Case.objects.select_for_update().filter(pk__in=ids, status=Case.Status.CLOSED)
        )
        held = set(
            LegalHold.objects.filter(case_id__in=ids, lifted_at__isnull=True).values_list(
                "case_id", flat=True
            )
        )
        rule_of = {r.case_id: r.rule for r in rows}
        going = [c for c in locked if c.pk not in held]
        going_ids = [c.pk for c in going]
        # Wiped first: deleting audited rows reads them once more, which needs the key.
        _wipe_identifying(going_ids)
        # The one audit entry per case: ``case.shredded`` with the rule, never content.
        cases_shred(
            actor=None,
            cases=going,
            reason_codes={case.pk: f"retention:{rule_of[case.pk]}" for case in going},
        )
        CaseRetention.objects.filter(case_id__in=going_ids).update(applied_at=timezone.now())
    return len(going_ids)


def _key_shred(key_ids: list[Any]) -> None:
    # A listening record has no case, so ``cases_shred`` cannot take it; its data key is
    # destroyed by the same primitive (wrapped key nulled, key-store secret deleted).
    data_keys_shred(key_ids)

    def forget_all() -> None:
        for key_id in key_ids:
            data_key_forget(key_id)

    transaction.on_commit(forget_all)


def _contacts_batch(rows: list[ContactRetention]) -> int:
    with transaction.atomic():
        contacts = list(
            Contact.objects.select_for_update()
            .filter(pk__in=[r.contact_id for r in rows], case__isnull=True)
            .only("pk", "key_id", "entity_id")
        )
        rule_of = {r.contact_id: r.rule for r in rows}
        _key_shred([c.key_id for c in contacts])
        for contact in contacts:
            audit_record(
                actor=None,
                action="retention.contact_anonymised",
                object_type="cases.contact",
                object_id=str(contact.pk),
                entity_id=contact.entity_id,
                details={"rule": rule_of[contact.pk]},
            )
        ContactRetention.objects.filter(contact_id__in=[c.pk for c in contacts]).update(
            applied_at=timezone.now()
        )
    return len(contacts)


def retention_backfill() -> int:
    """Dates for closed cases and kept listening records that have none (recorded before
    this app, or by tooling): computed from their facts, as the procedure would have."""
    count = 0
    for case in Case.objects.filter(status=Case.Status.CLOSED, retention__isnull=True).iterator():
        with transaction.atomic():
            count += case_retention_refresh(case) is not None
    for contact in Contact.objects.filter(case__isnull=True, retention__isnull=True).iterator():
        with transaction.atomic():
            count += contact_retention_refresh(contact) is not None
    return count


def retention_apply(
    *,
    today: dt.date | None = None,
    batch: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> RetentionReport:
    """Anonymise every case, listening record and registered record (data-subject
    requests) whose retention has ended, held cases aside.

    Run by the timers (``retention.tasks.apply_retention``, ``manage.py apply_retention``);
    idempotent. One transaction per batch; one audit entry per case or record.
    """
    today = today or timezone.localdate()
    size = batch or settings.RECUEIL_RETENTION_BATCH
    retention_backfill()
    report = RetentionReport(held=cases_held(today))
    while True:
        rows = list(cases_due(today).only("pk", "case_id", "rule")[:size])
        if not rows:
            break
        done = _cases_batch(rows, today)
        report.cases += done
        if progress:
            progress(len(rows))
        if done == 0:
            break  # every row of the batch was held or reopened meanwhile
    while True:
        contact_rows = list(contacts_due(today).only("pk", "contact_id", "rule")[:size])
        if not contact_rows:
            break
        report.contacts += _contacts_batch(contact_rows)
        if progress:
            progress(len(contact_rows))
    for source in retention_sources():
        report.others[source.kind] = 0
        while done := source.apply(today, size):
            report.others[source.kind] += done
            if progress:
                progress(done)
    return report
