"""The viewflow process of a case. Its ``data`` holds routing flags only (T3, T7)."""

from __future__ import annotations

from django.db import models
from viewflow.workflow.models import Process

from cases.models import Case


class CaseProcess(Process):
    # viewflow's Process is untyped, so the stubs cannot infer this field's type.
    case = models.ForeignKey(  # type: ignore[var-annotated]
        Case, on_delete=models.PROTECT, related_name="processes"
    )

    class Meta:
        verbose_name = "procédure"

    def __str__(self) -> str:
        return f"process:{self.pk}"


class TaskDue(models.Model):
    """The due date of an open task, kept beside viewflow's task so inboxes sort in SQL."""

    task = models.OneToOneField("viewflow.Task", on_delete=models.CASCADE, related_name="due")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    rule = models.CharField(max_length=40)
    due_on = models.DateField(db_index=True)

    def __str__(self) -> str:
        return f"due:{self.task_id}"
