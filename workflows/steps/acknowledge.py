"""Step ``acknowledge``: the referent records the written acknowledgement of receipt."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from viewflow.workflow.models import Task

from cases.models import Acknowledgement, Case, User
from workflows import engine
from workflows.routes import Route
from workflows.schedule import deadline_ensure, received_on
from workflows.steps.common import DateInput, Step

OUTCOMES: frozenset[Route] = frozenset()


class AcknowledgeForm(forms.Form):
    sent_on = forms.DateField(
        label=gettext_lazy("Accusé de réception envoyé le"),
        widget=DateInput(),
        initial=timezone.localdate,
    )
    means = forms.ChoiceField(label=gettext_lazy("Moyen"), choices=Acknowledgement.Means.choices)


def acknowledge(*, actor: User, task: Task, sent_on: dt.date, means: str) -> Task:
    def apply(case: Case) -> None:
        if sent_on > timezone.localdate():
            raise ValidationError(_("La date d'envoi ne peut pas être dans le futur."))
        if sent_on < received_on(case):
            raise ValidationError(
                _("L'accusé de réception ne peut pas précéder la réception du signalement.")
            )
        Acknowledgement(
            key_id=case.key_id, case=case, sent_on=sent_on, means=means, recorded_by=actor
        ).save(force_insert=True)
        # The 3-month feedback period now runs from the acknowledgement (décret 2022-1284 art. 4).
        deadline_ensure(case, "feedback", recompute=True)

    return engine.task_complete(actor=actor, task=task, apply=apply)


STEP = Step(
    form=AcknowledgeForm,
    run=lambda u, t, d: acknowledge(actor=u, task=t, **d),
    outcomes=OUTCOMES,
)
