"""A whole enquiry through its pages: opened from the case's step, a commission appointed,
two interviews (one recorded with written authorisation, one where recording is refused),
a witness added on the way, the report submitted — and the case moves on to the decision."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import AuditEvent, CaseDeadline, Party
from enquiries.models import (
    Enquiry,
    EnquiryAttachment,
    EnquiryGrant,
    Interview,
    LetterDue,
    Minutes,
)
from tests.enquiries.conftest import TODAY, time_passes
from tests.people import login
from tests.workflows.journey import act, open_steps, open_task

MP3 = b"ID3\x03\x00\x00\x00" + b"\x00" * 64
PDF = b"%PDF-1.4 transcript %%EOF"


def _ok(response) -> None:
    assert response.status_code == 302, response.context and [
        f.errors for k, f in response.context.flatten().items() if hasattr(f, "errors") and f.errors
    ]


def _interview(client, enquiry, party, *, recording: bool) -> Interview:
    when = timezone.localtime(timezone.now() + dt.timedelta(days=14))
    members = list(enquiry.members.filter(ended_at__isnull=True))
    response = client.post(
        reverse("enquiry-interview-plan", kwargs={"enquiry_id": enquiry.pk}),
        {
            "party": party.pk,
            "scheduled_at": when.strftime("%Y-%m-%dT%H:%M"),
            "mode": "in_person",
            "place": "Salle du conseil",
            "language": "fr",
            "summons_sent_on": TODAY.isoformat(),
            "interviewers": [m.pk for m in members],
            "support_person_allowed": "on",
            "recording_requested": "on" if recording else "",
        },
    )
    _ok(response)
    return Interview.objects.get(enquiry=enquiry, party=party)


def _prepare_and_hold(client, enquiry, interview, *, recording_granted: bool) -> Minutes:
    url = reverse(
        "enquiry-interview", kwargs={"enquiry_id": enquiry.pk, "interview_id": interview.pk}
    )
    signers = [f"member:{m.pk}" for m in interview.interviewers.all()] + ["interviewee"]
    _ok(
        client.post(
            url,
            {
                "action": "commitment",
                "commitment-signers": signers,
                "commitment-signed_on": TODAY.isoformat(),
            },
        )
    )
    _ok(
        client.post(
            url,
            {
                "action": "authorisation",
                "authorisation-granted": "yes" if recording_granted else "no",
                "authorisation-signed_on": TODAY.isoformat(),
            },
        )
    )
    time_passes(interview)
    _ok(client.post(url, {"action": "hold", "hold-rights_stated": "on"}))
    return Minutes.objects.get(interview=interview)


def _minutes_to_final(client, enquiry, interview, *, sign: bool) -> Minutes:
    url = reverse(
        "enquiry-minutes", kwargs={"enquiry_id": enquiry.pk, "interview_id": interview.pk}
    )
    assert client.get(url).status_code == 200
    _ok(client.post(url, {"action": "save", "body": "Premier jet.", "version": 0}))
    _ok(client.post(url, {"action": "save", "body": "Déclarations relues.", "version": 1}))
    _ok(client.post(url, {"action": "read_back", "version": 2}))
    if sign:
        _ok(
            client.post(
                url,
                {"action": "sign", "version": 3, "signed_on": TODAY.isoformat(), "confirm": "yes"},
            )
        )
    else:
        _ok(
            client.post(
                url,
                {"action": "refuse", "version": 3, "note": "Conteste la page 2.", "confirm": "yes"},
            )
        )
    return Minutes.objects.get(interview=interview)


def _upload(client, enquiry, interview, name: str, content_type: str, data: bytes, kind: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("enquiry-attachment-add", kwargs={"enquiry_id": enquiry.pk}),
        {
            "kind": kind,
            "interview": interview.pk,
            "file": SimpleUploadedFile(name, data, content_type=content_type),
        },
    )


@pytest.mark.django_db
def test_a_full_enquiry_resumes_the_case_at_the_direction_decision(
    waiting_case, referent_a, director_a, alice, bruno
):
    case = waiting_case
    referent = login(Client(), referent_a)
    task = open_task(case, "enquiry")

    # The referent opens the enquiry from the case's step: who decided, why, the mission.
    page = referent.get(reverse("task", kwargs={"task_id": task.pk}))
    assert reverse("enquiry-open", kwargs={"task_id": task.pk}) in page.content.decode()
    _ok(
        referent.post(
            reverse("enquiry-open", kwargs={"task_id": task.pk}),
            {
                "decision_authority": "director",
                "decided_by": director_a.pk,
                "decided_on": TODAY.isoformat(),
                "reason": "Faits précis, répétés.",
                "mandate": "Établir les faits ; entendre la victime et les témoins.",
                "languages": ["fr", "en"],
            },
        )
    )
    enquiry = Enquiry.objects.get(case=case)
    assert enquiry.decided_by == director_a and enquiry.decision_authority == "director"
    assert enquiry.due_on == CaseDeadline.objects.get(case=case, rule="enquiry").due_on

    # The commission: a mixed, bilingual pair suggested from the roster, appointed.
    appoint_page = referent.get(reverse("enquiry-appoint", kwargs={"enquiry_id": enquiry.pk}))
    assert appoint_page.context["suggested"] == {alice.pk, bruno.pk}
    _ok(
        referent.post(
            reverse("enquiry-appoint", kwargs={"enquiry_id": enquiry.pk}),
            {
                "investigators": [alice.pk, bruno.pk],
                "decision_authority": "referent",
                "decided_by": referent_a.pk,
                "reason": "Binôme mixte et bilingue.",
            },
        )
    )
    investigator = login(Client(), alice)
    assert investigator.get(reverse("enquiry-list")).status_code == 200
    detail = investigator.get(reverse("enquiry-detail", kwargs={"enquiry_id": enquiry.pk}))
    assert "Établir les faits" in detail.content.decode()
    # ... but not the case file itself.
    assert investigator.get(reverse("case-detail", kwargs={"case_id": case.pk})).status_code == 404

    # Interview 1: the victim, recorded with her written authorisation.
    victim = case.parties.get(role=Party.Role.VICTIM)
    first = _interview(investigator, enquiry, victim, recording=True)
    _prepare_and_hold(investigator, enquiry, first, recording_granted=True)
    _ok(_upload(investigator, enquiry, first, "victime.mp3", "audio/mpeg", MP3, "recording"))
    _minutes_to_final(investigator, enquiry, first, sign=True)

    # A witness named during the first interview is added mid-enquiry, then heard.
    _ok(
        investigator.post(
            reverse("enquiry-witness-add", kwargs={"enquiry_id": enquiry.pk}),
            {"first_name": "Nina", "last_name": "Petit", "status": "student"},
        )
    )
    witness = case.parties.get(role=Party.Role.WITNESS)
    second = _interview(investigator, enquiry, witness, recording=True)
    _prepare_and_hold(investigator, enquiry, second, recording_granted=False)
    refused = _upload(investigator, enquiry, second, "temoin.mp3", "audio/mpeg", MP3, "recording")
    assert refused.status_code == 400
    assert "autorisation écrite" in refused.content.decode()
    _ok(
        _upload(
            investigator, enquiry, second, "transcription.pdf", "application/pdf", PDF, "transcript"
        )
    )
    minutes = _minutes_to_final(investigator, enquiry, second, sign=False)
    assert minutes.status == Minutes.Status.REFUSED and minutes.versions.count() == 4
    assert EnquiryAttachment.objects.filter(interview=second, kind="recording").count() == 0

    # The report, then its submission.
    report_url = reverse("enquiry-report", kwargs={"enquiry_id": enquiry.pk})
    _ok(
        investigator.post(
            report_url,
            {
                "version": 0,
                "facts_established": "Messages répétés à caractère sexuel.",
                "facts_not_established": "Aucun contact physique établi.",
                "analysis_harcelement-sexuel": "Répétition et caractère sexuel établis.",
                "recommendations": ["disciplinary", "prevention"],
                "recommendations_detail": "Formation de la promotion.",
            },
        )
    )
    _ok(
        investigator.post(
            reverse("enquiry-report-submit", kwargs={"enquiry_id": enquiry.pk}),
            {"version": 1, "confirm": "on"},
        )
    )

    # The case resumes at the direction's decision; the enquiry deadline is met.
    assert open_steps(case) == ["decision"]
    assert CaseDeadline.objects.get(case=case, rule="enquiry").met_on == TODAY
    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.REPORTED
    # The commission's mission is over: no more access.
    assert not EnquiryGrant.objects.filter(content_object=enquiry, user__in=[alice, bruno]).exists()
    assert (
        investigator.get(reverse("enquiry-detail", kwargs={"enquiry_id": enquiry.pk})).status_code
        == 404
    )
    # The director taking the decision step reads the report; the read is logged.
    director = login(Client(), director_a)
    decision_task = open_task(case, "decision")
    _ok(director.post(reverse("task-claim", kwargs={"task_id": decision_task.pk})))
    report_page = director.get(report_url)
    assert report_page.status_code == 200
    assert "Messages répétés" in report_page.content.decode()
    assert AuditEvent.objects.filter(
        action="case.read", actor=director_a, details__what="enquiry_report"
    ).exists()
    act(
        director_a,
        case,
        "decision",
        {"outcomes": ["disciplinary"], "reasoning": "Au vu du rapport."},
    )
    # The step done, the director's reason to read the case and its report is over.
    assert director.get(report_url).status_code == 404
    # Every letter the steps called for is recorded for the letters service.
    kinds = sorted(LetterDue.objects.filter(enquiry=enquiry).values_list("kind", flat=True))
    assert kinds == sorted(
        ["enquiry_opening", "commission_appointment", "commission_appointment"]
        + ["interview_summons", "confidentiality_commitment", "recording_authorisation"] * 2
        + ["interview_minutes"] * 2
        + ["enquiry_report"]
    )
    actions = set(
        AuditEvent.objects.filter(object_id=str(case.pk)).values_list("action", flat=True)
    )
    assert {
        "enquiry.opened",
        "enquiry.appointed",
        "enquiry.witness_added",
        "enquiry.interview_planned",
        "enquiry.commitment_signed",
        "enquiry.recording_answered",
        "enquiry.interview_held",
        "enquiry.minutes_signed",
        "enquiry.minutes_refused",
        "enquiry.attachment_added",
        "enquiry.report_submitted",
        "enquiry.access_revoked",
    } <= actions
