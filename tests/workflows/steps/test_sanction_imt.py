"""Students of an IMT school under décret n° 2012-279, art. 29 (RECUEIL_STUDENT_DISCIPLINE_REGIME)."""

from __future__ import annotations

import pytest
from django.test import override_settings

from cases.models import DisciplinaryOutcome, Party, scale_of_status
from tests.workflows.journey import act
from tests.workflows.steps.test_sanction import TODAY, _at_sanction, _sanction

pytestmark = pytest.mark.django_db


def test_by_default_students_follow_the_code_de_l_education_scale():
    assert scale_of_status(Party.Status.STUDENT) == "student"
    assert scale_of_status(Party.Status.STAFF_CIVIL) == "civil_servant"


@override_settings(RECUEIL_STUDENT_DISCIPLINE_REGIME="imt")
def test_an_imt_school_warns_a_student_without_the_conseil_and_records_the_imt_scale(
    listener_a, referent_a, legal_a, director_a, school_a
):
    party = _at_sanction(
        listener_a, referent_a, legal_a, director_a, school_a, Party.Status.STUDENT
    )

    act(legal_a, party.case, "sanction", _sanction(party, "imt_warning"))

    outcome = DisciplinaryOutcome.objects.get(party=party)
    assert (outcome.scale, outcome.sanction) == ("student_imt", "imt_warning")


@override_settings(RECUEIL_STUDENT_DISCIPLINE_REGIME="imt")
def test_an_imt_exclusion_needs_the_conseil_de_discipline_des_usagers(
    listener_a, referent_a, legal_a, director_a, school_a
):
    party = _at_sanction(
        listener_a, referent_a, legal_a, director_a, school_a, Party.Status.STUDENT
    )

    refused = act(
        legal_a, party.case, "sanction", _sanction(party, "imt_exclusion"), expect_ok=False
    )

    assert "conseil de discipline des usagers" in refused.content.decode()
    assert "décret n° 2012-279" in refused.content.decode()
    assert not DisciplinaryOutcome.objects.exists()
    act(legal_a, party.case, "sanction", _sanction(party, "imt_exclusion", TODAY))
    assert DisciplinaryOutcome.objects.get(party=party).sanction == "imt_exclusion"


@override_settings(RECUEIL_STUDENT_DISCIPLINE_REGIME="imt")
def test_an_imt_school_cannot_pronounce_the_code_de_l_education_exclusion_from_every_institution(
    listener_a, referent_a, legal_a, director_a, school_a
):
    party = _at_sanction(
        listener_a, referent_a, legal_a, director_a, school_a, Party.Status.STUDENT
    )

    refused = act(
        legal_a,
        party.case,
        "sanction",
        _sanction(party, "st_exclusion_all_final", TODAY),
        expect_ok=False,
    )

    assert refused.status_code == 200
    assert not DisciplinaryOutcome.objects.exists()
