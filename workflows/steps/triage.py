"""Step ``triage``: the referent qualifies the report and decides what follows.

Its outcome replaces every pending route (the flow's ``decides_afresh``):
information, an Article 40 referral, an internal enquiry — or none, and the
reporting person gets feedback. Rape or sexual assault cannot leave triage
without an Article 40 decision.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from viewflow.workflow.models import Task

from cases.core.audit.services import audit_record
from cases.models import (
    Case,
    CaseCategory,
    Category,
    Handover,
    HandoverBasis,
    TriageDecision,
    TriageOutcome,
    User,
)
from workflows import engine
from workflows.routes import Outcome, Route
from workflows.steps.common import Step, categories_field, handover_record

OUTCOMES = frozenset({Route.INFORMATION, Route.ARTICLE40, Route.ENQUIRY})


class TriageForm(forms.Form):
    # Required (marked so): a conflicted referent declares it on the task page instead.
    no_conflict_confirmed = forms.BooleanField(
        label=gettext_lazy(
            "Je confirme n'avoir aucun conflit d'intérêts avec les personnes concernées"
        ),
        error_messages={
            "required": gettext_lazy("Confirmez l'absence de conflit d'intérêts, ou déclarez-le.")
        },
    )
    categories = categories_field()
    outcomes = forms.MultipleChoiceField(
        label=gettext_lazy("Décisions"),
        choices=TriageOutcome.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    reasoning = forms.CharField(label=gettext_lazy("Motivation"), widget=forms.Textarea)
    no_article40_reason = forms.CharField(
        label=gettext_lazy(
            "Si les faits peuvent constituer un crime ou un délit sans saisine au titre de l'article 40 : pourquoi"
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


def triage(
    *,
    actor: User,
    task: Task,
    outcomes: list[str],
    reasoning: str,
    categories: list[Category] | None = None,
    no_article40_reason: str = "",
    no_conflict_confirmed: bool,
) -> Task:
    """Qualify and decide. Rape or sexual assault cannot leave triage without an Article 40 decision."""

    def apply(case: Case) -> Outcome:
        if not no_conflict_confirmed:
            raise ValidationError(_("Confirmez l'absence de conflit d'intérêts, ou déclarez-le."))
        if not outcomes:
            raise ValidationError(_("Choisissez au moins une décision."))
        if not reasoning.strip():
            raise ValidationError(_("La motivation de la décision est obligatoire."))
        unknown = set(outcomes) - set(TriageOutcome.values)
        if unknown:
            raise ValidationError(_("Décision inconnue."))
        if categories is not None:
            if not categories:
                raise ValidationError(_("Choisissez au moins une catégorie."))
            CaseCategory.objects.filter(case=case).exclude(category__in=categories).delete()
            for category in categories:
                CaseCategory.objects.get_or_create(case=case, category=category)
        offence = CaseCategory.objects.filter(case=case, category__article40_review=True).exists()
        refers = TriageOutcome.ARTICLE_40 in outcomes
        if offence and not refers and not no_article40_reason.strip():
            raise ValidationError(
                _(
                    "Les faits relèvent d'une catégorie susceptible de constituer un crime ou un délit "
                    "(viol, agression sexuelle, violences) : saisissez la direction juridique au titre de "
                    "l'article 40 du code de procédure pénale, ou motivez par écrit l'absence de saisine."
                )
            )
        TriageDecision(
            key_id=case.key_id,
            case=case,
            decided_by=actor,
            outcomes=sorted(outcomes),
            reasoning=reasoning,
            # NULL, not an encrypted empty string: "no reason given" must stay queryable.
            no_article40_reason=no_article40_reason.strip() or None,
        ).save(force_insert=True)
        opens: list[Route] = []
        if TriageOutcome.REQUEST_INFORMATION in outcomes:
            opens.append(Route.INFORMATION)
        if refers:
            opens.append(Route.ARTICLE40)
            handover_record(actor, case, Handover.Stage.LEGAL, HandoverBasis.OFFENCE)
        if TriageOutcome.OPEN_ENQUIRY in outcomes:
            opens.append(Route.ENQUIRY)
            handover_record(actor, case, Handover.Stage.ENQUIRY, HandoverBasis.DECISION)
        audit_record(
            actor=actor,
            action="case.triaged",
            target=case,
            entity_id=case.entity_id,
            details={"outcomes": sorted(outcomes)},
        )
        return Outcome.of(opens)

    return engine.task_complete(actor=actor, task=task, apply=apply)


def _initial(case: Case) -> dict[str, object]:
    """The categories already on the case (the listener's, or the last triage's) come ticked."""
    return {
        "categories": list(
            CaseCategory.objects.filter(case=case).values_list("category_id", flat=True)
        )
    }


STEP = Step(
    form=TriageForm,
    initial=_initial,
    run=lambda u, t, d: triage(
        actor=u,
        task=t,
        outcomes=d["outcomes"],
        reasoning=d["reasoning"],
        categories=list(d["categories"]),
        no_article40_reason=d["no_article40_reason"],
        no_conflict_confirmed=d["no_conflict_confirmed"],
    ),
    outcomes=OUTCOMES,
)
