"""Protection fonctionnelle of a staff victim: request, reasoned decision, measures.

Code général de la fonction publique, art. L134-1 and following: the employer owes
protection to a public employee (civil servant or contract staff) who is a victim of
violence, harassment or threats. Recueil records:

- the request, by the referent in charge (``triage_case``): who (a victim of the case
  whose status is staff), when, and the facts (encrypted);
- the decision, by a director (``decide_case``): granted or refused, the date, and
  the reasons — required for a refusal (code des relations entre le public et
  l'administration, L211-2: a refusal of an advantage the law gives is reasoned);
- the measures of a granted protection (legal costs, support, change of post...).

While a request waits for its decision (or a suspension runs, ``workflows.suspension``)
the entity's directors hold ``view_case``, ``decide_case`` and the letter permissions
(``protection_reasons``, registered with ``grant_reasons``). Every change is atomic and
audited with ids and codes only. On a closed case a new request is refused
(``cases.services.closed``); a request already recorded is decided and its measures
recorded all the same (CGFP L134-1: the protection is owed whatever becomes of the
report; CRPA L211-2 and L231-4: a request is answered, a refusal is reasoned).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.core.accounts.models import Role, RoleMembership
from cases.core.accounts.notices import notice_send
from cases.core.audit.services import audit_record
from cases.models import (
    Case,
    CasePermission,
    DisciplinaryHearing,
    OutcomeDecision,
    Party,
    ProtectionMeasure,
    ProtectionMeasureKind,
    ProtectionRequest,
    Suspension,
    User,
)
from cases.selectors.cases import user_can
from cases.services.access import CASE_GRANTS, ConflictOfInterest, grants_add
from cases.services.cases import StaleEdit
from cases.services.closed import case_require_open
from cases.services.grant_reasons import Reason, grants_reconcile

STAFF_STATUSES = (Party.Status.STAFF_CIVIL, Party.Status.STAFF_CONTRACT)
DIRECTOR_PERMISSIONS = frozenset(
    {
        CasePermission.VIEW.value,
        CasePermission.DECIDE.value,
        CasePermission.DRAFT_LETTER.value,
        CasePermission.SIGN_LETTER.value,
    }
)
REASON_CODE = "protection_to_decide"


def staff_victims(case: Case) -> list[Party]:
    """The victims of ``case`` who are staff: the only persons protection is owed to here."""
    return staff_victims_among(case.parties.all())


def staff_victims_among(parties: Iterable[Party]) -> list[Party]:
    """``staff_victims`` over parties already read (the case page has them all)."""
    return [
        p
        for p in parties
        if p.role == Party.Role.VICTIM and p.status in STAFF_STATUSES and not p.anonymous
    ]


def _directors(case: Case) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            memberships__entity_id=case.entity_id,
            memberships__role=Role.DIRECTOR,
        ).distinct()
    )


def _staff_discipline_running(case: Case) -> bool:
    """A disciplinary procedure against staff was decided and a staff member implicated
    has no decision recorded yet: the direction pronounces it, and may meanwhile suspend
    the person (CGFP L531-1), so it keeps the case until then."""
    decided = (
        OutcomeDecision.objects.filter(case=case)
        .order_by("-decided_at")
        .values_list("disciplinary_track", flat=True)
        .first()
    )
    if decided != DisciplinaryHearing.Track.STAFF_EMPLOYER:
        return False
    staff = case.parties.filter(role=Party.Role.IMPLICATED, status__in=STAFF_STATUSES)
    return staff.exclude(disciplinary_outcomes__isnull=False).exists()


def _directors_in_charge(case: Case) -> bool:
    """A request waiting for its decision or its letter, a suspension still running, or a
    staff disciplinary procedure waiting for its sanction."""
    return (
        ProtectionRequest.objects.filter(case=case, letter_on__isnull=True).exists()
        or Suspension.objects.filter(case=case, ended_on__isnull=True).exists()
        or _staff_discipline_running(case)
    )


def protection_reasons(case: Case) -> list[Reason]:
    """The entity's directors decide a request and sign its letter, and follow a running
    suspension; the finalised letter then keeps its signatory (``letter_to_sign``)."""
    if not _directors_in_charge(case):
        return []
    ids = RoleMembership.objects.filter(
        entity_id=case.entity_id, role=Role.DIRECTOR, user__is_active=True
    ).values_list("user_id", flat=True)
    return [
        Reason(
            table="case",
            object_id=case.pk,
            user_id=user_id,
            permissions=DIRECTOR_PERMISSIONS,
            code=REASON_CODE,
        )
        for user_id in sorted(set(ids))
    ]


def directors_bring_in(*, actor: User, case: Case) -> int:
    """Give the entity's directors (not in conflict) what deciding needs; tell them."""
    told = []
    for director in _directors(case):
        try:
            grants_add(
                CASE_GRANTS,
                actor=actor,
                obj=case,
                user=director,
                permissions=DIRECTOR_PERMISSIONS,
                reason=REASON_CODE,
            )
        except ConflictOfInterest:
            continue  # named in the case or declared in conflict: never brought in
        told.append(director)
    return notice_send(told, actor=actor)


def protection_request_record(
    *, actor: User, case: Case, party: Party, requested_on: dt.date, facts: str
) -> ProtectionRequest:
    """The referent in charge records a staff victim's request (audited, ids only)."""
    if not user_can(actor, case, CasePermission.TRIAGE):
        raise ValidationError(_("Seul·e le·la référent·e du dossier peut enregistrer la demande."))
    if party.case_id != case.pk or party not in staff_victims(case):
        raise ValidationError(
            _(
                "La protection fonctionnelle est due à un membre du personnel victime : "
                "indiquez d'abord, dans « Personnes concernées », une victime au statut de "
                "personnel fonctionnaire ou contractuel."
            )
        )
    if requested_on > timezone.localdate():
        raise ValidationError(_("La date de la demande ne peut pas être dans le futur."))
    if not facts.strip():
        raise ValidationError(_("Décrivez les faits à l'origine de la demande."))
    with transaction.atomic(durable=True):  # a page's whole action, never nested
        # A new request on a closed case is a new fact: reopen it. A request already
        # recorded is still decided, and its measures recorded, on a closed case: the
        # employer owes the protection whatever becomes of the report (module doc).
        case_require_open(case)
        request = ProtectionRequest(
            key_id=case.key_id,
            case=case,
            party=party,
            requested_on=requested_on,
            facts=facts.strip(),
            recorded_by=actor,
            reasons="",
        )
        request.save(force_insert=True)
        audit_record(
            actor=actor,
            action="protection.requested",
            target=case,
            entity_id=case.entity_id,
            details={"request": str(request.pk), "party": str(party.pk)},
        )
        directors_bring_in(actor=actor, case=case)
    return request


def protection_decide(
    *,
    actor: User,
    request: ProtectionRequest,
    decision: str,
    decided_on: dt.date,
    reasons: str,
    expected_version: int,
) -> ProtectionRequest:
    """A director grants or refuses; a refusal must give its reasons (CRPA L211-2)."""
    case = request.case
    if (
        not user_can(actor, case, CasePermission.DECIDE)
        or not actor.memberships.filter(entity_id=case.entity_id, role=Role.DIRECTOR).exists()
    ):
        raise ValidationError(_("Seule la direction décide de la protection fonctionnelle."))
    if decision not in (ProtectionRequest.Decision.GRANTED, ProtectionRequest.Decision.REFUSED):
        raise ValidationError(_("Choisissez : accordée ou refusée."))
    if decision == ProtectionRequest.Decision.REFUSED and not reasons.strip():
        raise ValidationError(_("Un refus doit être motivé : indiquez ses motifs."))
    if decided_on < request.requested_on or decided_on > timezone.localdate():
        raise ValidationError(
            _("La date de décision doit suivre la demande et ne pas être dans le futur.")
        )
    with transaction.atomic(durable=True):
        current = ProtectionRequest.objects.select_for_update().get(pk=request.pk)
        if current.version != expected_version or current.decision != current.Decision.PENDING:
            raise StaleEdit(
                _(
                    "Cette demande a déjà été décidée ou modifiée entre-temps. Rechargez la "
                    "page : rien n'a été enregistré."
                )
            )
        current.decision, current.decided_on = decision, decided_on
        current.decided_by, current.reasons = actor, reasons.strip()
        current.version += 1
        current.save(update_fields=["decision", "decided_on", "decided_by", "reasons", "version"])
        audit_record(
            actor=actor,
            action="protection.decided",
            target=case,
            entity_id=case.entity_id,
            details={"request": str(current.pk), "decision": decision},
        )
    return current


def protection_measure_add(
    *, actor: User, request: ProtectionRequest, kind: str, detail: str, started_on: dt.date
) -> ProtectionMeasure:
    """The referent or a director records a measure of a granted protection."""
    case = request.case
    if not (
        user_can(actor, case, CasePermission.TRIAGE) or user_can(actor, case, CasePermission.DECIDE)
    ):
        raise ValidationError(_("Vous ne pouvez pas enregistrer de mesure sur ce dossier."))
    if request.decision != ProtectionRequest.Decision.GRANTED:
        raise ValidationError(_("Des mesures ne s'enregistrent que pour une protection accordée."))
    if kind not in ProtectionMeasureKind.values:
        raise ValidationError(_("Mesure inconnue."))
    if kind == ProtectionMeasureKind.OTHER and not detail.strip():
        raise ValidationError(_("Précisez la mesure choisie « Autre mesure »."))
    with transaction.atomic(durable=True):
        measure = ProtectionMeasure(
            key_id=case.key_id,
            request=request,
            kind=kind,
            detail=detail.strip(),
            started_on=started_on,
            recorded_by=actor,
        )
        measure.save(force_insert=True)
        audit_record(
            actor=actor,
            action="protection.measure_added",
            target=case,
            entity_id=case.entity_id,
            details={"request": str(request.pk), "measure": str(measure.pk), "kind": kind},
        )
    return measure


def protection_letter_finalised(*, actor: User | None, case: Case) -> int:
    """The decision letter exists: the decided requests of ``case`` are notified.

    Called when ``templates_legal`` finalises a ``protection_decision`` letter (its
    signal, connected by the cases app); the directors' reason ends with it.
    """
    with transaction.atomic():
        done = ProtectionRequest.objects.filter(case=case, letter_on__isnull=True).exclude(
            decision=ProtectionRequest.Decision.PENDING
        )
        ids = [str(pk) for pk in done.values_list("pk", flat=True)]
        done.update(letter_on=timezone.localdate())
        for pk in ids:
            # update() bypasses django-auditlog: the service writes the audit itself.
            audit_record(
                actor=actor,
                action="protection.letter_finalised",
                target=case,
                entity_id=case.entity_id,
                details={"request": pk},
            )
        # The finalised letter keeps its signatory; what else the directors held ends.
        grants_reconcile(case=case, actor=actor, cause="protection_letter")
    return len(ids)
