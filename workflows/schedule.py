"""Deadlines of cases and tasks: computed, kept current, reminded and escalated.

Legal periods come from ``workflows.deadlines`` (each with its source); the two
internal ones below are Recueil service levels, configurable in settings.
Reminder and escalation mails carry no case content, not even the reference
(T7): "a task awaits you" and a link.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from cases.core.audit.services import audit_record
from cases.models import (
    Acknowledgement,
    Case,
    CaseDeadline,
    CaseGrant,
    ConflictDeclaration,
    Contact,
    Meeting,
    ProtectiveMeasure,
    Role,
    RoleMembership,
    User,
)
from cases.selectors.cases import cases_for
from workflows import deadlines as legal
from workflows.hooks import reminder_people
from workflows.models import OpenTask
from workflows.nodes import CaseTask
from workflows.status import OPEN_STATUSES

# The steps an urgent report's short deadline applies to: its first examination.
URGENT_STEPS = ("acknowledgement", "triage")


def received_on(case: Case) -> dt.date:
    contact = Contact.objects.filter(case=case).only("contacted_on").first()
    return contact.contacted_on if contact else timezone.localdate(case.created_at)


def _compute(case: Case, code: str, today: dt.date) -> legal.Deadline:
    am = case.entity.alsace_moselle
    start = received_on(case)
    if code == "acknowledgement":
        return legal.acknowledgement_deadline(start, alsace_moselle=am)
    if code == "feedback":
        ack = Acknowledgement.objects.filter(case=case).only("sent_on").first()
        return legal.feedback_deadline(
            acknowledged_on=ack.sent_on if ack else None, received_on=start, alsace_moselle=am
        )
    if code == "meeting":
        # From the latest request recorded on the case page, else the one made at intake.
        request = Meeting.objects.filter(case=case).order_by("-requested_on").first()
        return legal.meeting_deadline(request.requested_on if request else start, alsace_moselle=am)
    if code == "triage":
        return legal.triage_deadline(start, alsace_moselle=am)
    if code == "urgent_triage":
        hours = settings.RECUEIL_URGENT_TRIAGE_HOURS
        due = timezone.localtime(timezone.now() + dt.timedelta(hours=hours)).date()
        return legal.Deadline(rule=legal.URGENT_TRIAGE, due=due, start=today)
    if code == "enquiry":
        return legal.enquiry_deadline(today)
    days = getattr(
        settings,
        "RECUEIL_ARTICLE40_DAYS" if code == "article40" else "RECUEIL_DECISION_DAYS",
        2 if code == "article40" else 10,
    )
    return legal.Deadline(
        rule=legal.get_rule(code),
        due=legal.add_working_days(today, days, alsace_moselle=am),
        start=today,
    )


def deadline_ensure(
    case: Case, code: str, today: dt.date | None = None, *, recompute: bool = False
) -> CaseDeadline:
    today = today or timezone.localdate()
    computed = _compute(case, code, today)
    deadline, created = CaseDeadline.objects.get_or_create(
        case=case, rule=code, defaults={"start_on": computed.start, "due_on": computed.due}
    )
    if recompute and not created and deadline.met_on is None and deadline.due_on != computed.due:
        deadline.start_on, deadline.due_on = computed.start, computed.due
        deadline.save(update_fields=["start_on", "due_on"])
    return deadline


def deadlines_refresh(*, case: Case, completed_rule: str | None = None) -> None:
    """Mark the completed step's deadline met; give every open task its due date."""
    today = timezone.localdate()
    if completed_rule:
        # Triage done is the urgent case's first examination done too.
        rules = [completed_rule, *(["urgent_triage"] if completed_rule == "triage" else [])]
        CaseDeadline.objects.filter(case=case, rule__in=rules, met_on__isnull=True).update(
            met_on=today
        )
    urgent = CaseDeadline.objects.filter(
        case=case, rule="urgent_triage", met_on__isnull=True
    ).first()
    open_tasks = Task.objects.filter(process__caseprocess__case=case, status__in=OPEN_STATUSES)
    OpenTask.objects.filter(case=case).exclude(task__in=open_tasks).delete()
    for task in open_tasks:
        node = task.flow_task
        if isinstance(node, CaseTask) and node.deadline_rule:
            # The row itself is kept by ``workflows.signals``; only its due date is set here.
            deadline = deadline_ensure(case, node.deadline_rule, today)
            if urgent and node.deadline_rule in URGENT_STEPS and urgent.due_on < deadline.due_on:
                deadline = urgent  # an urgent report is examined at once
            OpenTask.objects.filter(task=task).update(rule=deadline.rule, due_on=deadline.due_on)


@dataclass
class SweepReport:
    reminded: int = 0
    escalated: int = 0
    measures: int = 0


def _people_for(case: Case, roles: list[str], exclude: set[int] | None = None) -> list[User]:
    conflicted = set(
        ConflictDeclaration.objects.filter(case=case).values_list("user_id", flat=True)
    )
    ids = set(
        RoleMembership.objects.filter(
            entity_id=case.entity_id, role__in=roles, user__is_active=True
        ).values_list("user_id", flat=True)
    )
    return list(User.objects.filter(pk__in=ids - conflicted - (exclude or set())).exclude(email=""))


def _task_people(case: Case, rule: str) -> tuple[list[User], set[int]]:
    """Owners of the open tasks bound to ``rule``; or, if unowned, everyone who may claim them."""
    owners: set[int] = set()
    roles: set[str] = set()
    for task in Task.objects.filter(process__caseprocess__case=case, status__in=OPEN_STATUSES):
        node = task.flow_task
        if isinstance(node, CaseTask) and (
            node.deadline_rule == rule
            or (rule == "urgent_triage" and node.deadline_rule in URGENT_STEPS)
        ):
            if task.owner_id:
                owners.add(task.owner_id)
            else:
                roles.add(node.role)
    people = list(User.objects.filter(pk__in=owners).exclude(email=""))
    if roles:
        people += _people_for(case, sorted(roles))
    # Others working to the same deadline (for ``enquiry``: the commission's sitting members).
    people += [u for u in reminder_people(rule, case) if u not in people]
    if not people:  # a legal deadline without an open task (feedback running): the referents
        people = [u for u in User.objects.filter(pk__in=_holders(case)).exclude(email="")]
    return people, owners


def _holders(case: Case) -> list[int]:
    return list(
        CaseGrant.objects.filter(
            content_object=case, permission__codename="triage_case"
        ).values_list("user_id", flat=True)
    )


def _mail(recipients: list[User], subject: str, body: str) -> None:
    """Send once the caller's transaction commits: a rolled-back sweep sends nothing."""
    link = settings.RECUEIL_BASE_URL.rstrip("/") + reverse("inbox")
    messages = [
        (
            f"{settings.EMAIL_SUBJECT_PREFIX}{subject}",
            f"{body}\n\n{link}\n",
            settings.DEFAULT_FROM_EMAIL,
            [u.email],
        )
        for u in recipients
    ]
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))


def deadlines_sweep(today: dt.date | None = None) -> SweepReport:
    """Remind before, escalate after; each deadline at most once each. Idempotent."""
    today = today or timezone.localdate()
    remind_days = settings.RECUEIL_REMIND_DAYS_BEFORE
    report = SweepReport()
    due_soon = CaseDeadline.objects.filter(
        met_on__isnull=True,
        reminded_at__isnull=True,
        due_on__gte=today,
        due_on__lte=today + dt.timedelta(days=remind_days),
    ).select_related("case__entity")
    for deadline in due_soon.iterator():
        with transaction.atomic():
            people, _owners = _task_people(deadline.case, deadline.rule)
            _mail(
                people, _("Une tâche vous attend"), _("Une tâche arrive à échéance dans Recueil.")
            )
            CaseDeadline.objects.filter(pk=deadline.pk).update(reminded_at=timezone.now())
            audit_record(
                actor=None,
                action="deadline.reminded",
                target=deadline.case,
                entity_id=deadline.case.entity_id,
                details={"rule": deadline.rule, "recipients": len(people)},
            )
            report.reminded += 1
    overdue = CaseDeadline.objects.filter(
        met_on__isnull=True, escalated_at__isnull=True, due_on__lt=today
    ).select_related("case__entity")
    for deadline in overdue.iterator():
        with transaction.atomic():
            _people, owners = _task_people(deadline.case, deadline.rule)
            # The referent's backups (the entity's other referents) and the direction.
            escalate_to = _people_for(deadline.case, [Role.REFERENT, Role.DIRECTOR], exclude=owners)
            _mail(
                escalate_to,
                _("Échéance dépassée"),
                _("Une échéance légale ou interne est dépassée dans Recueil."),
            )
            CaseDeadline.objects.filter(pk=deadline.pk).update(escalated_at=timezone.now())
            audit_record(
                actor=None,
                action="deadline.escalated",
                target=deadline.case,
                entity_id=deadline.case.entity_id,
                details={"rule": deadline.rule, "recipients": len(escalate_to)},
            )
            report.escalated += 1
    measures = ProtectiveMeasure.objects.filter(
        lifted_on__isnull=True,
        reminded_on__isnull=True,
        review_on__lte=today + dt.timedelta(days=remind_days),
    ).select_related("case")
    for measure in measures.iterator():
        with transaction.atomic():
            people = list(User.objects.filter(pk__in=_holders(measure.case)).exclude(email=""))
            _mail(
                people,
                _("Une mesure conservatoire est à réexaminer"),
                _("Une mesure conservatoire arrive à sa date de réexamen."),
            )
            ProtectiveMeasure.objects.filter(pk=measure.pk).update(reminded_on=today)
            report.measures += 1
    return report


__all__ = ["cases_for", "deadline_ensure", "deadlines_refresh", "deadlines_sweep"]
