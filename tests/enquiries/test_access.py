"""Need to know: every enquiry route answers 404 to whoever lacks the enquiry permission it needs."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from cases.models import AuditEvent, Party, Role
from cases.services.access import conflict_declare
from enquiries.models import EnquiryAttachment, EnquiryGrant, Minutes
from enquiries.services import (
    attachment_add,
    commitment_record,
    interview_hold,
    minutes_save,
    report_save,
)
from tests.enquiries.conftest import (
    TODAY,
    appoint,
    case_waiting_for_enquiry,
    open_enquiry,
    plan,
    rostered,
    time_passes,
)
from tests.people import login, login_password_only, staff
from tests.workflows.journey import open_task

PDF = b"%PDF-1.4 piece %%EOF"


@pytest.fixture
def full(enquiry, commission, alice):
    """Enquiry A with an interview held, its minutes, a file and a draft report."""
    victim = enquiry.case.parties.get(role=Party.Role.VICTIM)
    interview = plan(enquiry, alice, victim)
    for member in commission:
        commitment_record(
            actor=alice, interview=interview, signer="interviewer", member=member, signed_on=TODAY
        )
    commitment_record(actor=alice, interview=interview, signer="interviewee", signed_on=TODAY)
    time_passes(interview)
    minutes = interview_hold(actor=alice, interview=interview, rights_stated=True)
    minutes_save(actor=alice, minutes=minutes, body="Déclarations.", expected_version=0)
    attachment = attachment_add(
        actor=alice,
        enquiry=enquiry,
        interview=interview,
        kind="transcript",
        filename="t.pdf",
        content_type="application/pdf",
        data=PDF,
    )
    report_save(
        actor=alice,
        enquiry=enquiry,
        facts_established="x",
        facts_not_established="",
        analysis={},
        recommendations=[],
        recommendations_detail="",
        expected_version=0,
    )
    return enquiry, interview, attachment


def routes(enquiry, interview, attachment) -> dict[str, list[tuple[str, str]]]:
    e = {"enquiry_id": enquiry.pk}
    i = {**e, "interview_id": interview.pk}
    return {
        "view": [("get", reverse("enquiry-detail", kwargs=e))],
        "manage": [
            ("get", reverse("enquiry-appoint", kwargs=e)),
            ("post", reverse("enquiry-appoint", kwargs=e)),
            ("get", reverse("enquiry-end", kwargs=e)),
            ("post", reverse("enquiry-end", kwargs=e)),
        ],
        "conduct": [
            ("get", reverse("enquiry-witness-add", kwargs=e)),
            ("post", reverse("enquiry-witness-add", kwargs=e)),
            ("get", reverse("enquiry-interview-plan", kwargs=e)),
            ("post", reverse("enquiry-interview-plan", kwargs=e)),
            ("get", reverse("enquiry-interview", kwargs=i)),
            ("post", reverse("enquiry-interview", kwargs=i)),
            ("get", reverse("enquiry-minutes", kwargs=i)),
            ("post", reverse("enquiry-minutes", kwargs=i)),
            ("get", reverse("enquiry-attachment-add", kwargs=e)),
            ("post", reverse("enquiry-attachment-add", kwargs=e)),
            (
                "get",
                reverse("enquiry-attachment", kwargs={**e, "attachment_id": attachment.pk}),
            ),
            ("get", reverse("enquiry-report", kwargs=e)),
            ("post", reverse("enquiry-report", kwargs=e)),
            ("post", reverse("enquiry-report-submit", kwargs=e)),
        ],
        "conflict": [("post", reverse("enquiry-conflict", kwargs=e))],
    }


def all_routes(enquiry, interview, attachment) -> list[tuple[str, str]]:
    return [r for group in routes(enquiry, interview, attachment).values() for r in group]


def _nothing_changed(enquiry) -> tuple:
    return (
        Minutes.objects.get(interview__enquiry=enquiry).version,
        EnquiryAttachment.objects.filter(enquiry=enquiry).count(),
        EnquiryGrant.objects.filter(content_object=enquiry).count(),
        enquiry.interviews.count(),
        enquiry.case.parties.count(),
    )


@pytest.mark.django_db
def test_an_investigator_of_enquiry_b_is_refused_everything_of_enquiry_a(
    full, listener_a, referent_a, school_a
):
    enquiry_a, interview, attachment = full
    case_b = case_waiting_for_enquiry(listener_a, referent_a, school_a)
    enquiry_b = open_enquiry(case_b, referent_a)
    carol = rostered(school_a, "carol", gender="woman")
    appoint(enquiry_b, referent_a, carol)
    client = login(Client(), carol)
    assert (
        client.get(reverse("enquiry-detail", kwargs={"enquiry_id": enquiry_b.pk})).status_code
        == 200
    )
    before = _nothing_changed(enquiry_a)
    for method, url in all_routes(enquiry_a, interview, attachment):
        assert getattr(client, method)(url).status_code == 404, (method, url)
    assert _nothing_changed(enquiry_a) == before
    listed = client.get(reverse("enquiry-list")).content.decode()
    assert str(enquiry_b.pk) in listed and str(enquiry_a.pk) not in listed
    # Her own enquiry's id does not open another enquiry's interview either.
    foreign = reverse(
        "enquiry-interview", kwargs={"enquiry_id": enquiry_b.pk, "interview_id": interview.pk}
    )
    assert client.get(foreign).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who", ["investigator_not_appointed", "referent_b", "investigator_b", "director"]
)
def test_people_without_an_enquiry_grant_get_404_on_every_route(full, who, school_a, school_b):
    enquiry, interview, attachment = full
    person = {
        "investigator_not_appointed": lambda: staff(Role.INVESTIGATOR, school_a),
        "referent_b": lambda: staff(Role.REFERENT, school_b),
        "investigator_b": lambda: rostered(school_b, "dora", shared=True),
        "director": lambda: staff(Role.DIRECTOR, school_a),
    }[who]()
    client = login(Client(), person)
    before = _nothing_changed(enquiry)
    for method, url in all_routes(enquiry, interview, attachment):
        assert getattr(client, method)(url).status_code == 404, (who, method, url)
    assert _nothing_changed(enquiry) == before


@pytest.mark.django_db
def test_the_referent_piloting_the_enquiry_reads_no_minutes_file_or_draft(full, referent_a):
    enquiry, interview, attachment = full
    client = login(Client(), referent_a)
    groups = routes(enquiry, interview, attachment)
    assert client.get(groups["view"][0][1]).status_code == 200
    assert client.get(groups["manage"][0][1]).status_code == 200
    for method, url in groups["conduct"]:
        assert getattr(client, method)(url).status_code == 404, (method, url)
    page = client.get(groups["view"][0][1]).content.decode()
    assert "Déclarations." not in page


@pytest.mark.django_db
def test_an_investigator_cannot_pilot_the_enquiry(full, alice):
    enquiry, interview, attachment = full
    client = login(Client(), alice)
    for method, url in routes(enquiry, interview, attachment)["manage"]:
        assert getattr(client, method)(url).status_code == 404, (method, url)


@pytest.mark.django_db
def test_without_a_second_factor_every_route_sends_to_the_code_page(full, alice):
    enquiry, interview, attachment = full
    client = login_password_only(Client(), alice)
    for method, url in all_routes(enquiry, interview, attachment) + [
        ("get", reverse("enquiry-list"))
    ]:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"] == reverse("login-otp"), url


@pytest.mark.django_db
def test_an_investigator_in_conflict_loses_the_enquiry_at_once(full, alice, referent_a):
    enquiry, interview, attachment = full
    conflict_declare(actor=referent_a, case=enquiry.case, user=alice, reason="lien familial")
    client = login(Client(), alice)
    for method, url in all_routes(enquiry, interview, attachment):
        assert getattr(client, method)(url).status_code == 404, (method, url)
    with pytest.raises(PermissionDenied):
        minutes_save(
            actor=alice,
            minutes=Minutes.objects.get(interview=interview),
            body="x",
            expected_version=2,
        )


@pytest.mark.django_db
def test_a_member_declaring_a_conflict_is_excluded_and_it_is_traced(full, bruno):
    enquiry, interview, attachment = full
    client = login(Client(), bruno)
    response = client.post(
        reverse("enquiry-conflict", kwargs={"enquiry_id": enquiry.pk}), {"confirm": "yes"}
    )
    assert response.status_code == 302
    assert not EnquiryGrant.objects.filter(content_object=enquiry, user=bruno).exists()
    assert not enquiry.members.filter(investigator=bruno, ended_at__isnull=True).exists()
    assert AuditEvent.objects.filter(action="enquiry.member_conflict", actor=bruno).exists()
    assert (
        client.get(reverse("enquiry-detail", kwargs={"enquiry_id": enquiry.pk})).status_code == 404
    )


@pytest.mark.django_db
def test_only_the_owner_of_the_enquiry_step_may_open_the_enquiry(waiting_case, school_a, school_b):
    task = open_task(waiting_case, "enquiry")
    url = reverse("enquiry-open", kwargs={"task_id": task.pk})
    for person in (
        staff(Role.REFERENT, school_a),
        staff(Role.REFERENT, school_b),
        rostered(school_a, "eve"),
        staff(Role.DIRECTOR, school_a),
    ):
        client = login(Client(), person)
        assert client.get(url).status_code == 404
        assert client.post(url, {"reason": "x"}).status_code == 404
    assert not waiting_case.enquiries.exists()


@pytest.mark.django_db
def test_reads_of_minutes_files_and_report_are_in_the_access_log(full, alice):
    enquiry, interview, attachment = full
    client = login(Client(), alice)
    client.get(
        reverse("enquiry-minutes", kwargs={"enquiry_id": enquiry.pk, "interview_id": interview.pk})
    )
    download = client.get(
        reverse(
            "enquiry-attachment", kwargs={"enquiry_id": enquiry.pk, "attachment_id": attachment.pk}
        )
    )
    assert download.content == PDF
    assert "t.pdf" not in download["Content-Disposition"]
    client.get(reverse("enquiry-report", kwargs={"enquiry_id": enquiry.pk}))
    reads = set(
        AuditEvent.objects.filter(action="case.read", actor=alice).values_list(
            "details__what", flat=True
        )
    )
    assert {"enquiry_minutes", "enquiry_attachment", "enquiry_report"} <= reads


@pytest.mark.django_db
def test_entity_administrators_manage_only_their_own_roster(alice, school_a, school_b):
    admin_b = staff(Role.ENTITY_ADMIN, school_b)
    client = login(Client(), admin_b)
    assert client.get(reverse("enquiry-roster", kwargs={"code": school_a.code})).status_code == 404
    url = reverse("enquiry-roster-entry", kwargs={"code": school_a.code, "user_id": alice.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"gender": "man", "languages": "fr", "max_load": 2}).status_code == 404
    assert alice.investigator_profile.gender == "woman"
    for person in (alice, staff(Role.REFERENT, school_a)):
        other = login(Client(), person)
        assert (
            other.get(reverse("enquiry-roster", kwargs={"code": school_a.code})).status_code == 404
        )
