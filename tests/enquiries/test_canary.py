"""Canary: nothing said in an enquiry reaches raw storage, SQL, logs, mail or cache in clear (T3, T7).

A whole enquiry is written with a unique marker in every confidential field and file
(decision and mandate, appointment reasons, a witness, interview place and support
person, minutes and their versions, the refusal note, transcripts, recordings, the
report), read through the pages, then the raw database — audit trail, auditlog and
access tables included — every SQL parameter, the logs, the outbox and the cache are
scanned. A control marker in a clear field proves the scanner sees clear text.
"""

from __future__ import annotations

import logging
import pickle
import uuid

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Party
from enquiries.models import EnquiryAttachment, Minutes
from enquiries.services import (
    attachment_add,
    commission_appoint,
    commitment_record,
    interview_hold,
    minutes_read_back,
    minutes_refuse,
    minutes_save,
    recording_authorisation_record,
    report_save,
    report_submit,
    witness_add,
)
from tests.cases.test_canary import found_in, raw_database_bytes
from tests.enquiries.conftest import (
    TODAY,
    case_waiting_for_enquiry,
    open_enquiry,
    plan,
    rostered,
    time_passes,
)
from tests.people import login


@pytest.mark.django_db(transaction=True)
def test_no_enquiry_marker_reaches_raw_storage_logs_mail_or_cache(
    listener_a, referent_a, school_a, caplog, tmp_path
):
    caplog.set_level(logging.DEBUG)
    m = f"CANARY{uuid.uuid4().hex}"
    control = f"CONTROL{uuid.uuid4().hex}"
    school_a.name = control
    school_a.save()
    alice = rostered(school_a, "alice", gender="woman")
    bruno = rostered(school_a, "bruno", gender="man")

    case = case_waiting_for_enquiry(listener_a, referent_a, school_a)
    with CaptureQueriesContext(connection) as queries:
        enquiry = open_enquiry(case, referent_a, reason=f"{m}-reason", mandate=f"{m}-mandate")
        commission_appoint(
            actor=referent_a,
            enquiry=enquiry,
            investigators=[alice, bruno],
            decided_by=referent_a,
            decision_authority="referent",
            reason=f"{m}-appointment",
        )
        witness = witness_add(
            actor=alice,
            enquiry=enquiry,
            identity={"first_name": f"{m}-wfirst", "last_name": f"{m}-wlast", "team": f"{m}-team"},
            status="student",
        )
        victim = case.parties.get(role=Party.Role.VICTIM)
        interviews = []
        for party, granted in ((victim, True), (witness, False)):
            interview = plan(enquiry, alice, party, recording=True, place=f"{m}-place")
            for member in interview.interviewers.all():
                commitment_record(
                    actor=alice,
                    interview=interview,
                    signer="interviewer",
                    member=member,
                    signed_on=TODAY,
                )
            commitment_record(
                actor=alice, interview=interview, signer="interviewee", signed_on=TODAY
            )
            commitment_record(actor=alice, interview=interview, signer="support", signed_on=TODAY)
            recording_authorisation_record(
                actor=alice, interview=interview, granted=granted, signed_on=TODAY
            )
            time_passes(interview)
            minutes = interview_hold(
                actor=alice,
                interview=interview,
                rights_stated=True,
                support_person_present=True,
                support_person_name=f"{m}-support",
            )
            minutes = minutes_save(
                actor=alice, minutes=minutes, body=f"{m}-minutes-draft", expected_version=0
            )
            minutes = minutes_save(
                actor=alice, minutes=minutes, body=f"{m}-minutes-final", expected_version=1
            )
            minutes = minutes_read_back(actor=alice, minutes=minutes, expected_version=2)
            minutes_refuse(actor=alice, minutes=minutes, note=f"{m}-refusal", expected_version=3)
            attachment_add(
                actor=alice,
                enquiry=enquiry,
                interview=interview,
                kind="transcript",
                filename=f"{m}-transcript.pdf",
                content_type="application/pdf",
                data=b"%PDF-1.4 " + f"{m}-transcript".encode() + b" %%EOF",
            )
            if granted:
                attachment_add(
                    actor=alice,
                    enquiry=enquiry,
                    interview=interview,
                    kind="recording",
                    filename=f"{m}-recording.mp3",
                    content_type="audio/mpeg",
                    data=b"ID3\x03" + f"{m}-recording".encode(),
                )
            interviews.append(interview)
        report_save(
            actor=alice,
            enquiry=enquiry,
            facts_established=f"{m}-established",
            facts_not_established=f"{m}-not-established",
            analysis={"harcelement-sexuel": f"{m}-analysis"},
            recommendations=["prevention"],
            recommendations_detail=f"{m}-prevention",
            expected_version=0,
        )
        # Reads through the pages, as the commission would.
        client = login(Client(), alice)
        for interview in interviews:
            page = client.get(
                reverse(
                    "enquiry-minutes",
                    kwargs={"enquiry_id": enquiry.pk, "interview_id": interview.pk},
                )
            )
            assert m.encode() in page.content  # the commission does read the minutes
        for attachment in EnquiryAttachment.objects.filter(enquiry=enquiry):
            download = client.get(
                reverse(
                    "enquiry-attachment",
                    kwargs={"enquiry_id": enquiry.pk, "attachment_id": attachment.pk},
                )
            )
            assert m.encode() in download.content
            assert m not in download["Content-Disposition"]
        assert (
            client.get(reverse("enquiry-detail", kwargs={"enquiry_id": enquiry.pk})).status_code
            == 200
        )
        report_submit(actor=alice, enquiry=enquiry, expected_version=1)

    assert Minutes.objects.filter(interview__enquiry=enquiry).count() == 2
    dump = raw_database_bytes(tmp_path)
    assert found_in(dump, control), "the scanner must see clear text when there is some"
    assert not found_in(dump, m), "a confidential enquiry value is in the raw database"
    sql = "\n".join(q["sql"] for q in queries.captured_queries).encode()
    assert not found_in(sql, m), "a confidential value was sent to the database in clear"
    assert m not in caplog.text, "a confidential value reached the logs"
    for message in mail.outbox:
        assert not found_in(message.message().as_bytes(), m), "a confidential value in a mail"
    assert not found_in(pickle.dumps(getattr(cache, "_cache", {})), m), "in the cache"
