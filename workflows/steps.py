"""Which form and which service do each step of the case flow."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from viewflow.workflow.models import Task

from cases.models import User
from workflows import forms as f
from workflows import services as s


@dataclass(frozen=True)
class Step:
    form: type[forms.Form]
    run: Callable[[User, Task, dict[str, Any]], Task]


STEPS: dict[str, Step] = {
    "acknowledge": Step(f.AcknowledgeForm, lambda u, t, d: s.acknowledge(actor=u, task=t, **d)),
    "triage": Step(
        f.TriageForm,
        lambda u, t, d: s.triage(
            actor=u,
            task=t,
            outcomes=d["outcomes"],
            reasoning=d["reasoning"],
            categories=list(d["categories"]),
            no_article40_reason=d["no_article40_reason"],
            no_conflict_confirmed=d["no_conflict_confirmed"],
        ),
    ),
    "information": Step(
        f.InformationForm, lambda u, t, d: s.information_received(actor=u, task=t, **d)
    ),
    "article40": Step(f.Article40Form, lambda u, t, d: s.article40_referred(actor=u, task=t, **d)),
    "enquiry": Step(
        f.EnquiryReportForm, lambda u, t, d: s.enquiry_report_received(actor=u, task=t, **d)
    ),
    "decision": Step(f.DecisionForm, lambda u, t, d: s.outcome_decide(actor=u, task=t, **d)),
    "disciplinary": Step(
        f.DisciplinaryForm, lambda u, t, d: s.disciplinary_engage(actor=u, task=t, **d)
    ),
    "feedback": Step(f.FeedbackForm, lambda u, t, d: s.feedback_give(actor=u, task=t, **d)),
    "closure": Step(f.ClosureForm, lambda u, t, d: s.case_close(actor=u, task=t, **d)),
}
