"""The director decides on the commission's report: the decision page shows it, with the
file's persons; nobody else sees it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cases.models import Role
from enquiries.services import report_save, report_submit
from tests.people import login, staff
from tests.workflows.journey import open_task

pytestmark = pytest.mark.django_db


def _submitted(enquiry, alice) -> None:
    report_save(
        actor=alice,
        enquiry=enquiry,
        expected_version=0,
        facts_established="Messages répétés établis.",
        facts_not_established="Aucune menace établie.",
        analysis={"harcelement-sexuel": "Caractère sexuel et répété."},
        recommendations=["disciplinary"],
        recommendations_detail="Saisir la section disciplinaire.",
    )
    report_submit(actor=alice, enquiry=enquiry, expected_version=1)


def test_the_decision_page_shows_the_report_and_the_persons_to_the_director_who_took_it(
    enquiry, commission, alice, school_a
):
    _submitted(enquiry, alice)
    director = staff(Role.DIRECTOR, school_a, username="director.x")
    client = login(Client(), director)
    task = open_task(enquiry.case, "decision")
    client.post(reverse("task-claim", kwargs={"task_id": task.pk}))
    page = client.get(reverse("task", kwargs={"task_id": task.pk})).content.decode()
    for shown in (
        "Rapport de la commission d&#x27;enquête",
        "Messages répétés établis.",
        "Aucune menace établie.",
        "Caractère sexuel et répété.",
        "Engager une procédure disciplinaire",
        "Saisir la section disciplinaire.",
        "Max Durand",
        "Élève, étudiant·e, apprenti·e",
    ):
        assert shown in page, shown


@pytest.mark.parametrize("who", ["listener", "investigator", "legal", "referent_b"])
def test_the_report_on_the_decision_page_is_refused_to_people_without_the_decision(
    who, enquiry, commission, alice, school_a, school_b
):
    _submitted(enquiry, alice)
    task = open_task(enquiry.case, "decision")
    person = staff(Role.REFERENT, school_b) if who == "referent_b" else staff(who, school_a)
    response = login(Client(), person).get(reverse("task", kwargs={"task_id": task.pk}))
    assert response.status_code == 404
    assert "Messages répétés établis." not in response.content.decode()
