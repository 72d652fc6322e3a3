"""Before claiming, an eligible referent sees who is named (names only) to check for conflicts."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cases.models import AuditEvent, Role
from tests.people import login, staff
from tests.workflows.conftest import intake
from tests.workflows.journey import open_task

pytestmark = pytest.mark.django_db

NARRATIVE = "Des messages insistants depuis la rentrée."


def test_an_eligible_referent_sees_the_names_but_not_the_narrative_before_claiming(
    listener_a, referent_a, school_a
):
    case = intake(listener_a, school_a, narrative=NARRATIVE).case
    task = open_task(case, "acknowledge")
    page = login(Client(), referent_a).get(reverse("task", kwargs={"task_id": task.pk}))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Léa Martin" in html.replace("</strong>", "").replace("<strong>", "")
    assert NARRATIVE not in html
    assert AuditEvent.objects.filter(
        action="case.read", object_id=str(case.pk), details__what="names_before_claim"
    ).exists()


@pytest.mark.parametrize("who", ["listener", "investigator", "referent_b"])
def test_nobody_without_the_step_role_sees_the_names(who, listener_a, school_a, school_b):
    case = intake(listener_a, school_a).case
    task = open_task(case, "acknowledge")
    person = staff(Role.REFERENT, school_b) if who == "referent_b" else staff(who, school_a)
    page = login(Client(), person).get(reverse("task", kwargs={"task_id": task.pk}))
    assert page.status_code == 404
    assert "Léa" not in page.content.decode()
