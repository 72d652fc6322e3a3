"""Step ``acknowledge``: the referent records the written acknowledgement of receipt.

For a report made through the portal, the acknowledgement can be given there
(``workflows.steps.portal_delivery``): its text is posted to the person and the step
is recorded as a letter's would be.
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

from cases.models import Acknowledgement, Case, User
from threads.models import ReporterMessage
from workflows import engine
from workflows.routes import Route
from workflows.schedule import deadline_ensure, received_on
from workflows.steps.common import DateInput, Step
from workflows.steps.portal_delivery import (
    PORTAL,
    PORTAL_TEXT_HELP,
    portal_date,
    portal_form_kwargs,
    portal_means_setup,
    portal_post,
)

OUTCOMES: frozenset[Route] = frozenset()


def default_text() -> str:
    return _(
        "Bonjour,\n\nNous accusons réception de votre signalement. Il est examiné par les "
        "référent·es de l'établissement, tenu·es à la confidentialité. Vous serez informé·e "
        "des suites données dans un délai de trois mois au plus tard. Vous pouvez nous "
        "écrire ici à tout moment, et nous pouvons vous proposer un entretien si vous le "
        "souhaitez."
    )


class AcknowledgeForm(forms.Form):
    sent_on = forms.DateField(
        label=gettext_lazy("Accusé de réception envoyé le"),
        widget=DateInput(),
        initial=timezone.localdate,
    )
    means = forms.ChoiceField(label=gettext_lazy("Moyen"), choices=Acknowledgement.Means.choices)
    portal_text = forms.CharField(
        label=gettext_lazy("Texte envoyé par le portail"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=PORTAL_TEXT_HELP,
    )

    def __init__(
        self, *args: Any, portal: bool = False, portal_default: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        portal_means_setup(self, portal=portal, portal_default=portal_default)
        if portal:
            self.fields["portal_text"].initial = default_text()
        else:
            del self.fields["portal_text"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("means") == PORTAL and not (data.get("portal_text") or "").strip():
            self.add_error("portal_text", _("Écrivez le texte qui sera envoyé par le portail."))
        return data


def acknowledge(
    *, actor: User, task: Task, sent_on: dt.date, means: str, portal_text: str = ""
) -> Task:
    sent_on = portal_date(means, sent_on)

    def apply(case: Case) -> None:
        if sent_on > timezone.localdate():
            raise ValidationError(_("La date d'envoi ne peut pas être dans le futur."))
        if sent_on < received_on(case):
            raise ValidationError(
                _("L'accusé de réception ne peut pas précéder la réception du signalement.")
            )
        if means == PORTAL:
            portal_post(
                actor=actor,
                case=case,
                text=portal_text,
                kind=ReporterMessage.Kind.ACKNOWLEDGEMENT,
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
    form_kwargs=portal_form_kwargs,
)
