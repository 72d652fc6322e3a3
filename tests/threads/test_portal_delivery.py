"""Acknowledgement and feedback of a portal report given through the portal meet the clocks."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import Acknowledgement, Case, CaseDeadline, Category, Feedback
from tests.people import login
from tests.workflows.conftest import intake
from tests.workflows.journey import act, open_task
from threads.models import ReporterMessage
from threads.services import thread_messages_for_reporter, thread_open

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _anonymous_case(listener, school) -> Case:
    contact = intake(
        listener,
        school,
        consent=False,
        legal_basis="anonymous_report",
        channel="anonymous",
        anonymous=True,
        identity={},
    )
    assert contact.case is not None
    return contact.case


def _met(case: Case) -> dict[str, object]:
    return dict(CaseDeadline.objects.filter(case=case).values_list("rule", "met_on"))


def test_the_acknowledgement_given_through_the_portal_reaches_the_person_and_meets_the_clock(
    listener_a, referent_a, school_a
):
    case = _anonymous_case(listener_a, school_a)
    thread = thread_open(case=case)
    act(
        referent_a,
        case,
        "acknowledge",
        {
            "sent_on": TODAY.isoformat(),
            "means": "portal",
            "portal_text": "Nous accusons réception de votre signalement.",
        },
    )
    ack = Acknowledgement.objects.get(case=case)
    assert (ack.means, ack.sent_on) == ("portal", TODAY)
    assert _met(case)["acknowledgement"] == TODAY
    seen = thread_messages_for_reporter(thread=thread)
    assert [(m.kind, m.body) for m in seen] == [
        ("acknowledgement", "Nous accusons réception de votre signalement.")
    ]
    assert seen[0].author == referent_a


def test_the_portal_is_the_default_means_when_no_address_is_known(listener_a, referent_a, school_a):
    case = _anonymous_case(listener_a, school_a)
    thread_open(case=case)
    client = login(Client(), referent_a)
    task = open_task(case, "acknowledge")
    client.post(reverse("task-claim", kwargs={"task_id": task.pk}))
    form = client.get(reverse("task", kwargs={"task_id": task.pk})).context["form"]
    assert form.initial["means"] == "portal"
    assert "réception" in form.fields["portal_text"].initial


def test_without_a_conversation_the_portal_means_is_not_offered(listener_a, referent_a, school_a):
    case = _anonymous_case(listener_a, school_a)
    response = act(
        referent_a,
        case,
        "acknowledge",
        {"sent_on": TODAY.isoformat(), "means": "portal", "portal_text": "x"},
        expect_ok=False,
    )
    assert response.status_code == 200
    assert "means" in response.context["form"].errors
    assert not Acknowledgement.objects.filter(case=case).exists()
    assert _met(case)["acknowledgement"] is None


def test_an_empty_portal_text_is_refused_and_nothing_is_sent(listener_a, referent_a, school_a):
    case = _anonymous_case(listener_a, school_a)
    thread_open(case=case)
    response = act(
        referent_a,
        case,
        "acknowledge",
        {"sent_on": TODAY.isoformat(), "means": "portal", "portal_text": "  "},
        expect_ok=False,
    )
    assert "portal_text" in response.context["form"].errors
    assert not ReporterMessage.objects.exists()


def test_final_feedback_through_the_portal_meets_the_three_month_clock(
    listener_a, referent_a, school_a
):
    case = _anonymous_case(listener_a, school_a)
    thread = thread_open(case=case)
    act(
        referent_a,
        case,
        "acknowledge",
        {"sent_on": TODAY.isoformat(), "means": "portal", "portal_text": "Reçu."},
    )
    act(
        referent_a,
        case,
        "triage",
        {
            "no_conflict_confirmed": "on",
            "categories": [c.pk for c in Category.objects.filter(code="harcelement-sexuel")],
            "outcomes": ["close"],
            "reasoning": "Orientation.",
        },
    )
    act(
        referent_a,
        case,
        "feedback",
        {"sent_on": TODAY.isoformat(), "means": "portal", "summary": "Des mesures ont été prises."},
    )
    assert _met(case)["feedback"] == TODAY
    feedback = Feedback.objects.get(case=case)
    assert (feedback.means, feedback.interim) == ("portal", False)
    kinds = [m.kind for m in thread_messages_for_reporter(thread=thread)]
    assert kinds == ["acknowledgement", "feedback"]


def test_interim_feedback_through_the_portal_from_the_case_page_meets_the_clock(
    listener_a, referent_a, school_a
):
    case = _anonymous_case(listener_a, school_a)
    thread = thread_open(case=case)
    act(referent_a, case, "acknowledge", {"sent_on": TODAY.isoformat(), "means": "email"})
    client = login(Client(), referent_a)
    url = reverse("feedback-interim", kwargs={"case_id": case.pk})
    assert client.get(url).context["form"].initial.get("means") == "portal"
    response = client.post(
        url,
        {"sent_on": TODAY.isoformat(), "means": "portal", "summary": "L'enquête est en cours."},
    )
    assert response.status_code == 302
    assert _met(case)["feedback"] == TODAY
    assert Feedback.objects.get(case=case).interim
    body = [m.body for m in thread_messages_for_reporter(thread=thread)]
    assert body == ["L'enquête est en cours."]
