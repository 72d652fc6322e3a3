"""What the reporting person sees of their report: its state and the deadlines owed to them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case, CaseDeadline, Entity
from threads.models import ReporterThread
from workflows.deadlines import RULES

# The deadlines the law owes the reporting person (décret n° 2022-1284, art. 4).
OWED = ("acknowledgement", "meeting", "feedback")


@dataclass
class Owed:
    label: str
    source: str
    due_on: dt.date
    met_on: dt.date | None
    late: bool


@dataclass
class ReporterView:
    is_report: bool
    entity: Entity
    state: str
    owed: list[Owed]


def reporter_view(thread: ReporterThread) -> ReporterView:
    """The state and owed deadlines of the person's own report or question."""
    case: Case | None = thread.case
    entity = Entity.objects.get(pk=thread.entity_id)
    if case is None:
        return ReporterView(
            is_report=False,
            entity=entity,
            state=_("Votre question a été reçue par la cellule d'écoute."),
            owed=[],
        )
    today = timezone.localdate()
    rows = {
        d.rule: d for d in CaseDeadline.objects.filter(case=case, rule__in=OWED).order_by("due_on")
    }
    owed = [
        Owed(
            label=str(RULES[rule].label),
            source=str(RULES[rule].source),
            due_on=row.due_on,
            met_on=row.met_on,
            late=(row.met_on or today) > row.due_on,
        )
        for rule in OWED
        if (row := rows.get(rule)) is not None
    ]
    if case.status == Case.Status.OPEN:
        state = _("Votre signalement est en cours de traitement.")
    else:
        state = _("Le traitement de votre signalement est terminé.")
    return ReporterView(is_report=True, entity=entity, state=state, owed=owed)
