"""Step ``sanction``: the legal directorate records, person by person, the sanction
pronounced at the end of the disciplinary procedure (or that none was).

The scale follows the implicated person's status (``cases.models.discipline``): a student's
from the code de l'éducation, a civil servant's four groups from the CGFP, a contract
agent's from décret n° 86-83. Refused when the body that must be consulted was not, when
the sanction is not on the person's scale, or before the hearing; the appeal deadline is
computed (two months from the decision).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from viewflow.workflow.models import Task

from cases.core.audit.services import audit_record
from cases.models import (
    SANCTION_KINDS,
    SANCTIONS,
    STUDENT_REGIMES,
    Case,
    DisciplinaryHearing,
    DisciplinaryOutcome,
    Party,
    SanctionScale,
    User,
    scale_of_status,
)
from workflows import deadlines as legal
from workflows import engine
from workflows.routes import Route
from workflows.steps.common import DateInput, Step

OUTCOMES: frozenset[Route] = frozenset()

# Why the body's sitting date is required, scale by scale (docs/LEGAL_RULES.md).
BODY_REQUIRED: dict[str, Any] = {
    SanctionScale.STUDENT: gettext_lazy(
        "Une sanction à l'encontre d'un·e usager·ère est prononcée par l'instance disciplinaire "
        "de l'établissement, après la séance où la personne a pu présenter sa défense : "
        "indiquez la date de cette séance."
    ),
    SanctionScale.STUDENT_IMT: gettext_lazy(
        "Hors l'avertissement, la sanction d'un·e élève est prononcée par la directrice ou le "
        "directeur de l'école après avis du conseil de discipline des usagers, qui a entendu "
        "l'élève (décret n° 2012-279, art. 29) : indiquez la date de sa séance."
    ),
    SanctionScale.CIVIL_SERVANT: gettext_lazy(
        "Une sanction des groupes 2 à 4 ne peut être prononcée qu'après consultation du "
        "conseil de discipline (code général de la fonction publique, art. L. 532-5) : "
        "indiquez la date de sa séance."
    ),
    SanctionScale.CONTRACT: gettext_lazy(
        "Au-delà de l'avertissement, du blâme et de l'exclusion de trois jours au plus, la "
        "commission consultative paritaire doit être consultée (décret n° 86-83, art. 44) : "
        "indiquez la date de sa séance."
    ),
}
APPEAL_MONTHS = 2  # code de justice administrative, R. 421-1 (and the letter says so)


def _sanction_choices() -> list[tuple[str, object]]:
    groups: list[tuple[str, object]] = [("", "---------")]
    groups.append(("none", SANCTION_KINDS["none"].label))
    student = STUDENT_REGIMES[settings.RECUEIL_STUDENT_DISCIPLINE_REGIME]
    for scale in SanctionScale:
        if scale in STUDENT_REGIMES.values() and scale != student:
            continue  # one student regime per deployment
        kinds = [(k.code, k.label) for k in SANCTIONS if k.scale == scale]
        groups.append((str(scale.label), kinds))
    return groups


class PartyChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Party) -> str:  # type: ignore[override]
        return _party_label(obj)


class SanctionForm(forms.Form):
    party = PartyChoiceField(
        label=gettext_lazy("Personne mise en cause"), queryset=Party.objects.none()
    )
    sanction = forms.ChoiceField(
        label=gettext_lazy("Sanction prononcée"),
        choices=_sanction_choices,
        help_text=gettext_lazy(
            "L'échelle dépend du statut de la personne : usager·ère, fonctionnaire (quatre "
            "groupes) ou agent·e contractuel·le."
        ),
    )
    body_consulted_on = forms.DateField(
        label=gettext_lazy("Instance disciplinaire consultée le"),
        required=False,
        widget=DateInput(),
        help_text=gettext_lazy(
            "Section disciplinaire (usager·ère), conseil de discipline (fonctionnaire, sanctions "
            "des groupes 2 à 4) ou commission consultative paritaire (contractuel·le)."
        ),
    )
    pronounced_on = forms.DateField(label=gettext_lazy("Décision prononcée le"), widget=DateInput())
    grounds = forms.CharField(label=gettext_lazy("Motifs de la décision"), widget=forms.Textarea)

    def __init__(self, *args: object, case: Case | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if case is not None:
            self.fields["party"].queryset = case.parties.filter(  # type: ignore[attr-defined]
                role=Party.Role.IMPLICATED
            )


def _party_label(party: Party) -> str:
    identity = party.identity or {}
    name = " ".join(str(identity.get(k, "")) for k in ("first_name", "last_name")).strip()
    return f"{name or _('Personne non identifiée')} — {party.get_status_display()}"


def sanction_form_kwargs(case: Case) -> dict[str, Any]:
    return {"case": case}


def _problems(
    case: Case, party: Party, code: str, body_consulted_on: dt.date | None, pronounced_on: dt.date
) -> list[str]:
    kind = SANCTION_KINDS.get(code)
    scale = scale_of_status(str(party.status))
    if kind is None:
        return [_("Sanction inconnue.")]
    problems: list[str] = []
    if scale is None:
        problems.append(
            _(
                "Le statut de cette personne ne relève d'aucune échelle de sanctions "
                "disciplinaires (personne extérieure ou statut inconnu)."
            )
        )
    elif kind.scale and kind.scale != scale:
        problems.append(
            _("Cette sanction n'appartient pas à l'échelle applicable : %(scale)s.")
            % {"scale": SanctionScale(scale).label}
        )
    if kind.needs_body and body_consulted_on is None:
        problems.append(str(BODY_REQUIRED[kind.scale]))
    if body_consulted_on and body_consulted_on > pronounced_on:
        problems.append(_("L'instance ne peut pas être consultée après la décision."))
    if pronounced_on > timezone.localdate():
        problems.append(_("La date de la décision ne peut pas être dans le futur."))
    hearing = DisciplinaryHearing.objects.filter(case=case).order_by("-recorded_at").first()
    if hearing is not None and hearing.hearing_on and pronounced_on < hearing.hearing_on:
        problems.append(_("La décision ne peut pas précéder la séance disciplinaire."))
    if DisciplinaryOutcome.objects.filter(case=case, party=party).exists():
        problems.append(_("Une décision est déjà enregistrée pour cette personne."))
    return problems


def sanction_record(
    *,
    actor: User,
    task: Task,
    party: Party,
    sanction: str,
    body_consulted_on: dt.date | None,
    pronounced_on: dt.date,
    grounds: str,
) -> Task:
    """Record the decision about one implicated person; refused with the reasons if unlawful."""

    def apply(case: Case) -> None:
        if party.case_id != case.pk or party.role != Party.Role.IMPLICATED:
            raise ValidationError(_("Choisissez une personne mise en cause dans ce dossier."))
        if not grounds.strip():
            raise ValidationError(_("Les motifs de la décision sont obligatoires."))
        problems = _problems(case, party, sanction, body_consulted_on, pronounced_on)
        if problems:
            raise ValidationError(problems)
        kind = SANCTION_KINDS[sanction]
        scale = scale_of_status(str(party.status))
        assert scale is not None  # noqa: S101 — ``_problems`` refused a person without a scale
        outcome = DisciplinaryOutcome(
            key_id=case.key_id,
            case=case,
            party=party,
            scale=scale,
            sanction=sanction,
            group=kind.group,
            body_consulted_on=body_consulted_on,
            pronounced_on=pronounced_on,
            appeal_until=legal.add_months(pronounced_on, APPEAL_MONTHS),
            grounds=grounds,
            recorded_by=actor,
        )
        outcome.save(force_insert=True)
        audit_record(
            actor=actor,
            action="case.sanction_recorded",
            target=case,
            entity_id=case.entity_id,
            details={"outcome": str(outcome.pk), "party": str(party.pk), "sanction": sanction},
        )

    return engine.task_complete(actor=actor, task=task, apply=apply)


STEP = Step(
    form=SanctionForm,
    run=lambda u, t, d: sanction_record(actor=u, task=t, **d),
    outcomes=OUTCOMES,
    form_kwargs=sanction_form_kwargs,
)
