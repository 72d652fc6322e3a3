"""Protective measures: recorded, reviewed and lifted by the case's referent, beside the flow.

A closed case takes no new measure (``cases.services.closed``); a measure still in force
can be lifted all the same: ending a restriction on a person never waits for a reopening,
and the review reminders go on until it is lifted (``schedule.deadlines_sweep``).
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.core.audit.services import audit_record
from cases.models import Case, CasePermission, MeasureKind, ProtectiveMeasure, User
from cases.selectors.cases import user_can
from cases.services.closed import case_require_open
from workflows.steps.common import DateInput


class MeasureForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Mesure"),
        choices=[("", gettext_lazy("— Choisir —")), *MeasureKind.choices],
    )
    description = forms.CharField(
        label=gettext_lazy("Précisions (obligatoires pour « Autre mesure »)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    beneficiary = forms.CharField(label=gettext_lazy("Au bénéfice de"), max_length=200)
    decided_by_name = forms.CharField(label=gettext_lazy("Décidée par"), max_length=200)
    decided_on = forms.DateField(
        label=gettext_lazy("Décidée le"), widget=DateInput(), initial=timezone.localdate
    )
    review_on = forms.DateField(label=gettext_lazy("À réexaminer le"), widget=DateInput())


class MeasureLiftForm(forms.Form):
    lifted_on = forms.DateField(
        label=gettext_lazy("Levée le"), widget=DateInput(), initial=timezone.localdate
    )
    reason = forms.CharField(label=gettext_lazy("Motif"), widget=forms.Textarea(attrs={"rows": 3}))
    informed_on = forms.DateField(
        label=gettext_lazy("Personne informée le"), widget=DateInput(), required=False
    )


def measure_add(
    *,
    actor: User,
    case: Case,
    description: str,
    beneficiary: str,
    kind: str = MeasureKind.OTHER,
    decided_by_name: str,
    decided_on: dt.date,
    review_on: dt.date,
) -> ProtectiveMeasure:
    if not user_can(actor, case, CasePermission.TRIAGE):
        raise ValidationError(_("Seul·e le·la référent·e du dossier peut enregistrer une mesure."))
    if kind not in MeasureKind.values:
        raise ValidationError(_("Type de mesure inconnu."))
    if (kind == MeasureKind.OTHER and not description.strip()) or not decided_by_name.strip():
        raise ValidationError(_("Décrivez la mesure et indiquez qui l'a décidée."))
    if review_on <= decided_on:
        raise ValidationError(_("La date de réexamen doit suivre la date de décision."))
    with transaction.atomic(durable=True):  # a page's whole action, never nested
        case_require_open(case)
        measure = ProtectiveMeasure(
            key_id=case.key_id,
            case=case,
            kind=kind,
            description=description,
            beneficiary=beneficiary,
            decided_by_name=decided_by_name,
            decided_on=decided_on,
            review_on=review_on,
            recorded_by=actor,
            lift_reason="",
        )
        measure.save(force_insert=True)
        audit_record(
            actor=actor,
            action="measure.added",
            target=case,
            entity_id=case.entity_id,
            details={"measure": str(measure.pk), "kind": kind},
        )
    return measure


def measure_lift(
    *,
    actor: User,
    measure: ProtectiveMeasure,
    lifted_on: dt.date,
    reason: str,
    informed_on: dt.date | None,
) -> None:
    if not user_can(actor, measure.case, CasePermission.TRIAGE):
        raise ValidationError(_("Seul·e le·la référent·e du dossier peut lever une mesure."))
    if not reason.strip():
        raise ValidationError(_("Le motif de la levée est obligatoire."))
    with transaction.atomic(durable=True):  # a page's whole action, never nested
        measure.lifted_on, measure.lift_reason = lifted_on, reason
        measure.reporting_person_informed_on = informed_on
        measure.save(update_fields=["lifted_on", "lift_reason", "reporting_person_informed_on"])
        audit_record(
            actor=actor,
            action="measure.lifted",
            target=measure.case,
            entity_id=measure.case.entity_id,
            details={"measure": str(measure.pk)},
        )
