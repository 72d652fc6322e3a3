"""The viewflow process of a case. Its ``data`` holds routing flags only (T3, T7)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from viewflow.workflow.models import Process

from cases.models import Case
from workflows.routes import Route, routes_of


class CaseProcess(Process):
    # viewflow's Process is untyped, so the stubs cannot infer this field's type.
    case = models.ForeignKey(  # type: ignore[var-annotated]
        Case, on_delete=models.PROTECT, related_name="processes"
    )

    # viewflow's JSON field, untyped in its stubs: routing state only (``pending_routes``).
    data: dict[str, Any] | None

    class Meta:
        verbose_name = "procédure"

    def __str__(self) -> str:
        return f"process:{self.pk}"

    @property
    def pending_routes(self) -> list[Route]:
        """The routes opened by the decisions so far and not yet done (``data["pending"]``)."""
        return routes_of(self.data)

    @pending_routes.setter
    def pending_routes(self, routes: list[Route]) -> None:
        data = dict(self.data or {})
        data["pending"] = [str(route) for route in dict.fromkeys(routes)]
        self.data = data


class OpenTask(models.Model):
    """An open human task of a case, as the inboxes read it.

    One row per task waiting in an inbox, written in the same transaction as
    viewflow's task (``workflows.signals``) with what the inboxes filter and sort on:
    the case's entity, the step, the owner, the status and the due date. Each inbox is
    then one index range on this table, sorted by the index and cut at one page,
    instead of a join of viewflow's task, process, case and entity tables sorted in
    memory (docs/PERFORMANCE.md: the queue query dominated the inbox page).
    The row holds no case content: ids, a step name, dates.
    """

    task = models.OneToOneField("viewflow.Task", on_delete=models.CASCADE, related_name="open")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    entity = models.ForeignKey("cases.Entity", on_delete=models.PROTECT, related_name="+")
    step = models.CharField(max_length=50)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # the (owner, due_on, created) index leads with it
    )
    status = models.CharField(max_length=50)
    created = models.DateTimeField()
    rule = models.CharField(max_length=40, blank=True, default="")
    due_on = models.DateField(null=True)

    class Meta:
        indexes = [
            # Assigned rows only: the unassigned ones are the pool index's. On SQLite,
            # whose statistics count about a hundred rows per owner (the null owner
            # too, though every unassigned task of the deployment has it), the pool's
            # ``owner IS NULL`` then cannot walk this index (16 ms for an empty pool at
            # 100 000 cases, 0.3 ms through the pool index); ``owner = …`` implies it.
            models.Index(
                fields=["owner", "due_on", "created"],
                name="opentask_owner_due_idx",
                condition=models.Q(owner__isnull=False),
            ),
            models.Index(
                fields=["entity", "step", "due_on", "created"],
                name="opentask_pool_due_idx",
                condition=models.Q(owner__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"open:{self.task_id}"
