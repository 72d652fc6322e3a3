"""Changes to the data-subject request register: each atomic, audited (ids and codes only).

Who may call: the legal directorate of the request's entity (``rights.selectors``
checks it before any of these is reached; the services check it again). The register
is theirs alone: a data-subject request tells who asked about what, which the
referents handling the cases do not need to know (need to know, T2).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.core.accounts.notices import notice_send
from cases.core.audit.services import audit_record
from cases.core.crypto.datakeys import data_key_create
from cases.models import CaseGrant, Entity, Role, User
from cases.services.grant_reasons import grants_reconcile
from rights.deadlines import answer_due, extended_due
from rights.models import MatchedReading, SubjectRequest, SubjectRequestMatch
from rights.retention import RULE as RETENTION_RULE
from rights.retention import retention_due_on

REGISTER_ROLES = (Role.LEGAL,)
ESCALATION_ROLES = (Role.DIRECTOR,)
REMIND_DAYS_BEFORE = 7


def _check_role(actor: User, entity: Entity) -> None:
    if not actor.memberships.filter(entity=entity, role__in=REGISTER_ROLES).exists():
        raise ValidationError(_("Seule la direction juridique de l'entité tient ce registre."))


def _check_version(request: SubjectRequest, version: int) -> SubjectRequest:
    locked = SubjectRequest.objects.select_for_update().get(pk=request.pk)
    if locked.version != version:
        raise ValidationError(
            _("La demande a été modifiée entre-temps : rechargez la page avant de recommencer.")
        )
    if not locked.is_open:
        raise ValidationError(_("Cette demande est close."))
    return locked


def subject_request_record(
    *,
    actor: User,
    entity: Entity,
    kind: str,
    requester_name: str,
    requester_contact: str,
    relation: str,
    details: str,
    received_on: dt.date,
) -> SubjectRequest:
    """Record a request received on ``received_on``: its answer is due one month later."""
    _check_role(actor, entity)
    if received_on > timezone.localdate():
        raise ValidationError(_("La date de réception ne peut pas être dans le futur."))
    with transaction.atomic():
        request = SubjectRequest(
            id=uuid.uuid4(),
            key=data_key_create(),
            entity=entity,
            kind=kind,
            requester={"name": requester_name, "contact": requester_contact, "relation": relation},
            details=details,
            received_on=received_on,
            due_on=answer_due(received_on),
            recorded_by=actor,
        )
        request.save(force_insert=True)
        audit_record(
            actor=actor,
            action="rights.request_recorded",
            target=request,
            entity_id=entity.pk,
            details={"kind": kind, "due_on": request.due_on.isoformat()},
        )
    return request


def subject_request_extend(
    *, actor: User, request: SubjectRequest, months: int, reason: str, version: int
) -> SubjectRequest:
    """Extend by one or two months with reasons, decided within the first month (art. 12.3)."""
    _check_role(actor, request.entity)
    if not reason.strip():
        raise ValidationError(_("La prolongation doit être motivée (RGPD art. 12.3)."))
    with transaction.atomic():
        locked = _check_version(request, version)
        if locked.extended_months:
            raise ValidationError(_("Le délai a déjà été prolongé."))
        if timezone.localdate() > answer_due(locked.received_on):
            raise ValidationError(
                _("La prolongation se décide dans le mois qui suit la réception de la demande.")
            )
        try:
            locked.due_on = extended_due(locked.received_on, months)
        except ValueError as exc:
            raise ValidationError(_("La prolongation est d'un ou deux mois.")) from exc
        locked.extended_months = months
        locked.extension_reason = reason
        locked.reminded_at = locked.escalated_at = None
        locked.version += 1
        locked.save()
        audit_record(
            actor=actor,
            action="rights.request_extended",
            target=locked,
            entity_id=locked.entity_id,
            details={"months": months, "due_on": locked.due_on.isoformat()},
        )
    return locked


def subject_request_close(
    *, actor: User, request: SubjectRequest, status: str, note: str, version: int
) -> SubjectRequest:
    """Close with the answer given (or the reasoned refusal)."""
    _check_role(actor, request.entity)
    if status not in (SubjectRequest.Status.ANSWERED, SubjectRequest.Status.REFUSED):
        raise ValidationError(_("Choisissez la suite donnée."))
    if not note.strip():
        raise ValidationError(_("Indiquez la réponse apportée ou les motifs du refus."))
    with transaction.atomic():
        locked = _check_version(request, version)
        locked.status = status
        locked.closing_note = note
        locked.closed_on = timezone.localdate()
        # Its retention clock starts now (``rights.retention``, rule ``subject_request``).
        locked.retention_rule = RETENTION_RULE
        locked.retention_due_on = retention_due_on(locked.closed_on)
        locked.version += 1
        locked.save()
        audit_record(
            actor=actor,
            action="rights.request_closed",
            target=locked,
            entity_id=locked.entity_id,
            details={"status": status, "late": locked.closed_on > locked.due_on},
        )
        matched_reconcile(request=locked, actor=actor, cause="subject_request_closed")
    return locked


def matched_reconcile(*, request: SubjectRequest, actor: User, cause: str) -> int:
    """In the caller's transaction: end the read access the request's matches gave
    (``rights.grant_reasons``) wherever nothing else justifies it, whatever the case's
    origin (the readings it gave are owned: ``MatchedReading``). Returns the grants revoked."""
    matches = list(SubjectRequestMatch.objects.filter(request=request).select_related("case"))
    return cases_reconcile(cases=[m.case for m in matches], actor=actor, cause=cause)


def cases_reconcile(*, cases: list[Any], actor: User, cause: str) -> int:
    """Reconcile each of ``cases``, then forget the owned readings that are gone."""
    revoked = 0
    for case in cases:
        revoked += len(grants_reconcile(case=case, actor=actor, cause=cause))
    readings_tidy([case.pk for case in cases])
    return revoked


def readings_tidy(case_ids: list[Any]) -> None:
    """Forget the owned readings on ``case_ids`` whose grant no longer exists, so that a
    reading given later by other means is never taken for the request's."""
    still_held = CaseGrant.objects.filter(
        content_object_id=OuterRef("case_id"),
        user_id=OuterRef("user_id"),
        permission__codename="view_case",
    )
    MatchedReading.objects.filter(case_id__in=case_ids).exclude(Exists(still_held)).delete()


def _people(entity_id: int, roles: tuple[str, ...]) -> list[User]:
    return list(
        User.objects.filter(
            memberships__entity_id=entity_id, memberships__role__in=roles, is_active=True
        ).distinct()
    )


def subject_requests_sweep(today: dt.date | None = None) -> str:
    """The timers' pass: remind the legal directorate a week before the answer is due,
    escalate to the direction once it is overdue; each at most once per deadline."""
    today = today or timezone.localdate()
    reminded = escalated = 0
    open_requests = SubjectRequest.objects.filter(status=SubjectRequest.Status.OPEN)
    due_soon = open_requests.filter(
        reminded_at__isnull=True,
        due_on__gte=today,
        due_on__lte=today + dt.timedelta(days=REMIND_DAYS_BEFORE),
    )
    for request in due_soon.iterator():
        with transaction.atomic():
            told = notice_send(_people(request.entity_id, REGISTER_ROLES))
            SubjectRequest.objects.filter(pk=request.pk).update(reminded_at=timezone.now())
            audit_record(
                actor=None,
                action="rights.request_reminded",
                target=request,
                entity_id=request.entity_id,
                details={"recipients": told},
            )
            reminded += 1
    overdue = open_requests.filter(escalated_at__isnull=True, due_on__lt=today)
    for request in overdue.iterator():
        with transaction.atomic():
            people = _people(request.entity_id, ESCALATION_ROLES + REGISTER_ROLES)
            told = notice_send(people)
            SubjectRequest.objects.filter(pk=request.pk).update(escalated_at=timezone.now())
            audit_record(
                actor=None,
                action="rights.request_escalated",
                target=request,
                entity_id=request.entity_id,
                details={"recipients": told},
            )
            escalated += 1
    return f"{reminded} reminders, {escalated} escalations"


def subject_request_read_record(*, actor: User, request: SubjectRequest) -> None:
    """Every view of a request's content is traced (T2, T5)."""
    audit_record(
        actor=actor,
        action="rights.request_read",
        target=request,
        entity_id=request.entity_id,
        details={"kind": request.kind},
    )
