"""The interim-feedback letter and the staff charge letters, drafted from what the case records."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Feedback, Party
from templates_legal.letters.selectors import step_letter_code
from templates_legal.letters.services import letter_draft
from tests.people import login
from tests.templates_legal.letter_helpers import LEGAL_PERMISSIONS, grant, letter_case

pytestmark = pytest.mark.django_db
# The referent in charge of a case drafts its letters (workflows.flows.ROLE_GRANTS).
REFERENT = ["view_case", "change_case", "triage_case", "draft_letter"]


def _interim(case, referent, summary: str) -> None:
    Feedback(
        key_id=case.key_id,
        case=case,
        sent_on=timezone.localdate(),
        means="email",
        summary=summary,
        interim=True,
        recorded_by=referent,
    ).save(force_insert=True)


def test_the_interim_letter_starts_from_the_interim_information_recorded(referent_a, school_a):
    case = letter_case(referent_a, school_a)
    grant(case, referent_a, REFERENT)
    _interim(case, referent_a, "Deux témoins ont été entendus ; l'enquête se poursuit.")
    letter = letter_draft(actor=referent_a, case=case, kind="interim_feedback")
    assert letter.values["progress_summary"].startswith("Deux témoins")
    assert letter.values["recipient_name"] == "Alexandra Reporter"
    assert "Implicated" not in str(letter.values)  # nothing about the person implicated


def test_the_case_page_offers_the_interim_letter_once_an_interim_information_is_recorded(
    client, referent_a, school_a
):
    case = letter_case(referent_a, school_a)
    grant(case, referent_a, REFERENT)
    page = login(client, referent_a).get(reverse("case-detail", kwargs={"case_id": case.pk}))
    assert "?kind=interim_feedback" not in page.content.decode()
    _interim(case, referent_a, "Enquête en cours.")
    page = client.get(reverse("case-detail", kwargs={"case_id": case.pk}))
    assert "?kind=interim_feedback" in page.content.decode()


def test_the_disciplinary_step_calls_for_the_charge_letter_of_the_persons_status(
    referent_a, school_a
):
    case = letter_case(referent_a, school_a)  # the implicated person is a student
    assert step_letter_code(case, "disciplinary") == "disciplinary_summons"
    case.parties.filter(role=Party.Role.IMPLICATED).update(status=Party.Status.STAFF_CIVIL)
    assert step_letter_code(case, "disciplinary") == "staff_charge_civil"
    case.parties.filter(role=Party.Role.IMPLICATED).update(status=Party.Status.STAFF_CONTRACT)
    assert step_letter_code(case, "disciplinary") == "staff_charge_contract"
    assert step_letter_code(case, "feedback") == "follow_up_information"


def test_a_staff_charge_letter_names_the_body_and_never_the_reporting_person(
    referent_a, legal_a, school_a
):
    case = letter_case(referent_a, school_a)
    case.parties.filter(role=Party.Role.IMPLICATED).update(status=Party.Status.STAFF_CIVIL)
    grant(case, legal_a, LEGAL_PERMISSIONS)
    letter = letter_draft(actor=legal_a, case=case, kind="staff_charge_civil")
    assert "conseil de discipline" in letter.values["council_name"]
    assert letter.values["recipient_name"] == "Dominique Implicated"
    assert "Alexandra" not in str(letter.values)
    contract = letter_draft(actor=legal_a, case=case, kind="staff_charge_contract")
    assert "commission consultative paritaire" in contract.values["council_name"]
