"""What the steps share: the ``Step`` record, the date widget, the categories field, the hand-over record."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Task

from cases.models import Case, Category, Handover, User
from workflows.routes import Route


@dataclass(frozen=True)
class Step:
    """A human step of the flow: its form, its service, the routes its outcome may open."""

    form: type[forms.Form]
    run: Callable[[User, Task, dict[str, Any]], Task]
    outcomes: frozenset[Route] = frozenset()
    # The form's starting values from the case (e.g. triage ticks the case's categories).
    initial: Callable[[Case], dict[str, object]] | None = None
    # Arguments the form needs from the case (e.g. the sanction step's choice of person).
    form_kwargs: Callable[[Case], dict[str, Any]] | None = None


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: object) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)  # type: ignore[arg-type]


def categories_field() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=_("Catégories"),
        queryset=Category.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Plusieurs catégories possibles."),
    )


def handover_record(
    actor: User | None,
    case: Case,
    to_stage: str,
    basis: str,
    from_stage: str = Handover.Stage.REFERENT,
) -> None:
    """The case passes to another stage of the procedure (who, on what basis)."""
    Handover(
        key_id=case.key_id,
        case=case,
        from_stage=from_stage,
        to_stage=to_stage,
        basis=basis,
        recorded_by=actor,
        detail="",
    ).save(force_insert=True)
