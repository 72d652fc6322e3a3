"""Drive viewflow activations from Recueil's services.

Every operation runs under viewflow's process lock (``SELECT … FOR UPDATE`` on
PostgreSQL; SQLite's immediate transactions serialise writers) and re-reads the
task inside it, so when two people act on the same task one wins and the other
gets ``TaskUnavailable`` with a clear message — nothing is half-applied.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from cases.models import Case, User
from cases.selectors.cases import user_can
from cases.services.access import access_grant
from cases.services.audit import audit_record
from cases.services.grant_reasons import grants_reconcile
from workflows.flows import ROLE_GRANTS, CaseFlow
from workflows.models import CaseProcess
from workflows.nodes import CaseTask

OPEN = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)


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
        if task.status != STATUS.NEW:
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
        if task.status not in (STATUS.NEW, STATUS.ASSIGNED):
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
        task.status = STATUS.ASSIGNED
        task.save(update_fields=["owner", "status"])
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
    return task


def task_release(*, actor: User, task: Task) -> Task:
    with transaction.atomic(), CaseFlow.lock(task.process_id):
        task = _locked_task(task.pk)
        node = node_of(task)
        if task.status != STATUS.ASSIGNED or task.owner_id != actor.pk:
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


def task_complete(*, actor: User, task: Task, apply: Callable[[CaseProcess, Case], None]) -> Task:
    """Do the step: ``apply`` records the decision and sets routing flags, then the flow moves on.

    ``apply`` runs inside the same transaction and lock: if it raises (bad input,
    a blocked legal deadline), nothing of the step is stored.
    """
    with transaction.atomic(), CaseFlow.lock(task.process_id):
        task = _locked_task(task.pk)
        node = node_of(task)
        if task.status in (STATUS.DONE, STATUS.CANCELED):
            raise TaskUnavailable(_("Cette tâche a déjà été réalisée par une autre personne."))
        if task.owner_id != actor.pk:
            raise TaskUnavailable(
                _("Cette tâche ne vous est pas attribuée : prenez-la en charge d'abord.")
            )
        case = case_of(task)
        if not node.can_execute(actor, task) or not user_can(actor, case, node.case_permission):
            raise TaskUnavailable(_("Vous n'avez pas les droits nécessaires sur ce dossier."))
        activation = node.activation_class(task)
        if task.status == STATUS.ASSIGNED:
            activation.start(None)
        process = CaseProcess.objects.get(pk=task.process_id)
        apply(process, case)
        process.save(update_fields=["data"])
        activation.process.data = process.data
        activation.execute()
        audit_record(
            actor=actor,
            action="task.completed",
            target=case,
            entity_id=case.entity_id,
            details={"task": task.pk, "step": node.name},
        )
        from workflows.schedule import deadlines_refresh

        deadlines_refresh(case=case, completed_rule=node.deadline_rule)
        case.refresh_from_db(fields=["status"])
        closed = case.status == Case.Status.CLOSED
        grants_reconcile(case=case, actor=actor, cause="case_closed" if closed else "step_done")
    return task


def _grant_for(node: CaseTask, user: User, task: Task, *, reason: str) -> None:
    case = case_of(task)
    access_grant(
        actor=user, case=case, user=user, permissions=ROLE_GRANTS[node.role], reason=reason
    )


def pending_set(process: CaseProcess, steps: list[str]) -> None:
    data: dict[str, Any] = dict(process.data or {})
    data["pending"] = list(dict.fromkeys(steps))
    process.data = data


def pending_done(process: CaseProcess, step: str, then: list[str] | None = None) -> None:
    data: dict[str, Any] = dict(process.data or {})
    pending = [s for s in data.get("pending", []) if s != step]
    pending.extend(s for s in (then or []) if s not in pending)
    data["pending"] = pending
    process.data = data
