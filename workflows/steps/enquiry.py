"""Step ``enquiry``: the referent follows the internal enquiry until its report; then the decision.

Two ways to complete it, through the same engine function: the referent records
the summary of a report of an enquiry led outside Recueil (refused by the guards
``enquiries`` registers while an enquiry runs in Recueil), or the commission's
report completes it for the referent (``commission_report_submitted``).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from viewflow.workflow.models import Task

from cases.models import Case, User
from cases.services.cases import note_add
from workflows import engine
from workflows.hooks import step_guards_check
from workflows.routes import Outcome, Route
from workflows.steps.common import Step

NAME = "enquiry"
OUTCOMES = frozenset({Route.DECISION})
REPORTED = Outcome((Route.DECISION,))
"""The report is in: the direction decides."""


class EnquiryReportForm(forms.Form):
    summary = forms.CharField(
        label=gettext_lazy("Conclusions du rapport d'enquête"),
        widget=forms.Textarea,
        help_text=gettext_lazy(
            "Seulement pour une enquête conduite hors de Recueil (prestataire extérieur…). "
            "Une enquête ouverte dans Recueil avance par la remise du rapport de sa commission."
        ),
    )


def enquiry_report_received(*, actor: User, task: Task, summary: str) -> Task:
    """A report of an enquiry led outside Recueil reached the referent; the direction decides."""

    def apply(case: Case) -> Outcome:
        step_guards_check(NAME, case)
        if not summary.strip():
            raise ValidationError(_("Résumez les conclusions du rapport d'enquête."))
        note_add(actor=actor, case=case, body=summary)
        return REPORTED

    return engine.task_complete(actor=actor, task=task, apply=apply)


def commission_report_submitted(*, actor: User, task: Task, apply: engine.Apply) -> Task:
    """The commission's report completes the referent's waiting ``enquiry`` step.

    Called only by ``enquiries.services.report_submit``, which checks that ``actor``
    sits on the enquiry's commission. The step stays the referent's (its owner, who
    follows the enquiry); the audit names the investigator who submitted. If
    ``apply`` raises, nothing is stored; whatever it returns, the outcome is
    ``REPORTED``.
    """

    def reported(case: Case) -> Outcome:
        apply(case)
        return REPORTED

    on_behalf = engine.OnBehalf(
        step=NAME,
        by="enquiry_report",
        refused=_("Le dossier n'attend plus le rapport de cette enquête."),
    )
    return engine.task_complete(actor=actor, task=task, apply=reported, on_behalf=on_behalf)


STEP = Step(
    form=EnquiryReportForm,
    run=lambda u, t, d: enquiry_report_received(actor=u, task=t, **d),
    outcomes=OUTCOMES,
)
