"""The history page filters its journal by person, kind of action and dates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.services.cases import note_add
from tests.builders import case_for
from tests.people import Role, login, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_a(referent_a, school_a):
    case = case_for(referent_a, school_a)
    note_add(actor=referent_a, case=case, body="Une note.")
    return case


def _history(client, case, **params) -> str:
    response = client.get(reverse("case-history", kwargs={"case_id": case.pk}), params)
    assert response.status_code == 200
    return response.content.decode()


def _rows(page: str) -> int:
    return page.count("<tr><td>") - page.count("<tr><td colspan")


def test_the_journal_filters_by_kind_of_action(client, referent_a, case_a):
    login(client, referent_a)
    everything = _history(client, case_a)
    notes = _history(client, case_a, kind="case.note_added")
    assert "Ajout d&#x27;une note" in notes
    assert "Création du dossier" not in notes.split("Journal")[1].split("</table>")[1]
    assert _rows(notes) < _rows(everything)


def test_the_journal_filters_by_person_and_by_dates(client, referent_a, school_a, case_a):
    login(client, referent_a)
    other = staff(Role.REFERENT, school_a)
    assert "choix valide" in _history(client, case_a, person=other.pk)
    granted = _history(client, case_a, kind="access.granted")
    assert "Accès donné" in granted
    assert "Aucune action ne correspond" in _history(
        client, case_a, person=referent_a.pk, kind="access.granted"
    )
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert "Aucune action ne correspond" in _history(client, case_a, since=tomorrow.isoformat())
    today = timezone.localdate().isoformat()
    assert "Aucune action ne correspond" not in _history(
        client, case_a, person=referent_a.pk, since=today, until=today
    )


def test_the_history_is_refused_to_a_referent_of_another_school(client, referent_b, case_a):
    login(client, referent_b)
    url = reverse("case-history", kwargs={"case_id": case_a.pk})
    assert client.get(url, {"kind": "case.read"}).status_code == 404
