"""Canary: a conversation's bodies, file names, files and notice address reach no raw storage.

Messages both ways with files, through the services and the handler's pages; then the
raw database (SQLite copy or PostgreSQL dump), every SQL parameter, the logs, the
mails sent, the django-auditlog entries and the audit details are scanned (T3, T7).
"""

from __future__ import annotations

import logging
import uuid

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import AuditEvent
from tests.builders import case_for
from tests.cases.test_canary import found_in, raw_database_bytes
from tests.people import login
from threads.files import IncomingFile
from threads.models import ReporterMessage
from threads.services import (
    message_post_by_reporter,
    thread_messages_for_reporter,
    thread_open,
)


@pytest.mark.django_db(transaction=True)
def test_no_conversation_content_reaches_raw_storage_logs_or_mail(
    client, referent_a, school_a, caplog, tmp_path
):
    caplog.set_level(logging.DEBUG)
    marker = f"CANARY{uuid.uuid4().hex}"
    control = f"CONTROL{uuid.uuid4().hex}"
    school_a.name = control
    school_a.save()

    with CaptureQueriesContext(connection) as queries:
        case = case_for(referent_a, school_a)
        thread = thread_open(case=case, notify_address=f"{marker}-address@example.invalid")
        message_post_by_reporter(
            thread=thread,
            body=f"Reporter {marker}-reporter-body",
            files=[
                IncomingFile(
                    f"{marker}-reporter-file.pdf",
                    "application/pdf",
                    b"%PDF-1.4 " + f"{marker}-reporter-content".encode(),
                )
            ],
        )
        login(client, referent_a)
        page = client.get(reverse("case-detail", kwargs={"case_id": case.pk}))
        assert f"{marker}-reporter-body".encode() in page.content  # the holder reads it
        answer = client.post(
            reverse("case-thread", kwargs={"case_id": case.pk}),
            {
                "body": f"Handler {marker}-handler-body",
                "version": page.context["thread"].version,
                "attachments": [
                    SimpleUploadedFile(
                        f"{marker}-handler-file.txt",
                        f"{marker}-handler-content".encode(),
                        content_type="text/plain",
                    )
                ],
            },
        )
        assert answer.status_code == 302
        attachment = ReporterMessage.objects.get(author_kind="reporter").attachments.get()
        download = client.get(
            reverse("case-thread-file", kwargs={"case_id": case.pk, "attachment_id": attachment.pk})
        )
        assert marker.encode() in download.content
        assert marker not in download["Content-Disposition"]
        bodies = [m.body for m in thread_messages_for_reporter(thread=thread)]
        assert any(marker in body for body in bodies)

    # The referent was told a message waits; the address was told of the answer. Neither
    # notice says anything (not even the address in its body).
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [referent_a.email, f"{marker}-address@example.invalid"]
    )
    for notice in mail.outbox:
        assert marker not in notice.subject and marker not in notice.body

    for row in LogEntry.objects.values_list():
        assert not found_in(repr(row).encode(), marker), "a confidential value in auditlog"
    for details in AuditEvent.objects.values_list("details", flat=True):
        assert marker not in repr(details), "a confidential value in the audit details"

    dump = raw_database_bytes(tmp_path)
    assert found_in(dump, control), "the scanner must see clear text when there is some"
    assert not found_in(dump, marker), "a confidential value is in the raw database"

    sql = "\n".join(q["sql"] for q in queries.captured_queries).encode()
    assert not found_in(sql, marker), "a confidential value was sent to the database in clear"
    assert marker not in caplog.text, "a confidential value reached the logs"
