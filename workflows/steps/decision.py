"""Step ``decision``: the direction decides on the enquiry's conclusions.

May lead to the disciplinary procedure (its track follows from the implicated
person's status) and to an Article 40 referral if none was made yet.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from viewflow.workflow.models import Task

from cases.core.audit.services import audit_record
from cases.models import (
    Article40Referral,
    Case,
    DisciplinaryHearing,
    Handover,
    HandoverBasis,
    OutcomeDecision,
    Party,
    User,
)
from workflows import engine
from workflows.routes import Outcome, Route
from workflows.steps.common import Step, handover_record

OUTCOMES = frozenset({Route.DISCIPLINARY, Route.ARTICLE40})


class DecisionForm(forms.Form):
    outcomes = forms.MultipleChoiceField(
        label=gettext_lazy("Décisions"),
        choices=OutcomeDecision.Outcome.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    reasoning = forms.CharField(label=gettext_lazy("Motivation"), widget=forms.Textarea)


def disciplinary_track(case: Case) -> str:
    statuses = set(case.parties.filter(role=Party.Role.IMPLICATED).values_list("status", flat=True))
    if statuses & {Party.Status.STUDENT, Party.Status.DOCTORAL}:
        return DisciplinaryHearing.Track.STUDENT_COUNCIL
    if statuses & {Party.Status.STAFF_CIVIL, Party.Status.STAFF_CONTRACT}:
        return DisciplinaryHearing.Track.STAFF_EMPLOYER
    if Party.Status.EXTERNAL in statuses:
        return DisciplinaryHearing.Track.EXTERNAL
    raise ValidationError(
        _(
            "Le statut de la personne mise en cause est inconnu : le·la référent·e le complète "
            "dans « Personnes concernées » sur la fiche du dossier avant d'engager une "
            "procédure disciplinaire (élève, personnel ou personne extérieure)."
        )
    )


def outcome_decide(*, actor: User, task: Task, outcomes: list[str], reasoning: str) -> Task:
    """The direction decides. The disciplinary track follows from the implicated person's status."""

    def apply(case: Case) -> Outcome:
        if not outcomes:
            raise ValidationError(_("Choisissez au moins une décision."))
        if not reasoning.strip():
            raise ValidationError(_("La motivation de la décision est obligatoire."))
        if set(outcomes) - set(OutcomeDecision.Outcome.values):
            raise ValidationError(_("Décision inconnue."))
        track = ""
        opens: list[Route] = []
        if OutcomeDecision.Outcome.DISCIPLINARY in outcomes:
            track = disciplinary_track(case)
            opens.append(Route.DISCIPLINARY)
            handover_record(actor, case, Handover.Stage.DISCIPLINE, HandoverBasis.DECISION)
        if (
            OutcomeDecision.Outcome.ARTICLE_40 in outcomes
            and not Article40Referral.objects.filter(case=case).exists()
        ):
            opens.append(Route.ARTICLE40)
            handover_record(actor, case, Handover.Stage.LEGAL, HandoverBasis.OFFENCE)
        OutcomeDecision(
            key_id=case.key_id,
            case=case,
            decided_by=actor,
            outcomes=sorted(outcomes),
            disciplinary_track=track,
            reasoning=reasoning,
        ).save(force_insert=True)
        audit_record(
            actor=actor,
            action="case.decided",
            target=case,
            entity_id=case.entity_id,
            details={"outcomes": sorted(outcomes), "track": track},
        )
        return Outcome.of(opens)

    return engine.task_complete(actor=actor, task=task, apply=apply)


STEP = Step(
    form=DecisionForm,
    run=lambda u, t, d: outcome_decide(actor=u, task=t, **d),
    outcomes=OUTCOMES,
)
