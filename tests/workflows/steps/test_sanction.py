"""The sanction step: the decision pronounced against each implicated person, on the scale
of the text that applies to their status, with the body consulted when the law requires it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import AuditEvent, Category, DisciplinaryOutcome, Party, Role
from cases.services.cases import party_add
from tests.people import login, staff
from tests.workflows.conftest import intake
from tests.workflows.journey import act, open_steps, open_task
from workflows.deadlines import add_months

TODAY = timezone.localdate()
pytestmark = pytest.mark.django_db


def _at_sanction(listener, referent, legal, director, school, status: str) -> Party:
    """A case through enquiry, decision and hearing, waiting for the sanction."""
    case = intake(listener, school).case
    act(referent, case, "acknowledge", {"sent_on": TODAY.isoformat(), "means": "letter"})
    party = party_add(
        actor=referent,
        case=case,
        role=Party.Role.IMPLICATED,
        status=status,
        identity={"first_name": "Max", "last_name": "Durand"},
    )
    act(
        referent,
        case,
        "triage",
        {
            "no_conflict_confirmed": "on",
            "categories": [Category.objects.get(code="harcelement-sexuel").pk],
            "outcomes": ["enquiry"],
            "reasoning": "Faits précis.",
        },
    )
    act(referent, case, "enquiry", {"summary": "Faits établis."})
    act(director, case, "decision", {"outcomes": ["disciplinary"], "reasoning": "Graves."})
    act(
        legal,
        case,
        "disciplinary",
        {
            "summons_sent_on": (TODAY - dt.timedelta(days=20)).isoformat(),
            "file_open_from": (TODAY - dt.timedelta(days=12)).isoformat(),
            "hearing_on": TODAY.isoformat(),
            "silence_notice": "on",
            "counsel_notice": "on",
        },
    )
    assert open_steps(case) == ["sanction"]
    return party


def _sanction(party: Party, code: str, consulted: dt.date | None = None) -> dict[str, str]:
    return {
        "party": str(party.pk),
        "sanction": code,
        "body_consulted_on": consulted.isoformat() if consulted else "",
        "pronounced_on": TODAY.isoformat(),
        "grounds": "Propos sexistes répétés envers une collègue.",
    }


def test_a_civil_servant_is_not_demoted_before_the_conseil_de_discipline_is_consulted(
    listener_a, referent_a, legal_a, director_a, school_a
):
    party = _at_sanction(
        listener_a, referent_a, legal_a, director_a, school_a, Party.Status.STAFF_CIVIL
    )
    refused = act(legal_a, party.case, "sanction", _sanction(party, "cs_demotion"), expect_ok=False)
    assert "L. 532-5" in refused.content.decode()
    assert not DisciplinaryOutcome.objects.exists()
    assert open_steps(party.case) == ["sanction"]

    act(legal_a, party.case, "sanction", _sanction(party, "cs_demotion", TODAY))
    outcome = DisciplinaryOutcome.objects.get(party=party)
    assert (outcome.scale, outcome.group) == ("civil_servant", 3)
    assert outcome.appeal_until == add_months(TODAY, 2)
    assert outcome.grounds == "Propos sexistes répétés envers une collègue."
    assert open_steps(party.case) == ["feedback"]
    audit = AuditEvent.objects.get(action="case.sanction_recorded")
    assert audit.details == {
        "outcome": str(outcome.pk),
        "party": str(party.pk),
        "sanction": "cs_demotion",
    }


def test_a_civil_servant_is_warned_without_the_conseil_de_discipline(
    listener_a, referent_a, legal_a, director_a, school_a
):
    party = _at_sanction(
        listener_a, referent_a, legal_a, director_a, school_a, Party.Status.STAFF_CIVIL
    )
    act(legal_a, party.case, "sanction", _sanction(party, "cs_warning"))
    assert DisciplinaryOutcome.objects.get(party=party).group == 1


def test_a_contract_agent_cannot_receive_a_sanction_of_the_civil_servants_scale(
    listener_a, referent_a, legal_a, director_a, school_a
):
    party = _at_sanction(
        listener_a, referent_a, legal_a, director_a, school_a, Party.Status.STAFF_CONTRACT
    )
    refused = act(
        legal_a, party.case, "sanction", _sanction(party, "cs_demotion", TODAY), expect_ok=False
    )
    assert "décret n° 86-83" in refused.content.decode()
    assert not DisciplinaryOutcome.objects.exists()
    act(legal_a, party.case, "sanction", _sanction(party, "ct_dismissal", TODAY))
    assert DisciplinaryOutcome.objects.get(party=party).scale == "contract"


def test_a_student_sanction_needs_the_disciplinary_section_and_cannot_be_dated_in_the_future(
    listener_a, referent_a, legal_a, director_a, school_a
):
    party = _at_sanction(
        listener_a, referent_a, legal_a, director_a, school_a, Party.Status.STUDENT
    )
    no_body = act(legal_a, party.case, "sanction", _sanction(party, "st_blame"), expect_ok=False)
    assert "instance disciplinaire" in no_body.content.decode()
    future = _sanction(party, "st_blame", TODAY)
    future["pronounced_on"] = (TODAY + dt.timedelta(days=1)).isoformat()
    refused = act(legal_a, party.case, "sanction", future, expect_ok=False)
    assert "dans le futur" in refused.content.decode()
    assert not DisciplinaryOutcome.objects.exists()


@pytest.mark.parametrize("who", ["listener", "investigator", "referent", "director", "legal_b"])
def test_the_sanction_page_is_refused_to_people_without_the_step(
    who, listener_a, referent_a, legal_a, director_a, school_a, school_b
):
    party = _at_sanction(
        listener_a, referent_a, legal_a, director_a, school_a, Party.Status.STUDENT
    )
    task = open_task(party.case, "sanction")
    person = staff(Role.LEGAL, school_b) if who == "legal_b" else staff(who, school_a)
    client = login(Client(), person)
    assert client.get(reverse("task", kwargs={"task_id": task.pk})).status_code == 404
    posted = client.post(reverse("task", kwargs={"task_id": task.pk}), _sanction(party, "none"))
    assert posted.status_code == 404
    assert not DisciplinaryOutcome.objects.exists()


# --- Staff notice periods: each status its own text ------------------------------------------


def _hearing(summons_days_before: int, file_days_before: int) -> dict[str, str]:
    return {
        "summons_sent_on": (TODAY - dt.timedelta(days=summons_days_before)).isoformat(),
        "file_open_from": (TODAY - dt.timedelta(days=file_days_before)).isoformat(),
        "hearing_on": TODAY.isoformat(),
        "silence_notice": "on",
        "counsel_notice": "on",
    }


def _at_hearing(listener, referent, director, school, status: str):
    case = intake(listener, school).case
    act(referent, case, "acknowledge", {"sent_on": TODAY.isoformat(), "means": "letter"})
    party_add(
        actor=referent,
        case=case,
        role=Party.Role.IMPLICATED,
        status=status,
        identity={"first_name": "Max", "last_name": "Durand"},
    )
    act(
        referent,
        case,
        "triage",
        {
            "no_conflict_confirmed": "on",
            "categories": [Category.objects.get(code="harcelement-sexuel").pk],
            "outcomes": ["enquiry"],
            "reasoning": "Faits précis.",
        },
    )
    act(referent, case, "enquiry", {"summary": "Faits établis."})
    act(director, case, "decision", {"outcomes": ["disciplinary"], "reasoning": "Graves."})
    return case


def test_a_civil_servant_is_summoned_15_days_before_the_conseil_de_discipline_by_decree_84_961(
    listener_a, referent_a, legal_a, director_a, school_a
):
    case = _at_hearing(listener_a, referent_a, director_a, school_a, Party.Status.STAFF_CIVIL)
    # 12 days: enough for nothing; the students' 10-day file rule is not the civil servant's.
    refused = act(legal_a, case, "disciplinary", _hearing(12, 12), expect_ok=False)
    text = refused.content.decode()
    assert "84-961" in text and "R. 811-31" not in text
    assert open_steps(case) == ["disciplinary"]
    # 15 days, the file open two days before: the civil servant's own rules are met.
    act(legal_a, case, "disciplinary", _hearing(15, 2))
    assert open_steps(case) == ["sanction"]


def test_a_civil_servants_file_must_be_consultable_before_the_sitting(
    listener_a, referent_a, legal_a, director_a, school_a
):
    case = _at_hearing(listener_a, referent_a, director_a, school_a, Party.Status.STAFF_CIVIL)
    refused = act(legal_a, case, "disciplinary", _hearing(20, 0), expect_ok=False)
    assert "L532-4" in refused.content.decode()
    assert open_steps(case) == ["disciplinary"]


def test_a_contract_agent_is_informed_of_their_rights_15_days_before_by_decree_86_83(
    listener_a, referent_a, legal_a, director_a, school_a
):
    case = _at_hearing(listener_a, referent_a, director_a, school_a, Party.Status.STAFF_CONTRACT)
    refused = act(legal_a, case, "disciplinary", _hearing(14, 14), expect_ok=False)
    text = refused.content.decode()
    assert "86-83" in text and "84-961" not in text and "R. 811-31" not in text
    act(legal_a, case, "disciplinary", _hearing(15, 1))
    assert open_steps(case) == ["sanction"]


def test_a_student_keeps_the_code_de_l_education_notice_periods(
    listener_a, referent_a, legal_a, director_a, school_a
):
    case = _at_hearing(listener_a, referent_a, director_a, school_a, Party.Status.STUDENT)
    refused = act(legal_a, case, "disciplinary", _hearing(15, 2), expect_ok=False)
    text = refused.content.decode()
    assert "R. 811-31" in text and "84-961" not in text
    act(legal_a, case, "disciplinary", _hearing(15, 10))
    assert open_steps(case) == ["sanction"]


def test_a_student_hearing_cannot_be_engaged_without_its_date(
    listener_a, referent_a, legal_a, director_a, school_a
):
    # Only the staff track may leave the sitting out (first-group sanctions).
    case = _at_hearing(listener_a, referent_a, director_a, school_a, Party.Status.STUDENT)
    refused = act(
        legal_a, case, "disciplinary", {**_hearing(20, 12), "hearing_on": ""}, expect_ok=False
    )
    assert "Indiquez la date de la séance" in refused.content.decode()
    assert open_steps(case) == ["disciplinary"]
