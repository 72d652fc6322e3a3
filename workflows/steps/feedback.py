"""Step ``feedback``: the referent informs the reporting person of what followed.

For a report made through the portal, the feedback can be given there: what is
written is posted to the person (``workflows.steps.portal_delivery``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from viewflow.workflow.models import Task

from cases.models import Acknowledgement, Case, Feedback, User
from threads.models import ReporterMessage
from workflows import engine
from workflows.routes import Route
from workflows.steps.common import DateInput, Step
from workflows.steps.portal_delivery import (
    PORTAL,
    portal_date,
    portal_form_kwargs,
    portal_means_setup,
    portal_post,
)

OUTCOMES: frozenset[Route] = frozenset()


class FeedbackForm(forms.Form):
    sent_on = forms.DateField(
        label=gettext_lazy("Personne informée le"), widget=DateInput(), initial=timezone.localdate
    )
    means = forms.ChoiceField(label=gettext_lazy("Moyen"), choices=Acknowledgement.Means.choices)
    summary = forms.CharField(
        label=gettext_lazy("Ce qui a été communiqué"),
        widget=forms.Textarea,
        help_text=gettext_lazy(
            "Sans porter atteinte aux droits des autres personnes (identité, sanctions individuelles)."
            " Avec « Par le portail » : ce texte est envoyé tel quel à la personne."
        ),
    )

    def __init__(
        self, *args: Any, portal: bool = False, portal_default: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        portal_means_setup(self, portal=portal, portal_default=portal_default)


def feedback_give(*, actor: User, task: Task, sent_on: dt.date, means: str, summary: str) -> Task:
    sent_on = portal_date(means, sent_on)

    def apply(case: Case) -> None:
        if not summary.strip():
            raise ValidationError(_("Indiquez ce qui a été communiqué à la personne."))
        if sent_on > timezone.localdate():
            raise ValidationError(_("La date ne peut pas être dans le futur."))
        if means == PORTAL:
            portal_post(actor=actor, case=case, text=summary, kind=ReporterMessage.Kind.FEEDBACK)
        Feedback(
            key_id=case.key_id,
            case=case,
            sent_on=sent_on,
            means=means,
            summary=summary,
            recorded_by=actor,
        ).save(force_insert=True)

    return engine.task_complete(actor=actor, task=task, apply=apply)


STEP = Step(
    form=FeedbackForm,
    run=lambda u, t, d: feedback_give(actor=u, task=t, **d),
    outcomes=OUTCOMES,
    form_kwargs=portal_form_kwargs,
)
