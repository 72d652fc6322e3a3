"""Step ``article40``: the legal directorate records the referral to the public prosecutor."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from viewflow.workflow.models import Task

from cases.models import Article40Referral, Case, Handover, HandoverBasis, User
from workflows import engine
from workflows.routes import Route
from workflows.steps.common import DateInput, Step, handover_record

OUTCOMES: frozenset[Route] = frozenset()


class Article40Form(forms.Form):
    sent_on = forms.DateField(
        label=gettext_lazy("Transmis au procureur le"),
        widget=DateInput(),
        initial=timezone.localdate,
    )
    prosecutor_office = forms.CharField(label=gettext_lazy("Parquet destinataire"), max_length=200)
    note = forms.CharField(
        label=gettext_lazy("Observations"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


def article40_referred(
    *, actor: User, task: Task, sent_on: dt.date, prosecutor_office: str, note: str = ""
) -> Task:
    def apply(case: Case) -> None:
        if not prosecutor_office.strip():
            raise ValidationError(_("Indiquez le parquet destinataire."))
        if sent_on > timezone.localdate():
            raise ValidationError(_("La date de transmission ne peut pas être dans le futur."))
        Article40Referral(
            key_id=case.key_id,
            case=case,
            sent_on=sent_on,
            prosecutor_office=prosecutor_office,
            recorded_by=actor,
            note=note,
        ).save(force_insert=True)
        handover_record(
            actor,
            case,
            Handover.Stage.PROSECUTOR,
            HandoverBasis.OFFENCE,
            from_stage=Handover.Stage.LEGAL,
        )

    return engine.task_complete(actor=actor, task=task, apply=apply)


STEP = Step(
    form=Article40Form,
    run=lambda u, t, d: article40_referred(actor=u, task=t, **d),
    outcomes=OUTCOMES,
)
