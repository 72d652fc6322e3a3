"""Step ``closure``: the referent closes the case; refused without an Article 40 decision for an offence."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from viewflow.workflow.models import Task

from cases.core.audit.services import audit_record
from cases.models import Article40Referral, Case, CaseCategory, Closure, TriageDecision, User
from workflows import engine
from workflows.routes import Route
from workflows.steps.common import Step

OUTCOMES: frozenset[Route] = frozenset()


class ClosureForm(forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("Motif de clôture"), choices=Closure.Reason.choices
    )
    detail = forms.CharField(
        label=gettext_lazy("Précisions"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


def case_close(*, actor: User, task: Task, reason: str, detail: str) -> Task:
    def apply(case: Case) -> None:
        if reason not in Closure.Reason.values:
            raise ValidationError(_("Choisissez un motif de clôture."))
        offence = CaseCategory.objects.filter(case=case, category__article40_review=True).exists()
        decided = (
            Article40Referral.objects.filter(case=case).exists()
            or TriageDecision.objects.filter(case=case, no_article40_reason__isnull=False).exists()
        )
        if offence and not decided:
            raise ValidationError(
                _("Aucune décision au titre de l'article 40 n'est enregistrée pour ce dossier.")
            )
        Closure(key_id=case.key_id, case=case, reason=reason, detail=detail, closed_by=actor).save(
            force_insert=True
        )
        Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED)
        audit_record(
            actor=actor,
            action="case.closed",
            target=case,
            entity_id=case.entity_id,
            details={"reason": reason},
        )

    return engine.task_complete(actor=actor, task=task, apply=apply)


STEP = Step(
    form=ClosureForm,
    run=lambda u, t, d: case_close(actor=u, task=t, **d),
    outcomes=OUTCOMES,
)
