"""Drive viewflow activations from Recueil's services.

Every operation runs under viewflow's process lock (``SELECT … FOR UPDATE`` on
PostgreSQL; SQLite's immediate transactions serialise writers) and re-reads the
task inside it, so when two people act on the same task one wins and the other
gets ``TaskUnavailable`` with a clear message — nothing is half-applied.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from cases.core.accounts.notices import notice_send
from cases.core.audit.services import audit_record
from cases.models import Case, User
from cases.selectors.cases import user_can
from cases.services.access import access_grant, conflict_declare
from cases.services.grant_reasons import grants_reconcile
from workflows.flows import ROLE_GRANTS, CaseFlow
from workflows.hooks import case_facts_changed
from workflows.models import CaseProcess
from workflows.nodes import CaseTask
from workflows.routes import Outcome, UndeclaredOutcome
from workflows.schedule import deadlines_refresh
from workflows.status import ASSIGNED, FINISHED, OPEN_STATUSES, UNASSIGNED

Apply = Callable[[Case], Outcome | None]
"""A step's work: records what was decided and returns the routes it opens (``None``: none)."""


@dataclass(frozen=True)
class OnBehalf:
    """The step is done for its owner by someone else, whom the caller has checked.

    The commission member submitting the report completes the referent's
    ``enquiry`` step (``enquiries.services.report_submit`` checks the seat): the step
    stays the owner's, the audit names who did it and ``by`` says how.
    """

    step: str
    by: str
    refused: str  # the message when the case no longer waits for this step


class TaskUnavailable(Exception):
    """The task cannot be taken or done by this person now; the message says why."""


def node_of(task: Task) -> CaseTask:
    node = task.flow_task
    if not isinstance(node, CaseTask):
        raise TaskUnavailable(_("Cette étape n'est pas une tâche à réaliser."))
    return node


def case_of(task: Task) -> Case:
    return CaseProcess.objects.select_related("case").get(pk=task.process_id).case


def process_start(*, case: Case, reopen: bool = False) -> CaseProcess:
    node = CaseFlow.reopen if reopen else CaseFlow.start
    process: CaseProcess = node.run(case=case)
    return process


def _locked_task(task_id: int) -> Task:
    return Task.objects.select_for_update().select_related("process").get(pk=task_id)


def task_claim(*, actor: User, task: Task) -> Task:
    """Take an unassigned task: needs the step's role in the case's entity, no conflict."""
    with transaction.atomic(), CaseFlow.lock(task.process_id):
        task = _locked_task(task.pk)
        node = node_of(task)
        if task.status != UNASSIGNED:
            raise TaskUnavailable(
                _("Cette tâche a déjà été prise en charge par une autre personne.")
            )
        if not node.can_assign(actor, task):
            raise TaskUnavailable(_("Vous ne pouvez pas prendre cette tâche en charge."))
        node.activation_class(task).assign(actor)
        _grant_for(node, actor, task, reason="assignment")
        audit_record(
            actor=actor,
            action="task.claimed",
            target=case_of(task),
            entity_id=case_of(task).entity_id,
            details={"task": task.pk, "step": node.name},
        )
        grants_reconcile(case=case_of(task), actor=actor, cause="task_claimed")
    return task


def task_assign(*, actor: User, task: Task, assignee: User) -> Task:
    """Give a task to someone else (reassignment), by its owner or a referent of the case."""
    with transaction.atomic(), CaseFlow.lock(task.process_id):
        task = _locked_task(task.pk)
        node = node_of(task)
        case = case_of(task)
        if task.status not in (UNASSIGNED, ASSIGNED):
            raise TaskUnavailable(_("Cette tâche n'est plus ouverte."))
        allowed = task.owner_id == actor.pk or user_can(actor, case, "triage_case")
        if not allowed:
            raise TaskUnavailable(
                _("Seule la personne en charge ou le·la référent·e peut réattribuer.")
            )
        previous_owner = task.owner_id
        task.owner = None
        if not node.can_assign(assignee, task):
            raise TaskUnavailable(
                _(
                    "Cette personne n'a pas le rôle requis dans l'entité ou est en conflit "
                    "d'intérêts avec ce dossier."
                )
            )
        task.owner = assignee
        task.status = ASSIGNED
        task.assigned = timezone.now()  # "newly handed over" on the start page
        task.save(update_fields=["owner", "status", "assigned"])
        _grant_for(node, assignee, task, reason="reassignment")
        audit_record(
            actor=actor,
            action="task.assigned",
            target=case,
            entity_id=case.entity_id,
            details={"task": task.pk, "step": node.name, "to": assignee.pk, "from": previous_owner},
        )
        # The previous owner's rights end with the task, unless another reason remains.
        grants_reconcile(case=case, actor=actor, cause="task_reassigned")
        notice_send([assignee], actor=actor)
    return task


def task_release(*, actor: User, task: Task) -> Task:
    with transaction.atomic(), CaseFlow.lock(task.process_id):
        task = _locked_task(task.pk)
        node = node_of(task)
        if task.status != ASSIGNED or task.owner_id != actor.pk:
            raise TaskUnavailable(_("Cette tâche ne vous est pas attribuée."))
        node.activation_class(task).unassign()
        audit_record(
            actor=actor,
            action="task.released",
            target=case_of(task),
            entity_id=case_of(task).entity_id,
            details={"task": task.pk, "step": node.name},
        )
        grants_reconcile(case=case_of(task), actor=actor, cause="task_released")
    return task


def task_conflict_declare(*, actor: User, task: Task) -> None:
    """The person declares a conflict with the task's case: gives the task back, loses access.

    One transaction: either both happen or neither (a page's whole action, never nested).
    """
    with transaction.atomic(durable=True):
        if task.owner_id == actor.pk:
            task_release(actor=actor, task=task)
        conflict_declare(
            actor=actor, case=case_of(task), user=actor, reason="déclaration personnelle"
        )


def task_complete(
    *, actor: User, task: Task, apply: Apply, on_behalf: OnBehalf | None = None
) -> Task:
    """Do the step: ``apply`` records the decision and returns its outcome, the flow moves on.

    ``apply`` runs inside the same transaction and lock: if it raises (bad input,
    a blocked legal deadline), nothing of the step is stored. The engine alone
    records the outcome, and refuses (``UndeclaredOutcome``) a route the flow does
    not declare for the node. The one completion path, for the step's owner and,
    with ``on_behalf``, for someone acting for them.
    """
    with transaction.atomic(), CaseFlow.lock(task.process_id):
        task = _locked_task(task.pk)
        node = node_of(task)
        case = case_of(task)
        if on_behalf is None:
            _check_owner_may_complete(actor, task, node, case)
        else:
            if node.name != on_behalf.step or task.status not in OPEN_STATUSES:
                raise ValidationError(on_behalf.refused)
            if task.status == UNASSIGNED:
                # Released by its owner meanwhile: the step is done all the same.
                task.status = ASSIGNED
                task.save(update_fields=["status"])
        activation = node.activation_class(task)
        if task.status == ASSIGNED:
            activation.start(None)
        process = CaseProcess.objects.get(pk=task.process_id)
        _record(process, node, apply(case))
        process.save(update_fields=["data"])
        activation.process.data = process.data
        activation.execute()
        details: dict[str, object] = {"task": task.pk, "step": node.name}
        if on_behalf is not None:
            details["by"] = on_behalf.by
        audit_record(
            actor=actor,
            action="task.completed",
            target=case,
            entity_id=case.entity_id,
            details=details,
        )
        deadlines_refresh(case=case, completed_rule=node.deadline_rule)
        case.refresh_from_db(fields=["status"])
        # A closure, a sanction, a referral: the retention clock follows (hooks.py).
        case_facts_changed(case)
        closed = case.status == Case.Status.CLOSED
        grants_reconcile(case=case, actor=actor, cause="case_closed" if closed else "step_done")
    return task


def _check_owner_may_complete(actor: User, task: Task, node: CaseTask, case: Case) -> None:
    if task.status in FINISHED:
        raise TaskUnavailable(_("Cette tâche a déjà été réalisée par une autre personne."))
    if task.owner_id != actor.pk:
        raise TaskUnavailable(
            _("Cette tâche ne vous est pas attribuée : prenez-la en charge d'abord.")
        )
    if not node.can_execute(actor, task) or not user_can(actor, case, node.case_permission):
        raise TaskUnavailable(_("Vous n'avez pas les droits nécessaires sur ce dossier."))


def _record(process: CaseProcess, node: CaseTask, outcome: Outcome | None) -> None:
    """The step's own route is done; the routes its outcome opens are pending."""
    opens = (outcome or Outcome()).opens
    undeclared = [route for route in opens if route not in node.leads_to]
    if undeclared:
        raise UndeclaredOutcome(
            f"step {node.name!r} returned {undeclared}, the flow declares {sorted(node.leads_to)}"
        )
    pending = [] if node.decides_afresh else [r for r in process.pending_routes if r != node.name]
    process.pending_routes = [*pending, *opens]


def _grant_for(node: CaseTask, user: User, task: Task, *, reason: str) -> None:
    case = case_of(task)
    access_grant(
        actor=user, case=case, user=user, permissions=ROLE_GRANTS[node.role], reason=reason
    )
