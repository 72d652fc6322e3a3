"""Intake: direct reports, later hand-over of a kept listening record, urgency."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from viewflow.workflow.models import Task

from cases.core.audit.models import AuditEvent
from cases.models import (
    Case,
    Category,
    Contact,
    ContactFollowUp,
    Handover,
    Role,
    SupportResource,
)
from cases.services.support import support_defaults_ensure
from tests.people import login, staff
from tests.workflows.conftest import intake
from workflows.inbox import inbox_read
from workflows.status import OPEN_STATUSES
from workflows.steps.intake import (
    IntakeData,
    contact_follow_up_add,
    contact_handover,
    contact_log,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _data(**extra) -> IntakeData:
    return IntakeData(
        contacted_on=extra.pop("contacted_on", TODAY),
        channel="walk_in",
        contact_kind="victim",
        person_status="student",
        categories=list(Category.objects.filter(code="harcelement-sexuel")),
        narrative="Récit confidentiel reçu directement.",
        identity={"first_name": "Léa", "last_name": "Martin"},
        **extra,
    )


def _open_tasks(case: Case) -> list[tuple[str, int | None]]:
    return [
        (t.flow_task.name, t.owner_id)
        for t in Task.objects.filter(process__caseprocess__case=case, status__in=OPEN_STATUSES)
        if hasattr(t.flow_task, "role")
    ]


def test_a_referent_who_receives_a_report_logs_it_and_owns_its_acknowledgement(
    school_a, referent_a
):
    contact = contact_log(actor=referent_a, entity=school_a, data=_data(), direct=True)
    case = contact.case
    assert case is not None
    assert _open_tasks(case) == [("acknowledge", referent_a.pk)]
    handover = Handover.objects.get(case=case)
    assert handover.basis == "direct"
    event = AuditEvent.objects.filter(action="contact.logged").get()
    assert event.details["handover"] == "direct"


def test_a_legal_officer_logs_a_direct_report_into_the_referents_pool(school_a, legal_a):
    contact = contact_log(actor=legal_a, entity=school_a, data=_data(), direct=True)
    case = contact.case
    assert case is not None
    assert _open_tasks(case) == [("acknowledge", None)]
    assert Handover.objects.get(case=case).from_stage == Handover.Stage.LEGAL


@pytest.mark.parametrize("role", [Role.LISTENER, Role.INVESTIGATOR, Role.DIRECTOR])
def test_only_a_referent_or_legal_officer_may_log_a_direct_report(school_a, role):
    someone = staff(role, school_a)
    with pytest.raises(ValidationError):
        contact_log(actor=someone, entity=school_a, data=_data(), direct=True)
    assert not Case.objects.exists()


def test_a_referent_of_another_school_may_not_log_a_direct_report_here(school_a, referent_b):
    with pytest.raises(ValidationError):
        contact_log(actor=referent_b, entity=school_a, data=_data(), direct=True)


def test_a_kept_record_gets_a_follow_up_then_is_handed_over_with_consent(listener_a, school_a):
    contact = intake(listener_a, school_a, consent=False)
    assert contact.case is None
    contact_follow_up_add(
        actor=listener_a,
        contact=contact,
        followed_on=TODAY,
        channel="phone",
        note="Elle rappelle, d'accord pour transmettre.",
    )
    assert ContactFollowUp.objects.get().note == "Elle rappelle, d'accord pour transmettre."
    case = contact_handover(actor=listener_a, contact=contact, consent=True)
    contact.refresh_from_db()
    assert contact.case == case and contact.consent_to_handover
    assert Handover.objects.get(case=case).basis == "consent"
    assert _open_tasks(case) == [("acknowledge", None)]
    with pytest.raises(ValidationError):
        contact_handover(actor=listener_a, contact=contact, consent=True)
    assert Case.objects.count() == 1


def test_a_later_hand_over_needs_consent_or_a_legal_basis(listener_a, school_a):
    contact = intake(listener_a, school_a, consent=False)
    with pytest.raises(ValidationError):
        contact_handover(actor=listener_a, contact=contact, consent=False, legal_basis="")
    with pytest.raises(ValidationError):
        contact_handover(actor=listener_a, contact=contact, consent=False, legal_basis="direct")
    assert not Case.objects.exists()


def test_another_listener_may_not_add_to_or_hand_over_a_record(listener_a, school_a):
    contact = intake(listener_a, school_a, consent=False)
    colleague = staff(Role.LISTENER, school_a)
    with pytest.raises(ValidationError):
        contact_follow_up_add(
            actor=colleague, contact=contact, followed_on=TODAY, channel="phone", note="x"
        )
    with pytest.raises(ValidationError):
        contact_handover(actor=colleague, contact=contact, consent=True)


def test_a_follow_up_in_the_future_or_before_the_first_contact_is_refused(listener_a, school_a):
    contact = intake(listener_a, school_a, consent=False)
    for day in (TODAY + dt.timedelta(days=1), contact.contacted_on - dt.timedelta(days=1)):
        with pytest.raises(ValidationError):
            contact_follow_up_add(
                actor=listener_a, contact=contact, followed_on=day, channel="phone", note="x"
            )
    assert not ContactFollowUp.objects.exists()


def test_an_urgent_report_is_pinned_first_with_a_short_deadline_and_a_contentless_mail(
    listener_a, school_a, referent_a, director_a, django_capture_on_commit_callbacks
):
    plain = intake(listener_a, school_a).case
    with django_capture_on_commit_callbacks(execute=True):
        urgent = intake(listener_a, school_a, danger=True, narrative="Menaces de mort.").case
    found = inbox_read(referent_a, [(school_a.pk, Role.REFERENT)], today=TODAY)
    rows = found.claimable.rows
    assert [r.case_reference for r in rows] == [urgent.reference, plain.reference]
    assert rows[0].urgency == "danger" and rows[1].urgency == ""
    deadline = urgent.deadlines.get(rule="urgent_triage")
    assert deadline.due_on <= TODAY + dt.timedelta(days=1)
    assert rows[0].due_on == deadline.due_on
    recipients = {m.to[0] for m in mail.outbox}
    assert {referent_a.email, director_a.email} <= recipients
    assert listener_a.email not in recipients
    for message in mail.outbox:
        assert "Menaces" not in message.body and "Martin" not in message.body
        assert urgent.reference not in f"{message.subject} {message.body}"


def test_the_inbox_page_is_refused_nothing_but_shows_no_other_schools_urgent_report(
    listener_a, school_a, referent_b
):
    intake(listener_a, school_a, danger=True)
    page = login(Client(), referent_b).get(reverse("inbox"))
    assert page.status_code == 200
    assert "Danger grave" not in page.content.decode()


def test_the_direct_report_page_is_refused_to_investigators_and_directors(school_a):
    for role in (Role.INVESTIGATOR, Role.DIRECTOR, Role.STEERING):
        client = login(Client(), staff(role, school_a))
        assert client.get(reverse("intake")).status_code == 404


def test_a_referent_logs_a_direct_report_through_the_page(school_a, referent_a):
    client = login(Client(), referent_a)
    page = client.get(reverse("intake"))
    assert "Signalement reçu directement" in page.content.decode()
    assert "consent_to_handover" not in page.content.decode()
    response = client.post(
        reverse("intake"),
        {
            "contacted_on": TODAY.isoformat(),
            "channel": "walk_in",
            "contact_kind": "victim",
            "person_status": "student",
            "categories": [Category.objects.get(code="harcelement-sexuel").pk],
            "narrative": "Reçu à mon bureau.",
        },
    )
    assert response.status_code == 302
    assert Contact.objects.get().case is not None


def test_the_intake_form_requires_an_explicit_kind_and_status(listener_a):
    client = login(Client(), listener_a)
    response = client.post(
        reverse("intake"),
        {
            "contacted_on": TODAY.isoformat(),
            "channel": "phone",
            "categories": [Category.objects.get(code="harcelement-sexuel").pk],
            "narrative": "Récit.",
        },
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"contact_kind", "person_status"}
    assert not Contact.objects.exists()


def test_record_pages_are_refused_to_anyone_but_the_listener_who_logged_it(
    listener_a, school_a, school_b, referent_a
):
    contact = intake(listener_a, school_a, consent=False)
    others = [
        staff(Role.LISTENER, school_a),
        staff(Role.LISTENER, school_b),
        referent_a,
        staff(Role.INVESTIGATOR, school_a),
    ]
    for other in others:
        client = login(Client(), other)
        assert client.get(reverse("contact-detail", args=[contact.pk])).status_code == 404
        follow = reverse("contact-follow-up", args=[contact.pk])
        data = {"followed_on": TODAY.isoformat(), "channel": "phone", "note": "x"}
        assert client.post(follow, data).status_code == 404
        handover = reverse("contact-handover", args=[contact.pk])
        assert client.post(handover, {"consent_to_handover": "on"}).status_code == 404
    assert not ContactFollowUp.objects.exists()
    assert not Case.objects.exists()


def test_the_listener_adds_a_follow_up_and_hands_over_through_the_pages(listener_a, school_a):
    contact = intake(listener_a, school_a, consent=False)
    client = login(Client(), listener_a)
    bad = client.post(
        reverse("contact-follow-up", args=[contact.pk]),
        {"followed_on": TODAY.isoformat(), "channel": "phone", "note": ""},
    )
    assert bad.status_code == 200 and not ContactFollowUp.objects.exists()
    ok = client.post(
        reverse("contact-follow-up", args=[contact.pk]),
        {"followed_on": TODAY.isoformat(), "channel": "phone", "note": "Rappel."},
    )
    assert ok.status_code == 302
    refused = client.post(reverse("contact-handover", args=[contact.pk]), {})
    assert refused.status_code == 200 and not Case.objects.exists()
    done = client.post(
        reverse("contact-handover", args=[contact.pk]), {"consent_to_handover": "on"}
    )
    assert done.status_code == 302
    contact.refresh_from_db()
    assert contact.case is not None


def test_the_listener_picks_entries_and_their_kinds_are_recorded(listener_a, school_a):
    support_defaults_ensure(entity=school_a)
    helpline = SupportResource.objects.get(entity=school_a, contact="3919")
    contact = intake(listener_a, school_a, support_resources=[helpline])
    assert list(contact.support_resources.all()) == [helpline]
    assert Contact.objects.get(pk=contact.pk).orientations == ["helpline"]


def test_an_entry_of_another_schools_directory_is_refused_at_intake(listener_a, school_a, school_b):
    support_defaults_ensure(entity=school_b)
    foreign = SupportResource.objects.filter(entity=school_b).first()
    with pytest.raises(Exception, match="annuaire"):
        intake(listener_a, school_a, support_resources=[foreign])
    assert not Contact.objects.exists()
