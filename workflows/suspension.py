"""Precautionary suspension of a staff member implicated, decided by the direction.

Not a sanction: a measure of the service's interest while the facts are examined.
Civil servants: code général de la fonction publique, art. L531-1; State contract
staff: décret n° 86-83, art. 43. In both, the situation must be settled within four
months: the legal end is kept as a case deadline (``workflows.deadlines`` rules
``suspension_civil`` / ``suspension_contract``), which the timers remind before and
escalate after (``schedule.deadlines_sweep``). Criminal proceedings are recorded, as
they allow the suspension to be kept beyond four months; the deadline stays, as the
date by which the direction must decide to keep it.

Callers: the case page (``cases.views.protection``), after ``decide_case`` was checked.
A closed case takes no new suspension (``cases.services.closed``); a running one is
still lifted there, since the four months bind whatever becomes of the case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.core.accounts.models import Role
from cases.core.audit.services import audit_record
from cases.models import Case, CaseDeadline, CasePermission, Party, Suspension, User
from cases.selectors.cases import user_can
from cases.services.closed import case_require_open
from cases.services.grant_reasons import grants_reconcile
from cases.services.protection import directors_bring_in
from workflows.deadlines import (
    SUSPENSION_CIVIL,
    SUSPENSION_CONTRACT,
    SUSPENSION_MONTHS,
    DeadlineRule,
    add_months,
)

RULE_BY_STATUS: dict[str, DeadlineRule] = {
    Party.Status.STAFF_CIVIL: SUSPENSION_CIVIL,
    Party.Status.STAFF_CONTRACT: SUSPENSION_CONTRACT,
}


def suspendable(case: Case) -> list[Party]:
    """Implicated persons of ``case`` who are staff (civil servants or contract staff)."""
    return suspendable_among(case.parties.all())


def suspendable_among(parties: Iterable[Party]) -> list[Party]:
    """``suspendable`` over parties already read (the case page has them all)."""
    return [
        p
        for p in parties
        if p.role == Party.Role.IMPLICATED and p.status in RULE_BY_STATUS and not p.anonymous
    ]


def suspension_legal_end(*, status: str, starts_on: dt.date) -> dt.date:
    """Four calendar months from the start (CGFP L531-1; décret 86-83 art. 43)."""
    if status not in RULE_BY_STATUS:
        raise ValueError(status)
    return add_months(starts_on, SUSPENSION_MONTHS)


def suspension_record(
    *,
    actor: User,
    case: Case,
    party: Party,
    decided_on: dt.date,
    starts_on: dt.date,
    criminal_proceedings: bool,
    reasons: str,
) -> Suspension:
    """A director records the suspension they decided; its legal end becomes a deadline."""
    if (
        not user_can(actor, case, CasePermission.DECIDE)
        or not actor.memberships.filter(entity_id=case.entity_id, role=Role.DIRECTOR).exists()
    ):
        raise ValidationError(_("Seule la direction décide d'une suspension conservatoire."))
    if party.case_id != case.pk or party not in suspendable(case):
        raise ValidationError(
            _(
                "La suspension conservatoire concerne un membre du personnel mis en cause : "
                "indiquez d'abord son statut (fonctionnaire ou contractuel) dans "
                "« Personnes concernées »."
            )
        )
    if decided_on > timezone.localdate() or starts_on < decided_on:
        raise ValidationError(
            _("La décision ne peut pas être datée du futur ni prendre effet avant d'être prise.")
        )
    if not reasons.strip():
        raise ValidationError(_("Indiquez les motifs (la faute grave reprochée)."))
    rule = RULE_BY_STATUS[party.status]
    with transaction.atomic(durable=True):  # a page's whole action, never nested
        case_require_open(case)  # a running suspension still ends on a closed case
        if CaseDeadline.objects.filter(case=case, rule=rule.code, met_on__isnull=True).exists():
            raise ValidationError(_("Une suspension conservatoire est déjà en cours."))
        suspension = Suspension(
            key_id=case.key_id,
            case=case,
            party=party,
            status=party.status,
            rule=rule.code,
            decided_on=decided_on,
            starts_on=starts_on,
            legal_end_on=suspension_legal_end(status=party.status, starts_on=starts_on),
            criminal_proceedings=criminal_proceedings,
            reasons=reasons.strip(),
            decided_by=actor,
        )
        suspension.save(force_insert=True)
        # One deadline row per rule and case: a later suspension takes the row over.
        CaseDeadline.objects.update_or_create(
            case=case,
            rule=rule.code,
            defaults={
                "start_on": starts_on,
                "due_on": suspension.legal_end_on,
                "met_on": None,
                "reminded_at": None,
                "escalated_at": None,
            },
        )
        audit_record(
            actor=actor,
            action="suspension.decided",
            target=case,
            entity_id=case.entity_id,
            details={
                "suspension": str(suspension.pk),
                "party": str(party.pk),
                "rule": rule.code,
                "criminal_proceedings": criminal_proceedings,
            },
        )
        directors_bring_in(actor=actor, case=case)
    return suspension


def suspension_end(*, actor: User, suspension: Suspension, ended_on: dt.date) -> None:
    """A director lifts the suspension (or records the decision that settles it)."""
    case = suspension.case
    if not user_can(actor, case, CasePermission.DECIDE):
        raise ValidationError(_("Seule la direction lève une suspension conservatoire."))
    if suspension.ended_on is not None:
        raise ValidationError(_("Cette suspension est déjà levée."))
    if ended_on < suspension.starts_on or ended_on > timezone.localdate():
        raise ValidationError(_("La date de levée doit suivre le début et ne pas être future."))
    with transaction.atomic(durable=True):
        Suspension.objects.filter(pk=suspension.pk).update(ended_on=ended_on)
        CaseDeadline.objects.filter(case=case, rule=suspension.rule, met_on__isnull=True).update(
            met_on=ended_on
        )
        audit_record(
            actor=actor,
            action="suspension.ended",
            target=case,
            entity_id=case.entity_id,
            details={"suspension": str(suspension.pk)},
        )
        # The directors' reason may end with it (``cases.services.protection``).
        grants_reconcile(case=case, actor=actor, cause="suspension_ended")
