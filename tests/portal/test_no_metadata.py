"""Canary: nothing identifying the reporting person, and none of their words, in raw storage (T3, T6, T7).

A report, a question and a follow-up are sent from a browser with a marked address
and user agent; the raw database (a SQLite copy or a PostgreSQL dump), every SQL
parameter, the captured logs, the mails and the session store are scanned for the
address, the user agent, the typed words and the receipt codes.
"""

from __future__ import annotations

import logging
import uuid

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Case, Contact
from tests.cases.test_canary import found_in, raw_database_bytes
from tests.people import Role, staff
from tests.portal.helpers import ask_question, code_of, enter_code, submit_report

ADDRESS = "198.51.100.77"


@pytest.mark.django_db(transaction=True)
def test_a_portal_report_leaves_no_address_agent_words_or_code_in_storage_or_logs(
    school_a, caplog, tmp_path
):
    caplog.set_level(logging.DEBUG)
    staff(Role.REFERENT, school_a)
    marker = f"CANARY{uuid.uuid4().hex}"
    agent = f"AgentCanary/{uuid.uuid4().hex}"
    control = f"CONTROL{uuid.uuid4().hex}"
    school_a.name = control
    school_a.save()
    browser = Client(REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=agent, HTTP_X_FORWARDED_FOR=ADDRESS)

    with CaptureQueriesContext(connection) as queries:
        pdf = SimpleUploadedFile(
            f"{marker}-file.pdf", f"%PDF-1.4 {marker}-pdf %%EOF".encode(), "application/pdf"
        )
        receipt = submit_report(
            browser,
            school_a,
            files=[pdf],
            what=f"Récit {marker}-what",
            where=f"{marker}-where",
            person1_name=f"{marker}-person",
            notify_address=f"{marker}@example.invalid",
        )
        code = code_of(receipt.content)
        question_code = code_of(ask_question(browser, school_a, f"Question {marker}-q").content)
        assert enter_code(browser, code).status_code == 302
        assert browser.get(reverse("portal:follow")).status_code == 200
        browser.post(reverse("portal:follow"), {"body": f"Suite {marker}-answer", "version": 1})
        enter_code(browser, "ZZZZ ZZZZ ZZZZ ZZZZ ZZZZ")  # a refusal is logged nowhere either

    assert Case.objects.count() == 1 and Contact.objects.count() == 2
    secrets_ = [marker, agent, ADDRESS, code.replace(" ", ""), question_code.replace(" ", "")]
    dump = raw_database_bytes(tmp_path)
    assert found_in(dump, control), "the scanner must see clear text when there is some"
    sql = "\n".join(q["sql"] for q in queries.captured_queries).encode()
    for secret in secrets_:
        assert not found_in(dump, secret), f"{secret[:12]}… is in the raw database"
        assert not found_in(sql, secret), f"{secret[:12]}… was sent to the database in clear"
        assert secret not in caplog.text, f"{secret[:12]}… reached the logs"
        for message in mail.outbox:
            assert not found_in(message.message().as_bytes(), secret)
    # The browser summary of staff sessions is never written for the portal.
    from cases.core.security.models import SessionRecord

    assert not SessionRecord.objects.exists()
