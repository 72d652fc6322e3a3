"""Letters take the implicated person from the case's persons, as the referent recorded them."""

from __future__ import annotations

import pytest

from cases.services.persons import PersonData, person_add
from cases.services.support import support_defaults_ensure
from templates_legal.context import letter_context_build
from tests.builders import case_for
from tests.people import Role, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded_case(referent_a, school_a):
    case = case_for(referent_a, school_a, narrative="Des gestes imposés.")
    person_add(
        actor=referent_a,
        case=case,
        data=PersonData(
            role="reporting",
            status="student",
            identity={"first_name": "Alix", "last_name": "Signal", "email": "alix@example.invalid"},
        ),
    )
    person_add(
        actor=referent_a,
        case=case,
        data=PersonData(
            role="implicated",
            status="student",
            identity={
                "first_name": "Hugo",
                "last_name": "Bernard",
                "programme": "Cycle ingénieur",
                "year": "2e année",
                "address": "3 rue des Écoles, Évry",
            },
        ),
    )
    return case


def test_the_article40_letter_gives_the_implicated_persons_identity_status_and_programme(
    recorded_case, school_a
):
    values = letter_context_build(
        case=recorded_case, kind="article40_referral", actor=staff(Role.LEGAL, school_a)
    )
    identity = str(values["person_implicated_identity"])
    assert identity.startswith("Hugo Bernard, Élève, étudiant·e, apprenti·e")
    assert "Cycle ingénieur" in identity and "2e année" in identity
    assert "Alix Signal" in str(values["reporting_person_identity"])


def test_the_charge_letter_is_addressed_to_the_implicated_person_without_the_reporting_one(
    recorded_case, school_a
):
    values = letter_context_build(
        case=recorded_case, kind="disciplinary_summons", actor=staff(Role.LEGAL, school_a)
    )
    assert values["recipient_name"] == "Hugo Bernard"
    assert values["recipient_address"] == "3 rue des Écoles, Évry"
    assert not any("Alix" in str(v) or "alix@" in str(v) for v in values.values())


def test_the_support_services_are_one_a_line_each_number_given_once(referent_a, school_a):
    support_defaults_ensure(entity=school_a)
    case = case_for(referent_a, school_a, narrative="Des gestes imposés.")
    values = letter_context_build(case=case, kind="interim_feedback", actor=referent_a)
    lines = str(values["support_resources"]).splitlines()
    assert "3919 — Violences Femmes Info" in lines  # not "… — 3919" a second time
    assert "Fil santé jeunes — 0 800 235 236" in lines  # a name without its number
    assert "17 — Police secours (112 depuis un portable) — 17 / 112" in lines
