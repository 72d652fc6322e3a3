"""The disciplinary step's staff track: a civil servant before the conseil de discipline is
held to décret n° 84-961 (file and defenders, art. 1; 15 days' summons, art. 4), not to the
students' code de l'éducation; and the direction keeps the case until the sanction."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cases.models import Category, DisciplinaryHearing, DisciplinaryOutcome, Party, Role
from cases.selectors.cases import user_can
from cases.services.cases import party_add
from tests.people import staff
from tests.workflows.conftest import intake
from tests.workflows.journey import act, open_steps

TODAY = timezone.localdate()
pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_case(listener_a, referent_a, school_a):
    director = staff(Role.DIRECTOR, school_a, username="director.a")
    case = intake(listener_a, school_a).case
    act(referent_a, case, "acknowledge", {"sent_on": TODAY.isoformat(), "means": "letter"})
    party_add(
        actor=referent_a,
        case=case,
        role=Party.Role.IMPLICATED,
        status=Party.Status.STAFF_CIVIL,
        identity={"first_name": "Marc", "last_name": "Petit"},
    )
    act(
        referent_a,
        case,
        "triage",
        {
            "no_conflict_confirmed": "on",
            "categories": [Category.objects.get(code="harcelement-sexuel").pk],
            "outcomes": ["enquiry"],
            "reasoning": "Faits précis.",
        },
    )
    act(referent_a, case, "enquiry", {"summary": "Faits établis."})
    act(director, case, "decision", {"outcomes": ["disciplinary"], "reasoning": "Graves."})
    case.director = director
    return case


def engage(legal, case, *, summoned_days_before: int, counsel: bool = True, expect_ok=True):
    data = {
        "summons_sent_on": (TODAY - dt.timedelta(days=summoned_days_before)).isoformat(),
        "file_open_from": (TODAY - dt.timedelta(days=3)).isoformat(),
        "hearing_on": TODAY.isoformat(),
        "silence_notice": "on",
    }
    if counsel:
        data["counsel_notice"] = "on"
    return act(legal, case, "disciplinary", data, expect_ok=expect_ok)


def errors(response) -> str:
    return " ".join(str(e) for e in response.context["form"].non_field_errors())


def test_a_civil_servant_summoned_15_days_before_the_conseil_with_the_file_3_days_before_is_heard(
    staff_case, school_a
):
    # Three days of file access would be refused for a student (R. 811-31, ten days); staff
    # have no such minimum in décret 84-961, only the 15 days' summons.
    legal = staff(Role.LEGAL, school_a, username="legal.a")
    engage(legal, staff_case, summoned_days_before=15)
    assert open_steps(staff_case) == ["sanction"]
    hearing = DisciplinaryHearing.objects.get(case=staff_case)
    assert hearing.track == DisciplinaryHearing.Track.STAFF_EMPLOYER


def test_a_civil_servant_summoned_14_days_before_the_conseil_is_refused_with_the_decree_cited(
    staff_case, school_a
):
    legal = staff(Role.LEGAL, school_a, username="legal.a")
    response = engage(legal, staff_case, summoned_days_before=14, expect_ok=False)
    assert "décret n° 84-961" in errors(response)
    assert "R. 811-31" not in errors(response)
    assert open_steps(staff_case) == ["disciplinary"]


def test_staff_without_the_notice_of_the_file_and_defenders_is_refused(staff_case, school_a):
    legal = staff(Role.LEGAL, school_a, username="legal.a")
    response = engage(legal, staff_case, summoned_days_before=20, counsel=False, expect_ok=False)
    assert "communication intégrale" in errors(response)
    assert open_steps(staff_case) == ["disciplinary"]


def test_the_director_keeps_the_staff_case_until_the_sanction_then_loses_it(staff_case, school_a):
    from cases.models import CasePermission

    legal = staff(Role.LEGAL, school_a, username="legal.a")
    director = staff_case.director
    assert user_can(director, staff_case, CasePermission.DECIDE)
    engage(legal, staff_case, summoned_days_before=20)
    assert user_can(director, staff_case, CasePermission.DECIDE)
    party = staff_case.parties.get(role=Party.Role.IMPLICATED)
    act(
        legal,
        staff_case,
        "sanction",
        {
            "party": party.pk,
            "sanction": "cs_warning",
            "pronounced_on": TODAY.isoformat(),
            "grounds": "Avertissement.",
        },
    )
    assert not user_can(director, staff_case, CasePermission.DECIDE)


def engage_without_sitting(legal, case, *, expect_ok=True):
    """The staff procedure engaged for a first-group sanction: no conseil de discipline date."""
    data = {
        "summons_sent_on": (TODAY - dt.timedelta(days=5)).isoformat(),
        "file_open_from": (TODAY - dt.timedelta(days=3)).isoformat(),
        "hearing_on": "",
        "silence_notice": "on",
        "counsel_notice": "on",
    }
    return act(legal, case, "disciplinary", data, expect_ok=expect_ok)


def _sanction(party, code: str, consulted: dt.date | None = None) -> dict[str, object]:
    return {
        "party": party.pk,
        "sanction": code,
        "body_consulted_on": consulted.isoformat() if consulted else "",
        "pronounced_on": TODAY.isoformat(),
        "grounds": "Propos sexistes répétés.",
    }


def test_a_civil_servant_is_blamed_without_any_conseil_de_discipline_date(staff_case, school_a):
    # Group 1 (CGFP L. 533-1): no conseil de discipline, so no sitting to date at any step.
    legal = staff(Role.LEGAL, school_a, username="legal.a")
    engage_without_sitting(legal, staff_case)
    hearing = DisciplinaryHearing.objects.get(case=staff_case)
    assert hearing.hearing_on is None
    assert hearing.counsel_notice and hearing.silence_notice
    assert open_steps(staff_case) == ["sanction"]
    party = staff_case.parties.get(role=Party.Role.IMPLICATED)
    act(legal, staff_case, "sanction", _sanction(party, "cs_blame"))
    outcome = DisciplinaryOutcome.objects.get(party=party)
    assert (outcome.group, outcome.body_consulted_on) == (1, None)


def test_a_group_2_sanction_without_the_conseil_date_is_still_refused(staff_case, school_a):
    legal = staff(Role.LEGAL, school_a, username="legal.a")
    engage_without_sitting(legal, staff_case)
    party = staff_case.parties.get(role=Party.Role.IMPLICATED)
    refused = act(
        legal, staff_case, "sanction", _sanction(party, "cs_exclusion_15d"), expect_ok=False
    )
    assert "L. 532-5" in refused.content.decode()
    assert not DisciplinaryOutcome.objects.exists()
    assert open_steps(staff_case) == ["sanction"]


def test_staff_without_a_sitting_still_need_the_notice_of_the_file_and_defenders(
    staff_case, school_a
):
    legal = staff(Role.LEGAL, school_a, username="legal.a")
    data = {
        "summons_sent_on": TODAY.isoformat(),
        "file_open_from": TODAY.isoformat(),
        "hearing_on": "",
        "silence_notice": "on",
    }
    response = act(legal, staff_case, "disciplinary", data, expect_ok=False)
    assert "communication intégrale" in errors(response)
    assert not DisciplinaryHearing.objects.exists()
