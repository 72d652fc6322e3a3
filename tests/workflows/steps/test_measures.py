"""Protective measures are chosen among the usual kinds (a code); "other" needs a text."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.core.audit.models import AuditEvent
from cases.models import ProtectiveMeasure
from tests.builders import case_for
from workflows.steps.measures import MeasureForm, measure_add

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _add(referent, case, kind: str, description: str = ""):
    return measure_add(
        actor=referent,
        case=case,
        kind=kind,
        description=description,
        beneficiary="La personne ayant signalé",
        decided_by_name="La directrice",
        decided_on=TODAY,
        review_on=TODAY + dt.timedelta(days=30),
    )


def test_a_usual_measure_is_stored_as_its_code_and_audited_by_code(referent_a, school_a):
    case = case_for(referent_a, school_a)
    measure = _add(referent_a, case, "no_contact")
    assert ProtectiveMeasure.objects.get(pk=measure.pk).kind == "no_contact"
    event = AuditEvent.objects.filter(action="measure.added").get()
    assert event.details["kind"] == "no_contact"


def test_other_needs_a_description_and_an_unknown_kind_is_refused(referent_a, school_a):
    case = case_for(referent_a, school_a)
    with pytest.raises(ValidationError):
        _add(referent_a, case, "other")
    with pytest.raises(ValidationError):
        _add(referent_a, case, "banishment", "x")
    assert not ProtectiveMeasure.objects.exists()
    assert _add(referent_a, case, "other", "Accompagnement aux cours").kind == "other"


def test_the_form_offers_the_usual_kinds_with_no_preselected_answer():
    field = MeasureForm().fields["kind"]
    assert isinstance(field, forms.ChoiceField)
    choices = [value for value, _ in field.choices]
    assert choices[0] == ""
    assert {
        "group_change",
        "schedule",
        "housing",
        "exam",
        "no_contact",
        "suspension",
        "other",
    } <= set(choices)
