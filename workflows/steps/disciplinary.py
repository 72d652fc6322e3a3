"""Step ``disciplinary``: the legal directorate schedules the disciplinary hearing.

Two tracks, by the implicated person's status (``decision.disciplinary_track``):

* a student before the disciplinary section: summons 15 days and file open 10 days before
  the hearing (code de l'éducation R. 811-31), right to counsel;
* staff before the conseil de discipline (civil servants: the joint committee sitting as
  such; contract staff: the commission consultative paritaire): informed of the right to
  the communication of the whole file and to defenders of their choice (décret n° 84-961,
  art. 1; CGFP L. 532-4), summoned 15 days before the sitting (décret n° 84-961, art. 4);
  no fixed period for the file, which must be open before the sitting.

In both, the right to remain silent is notified (Cons. const. 2024-1105 QPC; CE 9 May 2025).
Refused if a notice period or a mandatory notice is missing. On the staff track the
sitting's date may stay empty when only a sanction needing no consultation is considered
(civil servants' first group, CGFP L. 533-1 and L. 532-5; a contract agent's warning, blame
or exclusion of three days at most, décret n° 86-83 art. 44): the rights to the file and to
defenders are still notified, and the sanction step refuses any other sanction without the
body's date.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

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
    hearing_on = forms.DateField(
        label=gettext_lazy("Date de la séance"), required=False, widget=DateInput()
    )
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

    def __init__(self, *args: object, track: str = "", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if track == DisciplinaryHearing.Track.STAFF_EMPLOYER:
            # The staff procedure's own words (décret n° 84-961, art. 1 and 4).
            self.fields["file_open_from"].label = gettext_lazy("Dossier communiqué à partir du")
            self.fields["hearing_on"].label = gettext_lazy(
                "Date de la séance du conseil de discipline"
            )
            self.fields["hearing_on"].help_text = gettext_lazy(
                "Fonctionnaire : commission administrative paritaire siégeant en conseil de "
                "discipline ; agent·e contractuel·le : commission consultative paritaire. "
                "Laissez vide si seule une sanction sans consultation est envisagée "
                "(avertissement, blâme, exclusion de trois jours au plus)."
            )
            self.fields["counsel_notice"].label = gettext_lazy(
                "La personne est informée de son droit à la communication intégrale de son "
                "dossier et à être assistée par un ou plusieurs défenseurs de son choix"
            )


def disciplinary_form_kwargs(case: Case) -> dict[str, Any]:
    """The track decided (or, failing that, the one the persons' statuses give)."""
    track = _decided_track(case)
    if not track:
        try:
            track = disciplinary_track(case)
        except ValidationError:
            track = ""
    return {"track": track}


def _decided_track(case: Case) -> str:
    return (
        OutcomeDecision.objects.filter(case=case)
        .order_by("-decided_at")
        .values_list("disciplinary_track", flat=True)
        .first()
    ) or ""


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
    hearing_on: dt.date | None,
    silence_notice: bool,
    counsel_notice: bool,
) -> Task:
    """Schedule the hearing; refused if a notice period or a mandatory notice is missing."""

    def apply(case: Case) -> None:
        track = _decided_track(case) or disciplinary_track(case)
        staff = track == DisciplinaryHearing.Track.STAFF_EMPLOYER
        problems: list[str] = []
        if hearing_on is None and not staff:
            problems.append(_("Indiquez la date de la séance de l'instance disciplinaire."))
        elif hearing_on is not None:
            # Each implicated person's own notice periods (a case may implicate both).
            problems += [
                v.message
                for v in hearing_violations(
                    case,
                    summons_sent_on=summons_sent_on,
                    file_open_from=file_open_from,
                    hearing_on=hearing_on,
                )
            ]
        # Staff without a sitting: only a first-group sanction (CGFP L. 533-1) or a contract
        # agent's warning, blame or three-day exclusion (décret n° 86-83, art. 44) may follow;
        # the sanction step refuses the others without the body's date.
        if not silence_notice:
            problems.append(
                _(
                    "La personne mise en cause doit être informée de son droit de se taire avant d'être "
                    "entendue (Conseil d'État, 9 mai 2025, n° 499277 ; Conseil constitutionnel, "
                    "décision n° 2024-1105 QPC)."
                )
            )
        if not counsel_notice and staff:
            problems.append(
                _(
                    "La personne doit être informée de son droit à la communication intégrale "
                    "de son dossier et à l'assistance de défenseurs de son choix (décret "
                    "n° 84-961, art. 1 ; code général de la fonction publique, art. L. 532-4)."
                )
            )
        elif not counsel_notice:
            problems.append(
                _("La convocation doit indiquer le droit de se faire assister d'un conseil.")
            )
        if problems:
            raise ValidationError(problems)
        DisciplinaryHearing(
            key_id=case.key_id,
            case=case,
            track=track,
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
    form_kwargs=disciplinary_form_kwargs,
)
