"""Step ``information``: the referent records the further information received; back to triage."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from viewflow.workflow.models import Task

from cases.models import Case, User
from cases.services.cases import note_add
from workflows import engine
from workflows.routes import Route
from workflows.steps.common import Step

OUTCOMES: frozenset[Route] = frozenset()


class InformationForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Informations reçues"), widget=forms.Textarea)


def information_received(*, actor: User, task: Task, note: str) -> Task:
    def apply(case: Case) -> None:
        if not note.strip():
            raise ValidationError(_("Résumez les informations reçues."))
        note_add(actor=actor, case=case, body=note)

    return engine.task_complete(actor=actor, task=task, apply=apply)


STEP = Step(
    form=InformationForm,
    run=lambda u, t, d: information_received(actor=u, task=t, **d),
    outcomes=OUTCOMES,
)
