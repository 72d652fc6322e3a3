"""Human steps of a case procedure, with Recueil's own assignment rules.

viewflow's default ``can_assign`` falls back to a *global* permission and its task
views are served by its Material frontend. Recueil's rules instead: a task is
claimable by someone holding the step's role in the case's entity, never by
someone in conflict with the case (T2), and executed only by its owner holding the
step's per-case permission. Tasks are executed through ``workflows.engine``, and
the pages are Recueil's own (strict CSP, accessible, French first).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import Http404, HttpRequest
from viewflow.workflow import flow
from viewflow.workflow.models import Task

from cases.models import CaseGrant, ConflictDeclaration, Role, RoleMembership
from workflows.routes import Route
from workflows.status import DONE


def _not_served(request: HttpRequest, **kwargs: Any) -> None:
    """viewflow's own task URLs are not mounted: Recueil's views drive the engine."""
    raise Http404


class CaseTask(flow.View):
    def __init__(
        self,
        *,
        role: str,
        permission: str,
        deadline_rule: str | None = None,
        leads_to: Iterable[Route] = (),
        decides_afresh: bool = False,
        **kwargs: Any,
    ) -> None:
        """``leads_to``: the routes this step's outcome may open (the engine refuses others).

        ``decides_afresh``: the step's outcome replaces every pending route (triage
        decides the whole of what follows); otherwise it adds to them, and the step's
        own route, once done, leaves them.
        """
        super().__init__(view=_not_served, **kwargs)
        self.role = role
        self.case_permission = permission
        self.deadline_rule = deadline_rule
        self.leads_to: frozenset[Route] = frozenset(leads_to)
        self.decides_afresh = decides_afresh

    def calc_owner(self, activation: Any) -> Any:
        """A referent step goes straight to the referent already in charge of the case.

        In charge: the owner of the case's latest completed referent step, if they
        still hold the step's permission and have not declared a conflict since.
        """
        if self.role != Role.REFERENT:
            return None
        case = activation.process.coerced.case
        referent_steps = [
            n for n in self.flow_class.instance.nodes() if getattr(n, "role", None) == Role.REFERENT
        ]
        last = (
            Task.objects.filter(
                process__caseprocess__case=case,
                status=DONE,
                flow_task__in=referent_steps,
                owner__isnull=False,
            )
            .order_by("-finished")
            .select_related("owner")
            .first()
        )
        if last is None:
            return None
        owner = last.owner
        still_allowed = CaseGrant.objects.filter(
            user=owner, content_object=case, permission__codename=self.case_permission
        ).exists()
        in_conflict = ConflictDeclaration.objects.filter(case=case, user=owner).exists()
        return owner if still_allowed and not in_conflict and owner.is_active else None

    def can_assign(self, user: Any, task: Any) -> bool:
        if task.owner_id or user is None or not user.is_authenticated or not user.is_active:
            return False
        case = task.process.coerced.case
        if not RoleMembership.objects.filter(
            user=user, entity_id=case.entity_id, role=self.role
        ).exists():
            return False
        return not ConflictDeclaration.objects.filter(case=case, user=user).exists()

    def can_execute(self, user: Any, task: Any) -> bool:
        if task.owner_id != getattr(user, "pk", None):
            return False
        case = task.process.coerced.case
        return not ConflictDeclaration.objects.filter(case=case, user=user).exists()

    def can_unassign(self, user: Any, task: Any) -> bool:
        return task.owner_id is not None and task.owner_id == getattr(user, "pk", None)
