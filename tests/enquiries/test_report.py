"""The report: refused while incomplete (every reason at once), stale edits refused,
the case's other path closed while an enquiry runs, deadlines, reminders and letters."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from cases.models import AuditEvent, CaseDeadline, Party
from cases.services.cases import StaleEdit
from enquiries.letters import letter_context
from enquiries.models import Enquiry, EnquiryReport, LetterDue
from enquiries.services import letter_due_produced, report_save, report_submit
from tests.enquiries.conftest import TODAY, plan
from tests.people import login
from tests.workflows.journey import act, open_steps
from workflows.schedule import deadlines_sweep


def _save(enquiry, actor, version=0, **kw):
    data = {
        "facts_established": "Établi.",
        "facts_not_established": "",
        "analysis": {"harcelement-sexuel": "Analyse."},
        "recommendations": ["no_further_action"],
        "recommendations_detail": "",
    }
    data.update(kw)
    return report_save(actor=actor, enquiry=enquiry, expected_version=version, **data)


@pytest.mark.django_db
def test_an_incomplete_report_is_refused_with_every_reason_and_the_case_waits(
    enquiry, commission, alice
):
    plan(enquiry, alice, enquiry.case.parties.get(role=Party.Role.VICTIM))
    _save(
        enquiry,
        alice,
        facts_established="",
        analysis={},
        recommendations=["no_further_action", "disciplinary", "prevention"],
    )
    with pytest.raises(ValidationError) as refused:
        report_submit(actor=alice, enquiry=enquiry, expected_version=1)
    messages = " ".join(refused.value.messages)
    for expected in (
        "faits établis",
        "Analyse manquante",
        "Pas de suite",
        "prévention",
        "entretiens prévus",
    ):
        assert expected in messages, expected
    assert open_steps(enquiry.case) == ["enquiry"]
    assert EnquiryReport.objects.get(enquiry=enquiry).status == EnquiryReport.Status.DRAFT
    assert Enquiry.objects.get(pk=enquiry.pk).status == Enquiry.Status.IN_PROGRESS
    assert enquiry.members.filter(ended_at__isnull=True).count() == 2


@pytest.mark.django_db
def test_two_investigators_editing_the_report_at_once_overwrite_nothing(
    enquiry, commission, alice, bruno
):
    _save(enquiry, alice, facts_established="Alice.")
    with pytest.raises(StaleEdit):
        _save(enquiry, bruno, version=0, facts_established="Bruno.")
    with pytest.raises(StaleEdit):
        report_submit(actor=bruno, enquiry=enquiry, expected_version=0)
    assert EnquiryReport.objects.get(enquiry=enquiry).facts_established == "Alice."


@pytest.mark.django_db
def test_a_submitted_report_resumes_the_case_even_if_the_referent_released_the_step(
    enquiry, commission, alice, referent_a
):
    from tests.workflows.journey import open_task
    from workflows import engine

    engine.task_release(actor=referent_a, task=open_task(enquiry.case, "enquiry"))
    _save(enquiry, alice)
    report_submit(actor=alice, enquiry=enquiry, expected_version=1)
    assert open_steps(enquiry.case) == ["decision"]
    event = AuditEvent.objects.get(action="task.completed", details__step="enquiry")
    assert event.actor == alice and event.details["by"] == "enquiry_report"


@pytest.mark.django_db
def test_while_an_enquiry_runs_the_step_cannot_be_closed_with_a_summary(enquiry, referent_a):
    response = act(
        referent_a, enquiry.case, "enquiry", {"summary": "Rapport reçu."}, expect_ok=False
    )
    assert response.status_code == 200
    assert "enquête interne est en cours" in response.content.decode()
    assert open_steps(enquiry.case) == ["enquiry"]


@pytest.mark.django_db
def test_the_report_stays_hidden_from_the_pilot_until_it_is_submitted(
    enquiry, commission, alice, referent_a
):
    _save(enquiry, alice, facts_established="Brouillon confidentiel.")
    client = login(Client(), referent_a)
    url = reverse("enquiry-report", kwargs={"enquiry_id": enquiry.pk})
    assert client.get(url).status_code == 404
    report_submit(actor=alice, enquiry=enquiry, expected_version=1)
    page = client.get(url)
    assert page.status_code == 200 and "Brouillon confidentiel." in page.content.decode()
    case_page = client.get(reverse("case-detail", kwargs={"case_id": enquiry.case.pk}))
    assert url in case_page.content.decode()
    # Submitted means final: the commission's access is gone with its mission.
    with pytest.raises(PermissionDenied):
        _save(enquiry, alice, version=1)


@pytest.mark.django_db
def test_the_enquiry_deadline_follows_the_setting_and_reminds_the_commission(
    waiting_case, referent_a, alice, bruno, settings, django_capture_on_commit_callbacks
):
    from tests.enquiries.conftest import appoint, open_enquiry

    settings.RECUEIL_ENQUIRY_WEEKS = 6
    enquiry = open_enquiry(waiting_case, referent_a)
    assert enquiry.due_on == TODAY + dt.timedelta(weeks=6)
    appoint(enquiry, referent_a, alice, bruno)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # mails leave once committed
        report = deadlines_sweep(today=enquiry.due_on - dt.timedelta(days=1))
    assert report.reminded >= 1
    recipients = {address for message in mail.outbox for address in message.to}
    assert {alice.email, bruno.email, referent_a.email} <= recipients
    for message in mail.outbox:
        assert waiting_case.reference not in message.body


@pytest.mark.django_db
def test_letters_are_recorded_per_step_with_only_their_kinds_data(
    enquiry, commission, alice, referent_a
):
    implicated = enquiry.case.parties.get(role=Party.Role.IMPLICATED)
    interview = plan(enquiry, alice, implicated)
    summons = LetterDue.objects.get(interview=interview, kind="interview_summons")
    context = letter_context(summons)
    assert context["right_to_remain_silent"] is True
    assert context["recipient_name"] == "Max Durand"
    assert context["interview_place"] == "Salle du conseil, bâtiment B"
    assert "minutes_text" not in context and "facts_categories" not in context
    opening = LetterDue.objects.get(enquiry=enquiry, kind="enquiry_opening")
    assert letter_context(opening)["report_due_date"] == enquiry.due_on
    letter_due_produced(actor=referent_a, due=opening, letter_ref="letter-42")
    letter_due_produced(actor=referent_a, due=opening, letter_ref="letter-42")  # idempotent
    with pytest.raises(ValidationError):
        letter_due_produced(actor=referent_a, due=opening, letter_ref="letter-43")
    assert AuditEvent.objects.filter(action="enquiry.letter_produced").count() == 1
    assert CaseDeadline.objects.filter(case=enquiry.case, rule="enquiry").exists()
