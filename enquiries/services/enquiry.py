"""Open an enquiry, appoint its commission, end it.

Callers: the referent holding the case's waiting ``enquiry`` step (``triage_case``
on the case, owner of the task) opens; whoever pilots the enquiry
(``manage_enquiry``) appoints and ends. Each decision records who decided, in
what capacity and why (the why encrypted), writes its audit event and the letter
it calls for (``LetterDue``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from cases.core.accounts.notices import notice_send
from cases.models import Case, ConflictDeclaration, Role, RoleMembership, User
from cases.selectors.cases import user_can
from cases.services.access import conflict_declare
from cases.services.grant_reasons import grants_reconcile
from enquiries.models import (
    CommissionAppointment,
    CommissionMember,
    DecisionAuthority,
    Enquiry,
    EnquiryPermission,
    LetterStep,
)
from enquiries.selectors import running_enquiry_of
from enquiries.services.access import (
    INVESTIGATOR_PERMISSIONS,
    MANAGER_PERMISSIONS,
    enquiry_access_grant,
    enquiry_access_revoke,
)
from enquiries.services.common import audit, letter_due, require, require_running
from enquiries.services.roster import roster_for
from workflows.schedule import deadline_ensure, deadlines_refresh
from workflows.status import OPEN_STATUSES


def _check_decider(*, case: Case, actor: User, decided_by: User, authority: str) -> None:
    """The decision-maker is the referent themself, or a director of the case's entity."""
    if authority not in DecisionAuthority.values:
        raise ValidationError(_("Indiquez qui a pris la décision."))
    if authority == DecisionAuthority.REFERENT and decided_by.pk != actor.pk:
        raise ValidationError(
            _(
                "Une décision du·de la référent·e est enregistrée par le·la référent·e lui·elle-même."
            )
        )
    if (
        authority == DecisionAuthority.DIRECTOR
        and not RoleMembership.objects.filter(
            user=decided_by, entity_id=case.entity_id, role=Role.DIRECTOR
        ).exists()
    ):
        raise ValidationError(
            _("La personne indiquée n'a pas de rôle de direction dans l'entité du dossier.")
        )
    if ConflictDeclaration.objects.filter(case=case, user=decided_by).exists():
        raise ValidationError(_("La personne indiquée est en conflit d'intérêts avec ce dossier."))


def enquiry_task_of(*, actor: User, task_id: int) -> tuple[Task, Case]:
    """The case's waiting ``enquiry`` step, if ``actor`` holds it; PermissionDenied otherwise."""
    task = (
        Task.objects.filter(pk=task_id, status__in=OPEN_STATUSES).select_related("process").first()
    )
    if task is None or getattr(task.flow_task, "name", None) != "enquiry":
        raise PermissionDenied
    case = task.process.caseprocess.case
    if task.owner_id != actor.pk or not user_can(actor, case, "triage_case"):
        raise PermissionDenied
    if ConflictDeclaration.objects.filter(case=case, user=actor).exists():
        raise PermissionDenied
    return task, case


def enquiry_open(
    *,
    actor: User,
    task_id: int,
    decided_by: User,
    decision_authority: str,
    decided_on: dt.date,
    reason: str,
    mandate: str,
    languages: Sequence[str] = ("fr",),
) -> Enquiry:
    """Open the internal enquiry the case's ``enquiry`` step waits for.

    The report is due ``RECUEIL_ENQUIRY_WEEKS`` after the decision (the case's
    ``enquiry`` deadline is recomputed from it). The opener pilots the enquiry
    (``view_enquiry`` + ``manage_enquiry``); nobody else is granted anything yet.
    Audited: ``enquiry.opened``; letter due: ``enquiry_opening``.
    """
    if not reason.strip():
        raise ValidationError(_("Les motifs de la décision d'ouverture sont obligatoires."))
    if not mandate.strip():
        raise ValidationError(_("Décrivez la mission confiée à la commission."))
    if decided_on > timezone.localdate():
        raise ValidationError(_("La date de la décision ne peut pas être dans le futur."))
    with transaction.atomic():
        task, case = enquiry_task_of(actor=actor, task_id=task_id)
        Case.objects.select_for_update().filter(pk=case.pk).first()
        _check_decider(case=case, actor=actor, decided_by=decided_by, authority=decision_authority)
        if running_enquiry_of(case) is not None:
            raise ValidationError(_("Une enquête est déjà en cours pour ce dossier."))
        deadline = deadline_ensure(case, "enquiry", decided_on, recompute=True)
        enquiry = Enquiry(
            key_id=case.key_id,
            case=case,
            task_id=task.pk,
            opened_by=actor,
            decided_by=decided_by,
            decision_authority=decision_authority,
            decided_on=decided_on,
            due_on=deadline.due_on,
            decision_reason=reason,
            mandate=mandate,
            needs={"languages": sorted({code.strip().lower() for code in languages if code})},
            end_reason=None,
        )
        try:
            with transaction.atomic():
                enquiry.save(force_insert=True)
        except IntegrityError as exc:  # two referents at once: the constraint decides
            raise ValidationError(_("Une enquête est déjà en cours pour ce dossier.")) from exc
        enquiry_access_grant(
            actor=actor,
            enquiry=enquiry,
            user=actor,
            permissions=MANAGER_PERMISSIONS,
            reason="opening",
        )
        letter_due(enquiry=enquiry, step=LetterStep.OPENING, kind="enquiry_opening")
        audit(actor, enquiry, "enquiry.opened", authority=decision_authority)
        deadlines_refresh(case=case)
    return enquiry


def commission_appoint(
    *,
    actor: User,
    enquiry: Enquiry,
    investigators: Sequence[User],
    decided_by: User,
    decision_authority: str,
    reason: str,
) -> CommissionAppointment:
    """Appoint investigators from the roster; each gets access to this enquiry only.

    Refused for anyone the roster refuses (conflict of interest with the case or a
    party, same team as a party, unavailable, already sitting). Investigators of
    another entity may be appointed when their entry is shared with the group; they
    receive no access to the case file itself. Audited: ``enquiry.appointed``;
    letters due: one ``commission_appointment`` per member.
    """
    require(actor, enquiry, EnquiryPermission.MANAGE)
    if not investigators:
        raise ValidationError(_("Choisissez au moins un membre de la commission."))
    if not reason.strip():
        raise ValidationError(_("Les motifs de la désignation sont obligatoires."))
    with transaction.atomic():
        enquiry = Enquiry.objects.select_for_update().select_related("case").get(pk=enquiry.pk)
        require_running(enquiry)
        _check_decider(
            case=enquiry.case, actor=actor, decided_by=decided_by, authority=decision_authority
        )
        candidates = {c.user.pk: c for c in roster_for(enquiry)}
        problems = []
        for person in investigators:
            candidate = candidates.get(person.pk)
            if candidate is None:
                problems.append(
                    _("%(name)s n'est pas inscrit·e au vivier des enquêteur·rices mobilisables.")
                    % {"name": person}
                )
            elif not candidate.eligible:
                problems.append(f"{person} : {' '.join(str(r) for r in candidate.refusals)}")
        if problems:
            raise ValidationError(problems)
        appointment = CommissionAppointment(
            key_id=enquiry.key_id,
            enquiry=enquiry,
            recorded_by=actor,
            decided_by=decided_by,
            decision_authority=decision_authority,
            reason=reason,
        )
        appointment.save(force_insert=True)
        for person in investigators:
            member = CommissionMember.objects.create(
                enquiry=enquiry, appointment=appointment, investigator=person
            )
            enquiry_access_grant(
                actor=actor,
                enquiry=enquiry,
                user=person,
                permissions=INVESTIGATOR_PERMISSIONS,
                reason="appointment",
            )
            letter_due(
                enquiry=enquiry,
                step=LetterStep.APPOINTMENT,
                kind="commission_appointment",
                member=member,
            )
        if enquiry.status == Enquiry.Status.OPENED:
            enquiry.status = Enquiry.Status.IN_PROGRESS
            enquiry.save(update_fields=["status"])
        audit(
            actor,
            enquiry,
            "enquiry.appointed",
            members=sorted(p.pk for p in investigators),
            authority=decision_authority,
        )
        notice_send(investigators, actor=actor)
    return appointment


def commission_dismiss(*, actor: User | None, enquiry: Enquiry, reason_code: str) -> int:
    """End every seat and revoke the investigators' access (the pilots keep theirs)."""
    ended = 0
    now = timezone.now()
    for member in enquiry.members.filter(ended_at__isnull=True).select_related("investigator"):
        member.ended_at = now
        member.save(update_fields=["ended_at"])
        enquiry_access_revoke(
            actor=actor,
            enquiry=enquiry,
            user=member.investigator,
            permissions=[EnquiryPermission.VIEW, EnquiryPermission.CONDUCT],
            reason=reason_code,
        )
        ended += 1
    return ended


def enquiry_end(*, actor: User, enquiry: Enquiry, reason: str) -> Enquiry:
    """Close the enquiry without a report (withdrawal, facts out of scope...).

    The investigators lose access at once; the case's ``enquiry`` step keeps
    waiting, so the referent decides what follows (a new enquiry, or a report
    received otherwise). Audited: ``enquiry.ended``.
    """
    require(actor, enquiry, EnquiryPermission.MANAGE)
    if not reason.strip():
        raise ValidationError(_("Le motif de la clôture est obligatoire."))
    with transaction.atomic():
        enquiry = Enquiry.objects.select_for_update().select_related("case").get(pk=enquiry.pk)
        require_running(enquiry, case_open=False)
        enquiry.status = Enquiry.Status.ENDED
        enquiry.ended_at = timezone.now()
        enquiry.ended_by = actor
        enquiry.end_reason = reason
        enquiry.save(update_fields=["status", "ended_at", "ended_by", "end_reason"])
        commission_dismiss(actor=actor, enquiry=enquiry, reason_code="end_of_enquiry")
        audit(actor, enquiry, "enquiry.ended")
        grants_reconcile(case=enquiry.case, actor=actor, cause="end_of_enquiry")
    return enquiry


def enquiry_conflict_declare(*, actor: User, enquiry: Enquiry) -> None:
    """A member declares a conflict of interest: excluded from the case for good, their
    seat ends and their access to the enquiry is revoked at once. Audited."""
    require(actor, enquiry, EnquiryPermission.VIEW)
    with transaction.atomic():
        conflict_declare(
            actor=actor, case=enquiry.case, user=actor, reason="déclaration personnelle"
        )
        now = timezone.now()
        CommissionMember.objects.filter(
            enquiry=enquiry, investigator=actor, ended_at__isnull=True
        ).update(ended_at=now)
        enquiry_access_revoke(actor=actor, enquiry=enquiry, user=actor, reason="conflict")
        audit(actor, enquiry, "enquiry.member_conflict", user=actor.pk)
