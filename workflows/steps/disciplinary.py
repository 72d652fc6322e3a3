"""Step ``disciplinary``: the legal directorate schedules the disciplinary hearing.

Refused if a notice period or a mandatory notice (right to silence, to counsel) is missing.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from viewflow.workflow.models import Task

from cases.models import Case, DisciplinaryHearing, OutcomeDecision, Party, User
from workflows import deadlines as legal
from workflows import engine
from workflows.routes import Route
from workflows.steps.common import DateInput, Step
from workflows.steps.decision import disciplinary_track

OUTCOMES: frozenset[Route] = frozenset()


class DisciplinaryForm(forms.Form):
    summons_sent_on = forms.DateField(
        label=gettext_lazy("Convocation envoyée le"), widget=DateInput()
    )
    file_open_from = forms.DateField(
        label=gettext_lazy("Dossier consultable à partir du"), widget=DateInput()
    )
    hearing_on = forms.DateField(label=gettext_lazy("Date de la séance"), widget=DateInput())
    silence_notice = forms.BooleanField(
        label=gettext_lazy("La convocation informe la personne de son droit de se taire"),
        required=False,
    )
    counsel_notice = forms.BooleanField(
        label=gettext_lazy(
            "La convocation informe la personne de son droit à être assistée d'un conseil"
        ),
        required=False,
    )


STAFF_STATUSES = (Party.Status.STAFF_CIVIL, Party.Status.STAFF_CONTRACT)


def hearing_violations(
    case: Case, *, summons_sent_on: dt.date, file_open_from: dt.date, hearing_on: dt.date
) -> list[legal.Violation]:
    """The notice periods of each implicated person's own status: a student's section
    disciplinaire (code de l'éducation R. 811-31), a civil servant's conseil de discipline
    (décret n° 84-961 art. 4), a contract agent's commission consultative paritaire
    (décret n° 86-83 art. 44). A case implicating a student and staff checks both."""
    statuses = set(case.parties.filter(role=Party.Role.IMPLICATED).values_list("status", flat=True))
    violations: list[legal.Violation] = []
    staff = [s for s in STAFF_STATUSES if s in statuses]
    if not staff or statuses & {Party.Status.STUDENT, Party.Status.DOCTORAL}:
        violations += legal.check_disciplinary_hearing(
            summons_sent_on=summons_sent_on, file_open_from=file_open_from, hearing_on=hearing_on
        )
    for status in staff:
        violations += legal.check_staff_hearing(
            status=str(status),
            summons_sent_on=summons_sent_on,
            file_open_from=file_open_from,
            hearing_on=hearing_on,
        )
    return violations


def disciplinary_engage(
    *,
    actor: User,
    task: Task,
    summons_sent_on: dt.date,
    file_open_from: dt.date,
    hearing_on: dt.date,
    silence_notice: bool,
    counsel_notice: bool,
) -> Task:
    """Schedule the hearing; refused if a notice period or a mandatory notice is missing."""

    def apply(case: Case) -> None:
        problems = [
            v.message
            for v in hearing_violations(
                case,
                summons_sent_on=summons_sent_on,
                file_open_from=file_open_from,
                hearing_on=hearing_on,
            )
        ]
        if not silence_notice:
            problems.append(
                _(
                    "La personne mise en cause doit être informée de son droit de se taire avant d'être "
                    "entendue (Conseil d'État, 9 mai 2025, n° 499277 ; Conseil constitutionnel, "
                    "décision n° 2024-1105 QPC)."
                )
            )
        if not counsel_notice:
            problems.append(
                _("La convocation doit indiquer le droit de se faire assister d'un conseil.")
            )
        if problems:
            raise ValidationError(problems)
        track = (
            OutcomeDecision.objects.filter(case=case)
            .order_by("-decided_at")
            .values_list("disciplinary_track", flat=True)
            .first()
        )
        DisciplinaryHearing(
            key_id=case.key_id,
            case=case,
            track=track or disciplinary_track(case),
            summons_sent_on=summons_sent_on,
            file_open_from=file_open_from,
            hearing_on=hearing_on,
            silence_notice=silence_notice,
            counsel_notice=counsel_notice,
            recorded_by=actor,
        ).save(force_insert=True)

    return engine.task_complete(actor=actor, task=task, apply=apply)


STEP = Step(
    form=DisciplinaryForm,
    run=lambda u, t, d: disciplinary_engage(actor=u, task=t, **d),
    outcomes=OUTCOMES,
)
