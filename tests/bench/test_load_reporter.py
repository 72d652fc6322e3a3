"""The load run's reporting person sends well-formed requests: CSRF checked, as a server does."""

from __future__ import annotations

import pytest
from django.test import Client

from bench.load import reporting
from cases.models import Case
from threads.models import ReporterMessage

pytestmark = pytest.mark.django_db


def _reporter() -> Client:
    return Client(enforce_csrf_checks=True)


def _report(client: Client) -> str:
    code = reporting.entity_codes(client.get("/signaler/").content.decode())[0]
    assert client.get(f"/signaler/{code}/").status_code == 200
    form = client.get(f"/signaler/{code}/signalement/").content.decode()
    review = client.post(f"/signaler/{code}/signalement/", reporting.report_data(form))
    assert review.status_code == 200
    sent = client.post(f"/signaler/{code}/verifier/", reporting.send_data(review.content.decode()))
    assert sent.status_code == 200
    return reporting.receipt_code(sent.content.decode())


def test_the_load_reporter_reports_through_form_review_and_sending_and_gets_a_code(school_a):
    before = Case.objects.count()
    code = _report(_reporter())
    assert len(code) == 20
    assert Case.objects.count() == before + 1


def test_the_load_reporter_comes_back_with_the_code_and_answers(school_a):
    code = _report(_reporter())
    later = _reporter()  # another visit: a new session, only the code
    login = later.get("/suivi/").content.decode()
    assert later.post("/suivi/", reporting.code_data(login, code)).status_code == 302
    page = later.get("/suivi/echanges/")
    assert page.status_code == 200
    answered = later.post("/suivi/echanges/", reporting.answer_data(page.content.decode()))
    assert answered.status_code == 302
    assert ReporterMessage.objects.count() == 1


def test_a_page_without_what_the_reporter_needs_is_an_error_not_a_bad_post():
    with pytest.raises(ValueError, match="CSRF"):
        reporting.answer_data("<p>Connexion</p>")
    with pytest.raises(ValueError, match="receipt code"):
        reporting.receipt_code("<p>Trop de signalements</p>")
