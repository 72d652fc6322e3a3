"""Canary: confidential strings written through the app are found in no raw storage (T3, T7).

A full case is written with a unique marker in every confidential field and file,
changed, read, looked up, its audit chain anchored; then the raw database (a SQLite file copy or a
PostgreSQL dump, audit and access tables included), every SQL parameter sent,
the captured logs, the e-mail outbox, the cache, every column of the django-auditlog
entries and the audit anchor file are scanned for the marker.
A control marker in a non-confidential field proves the scanner would see it.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import pickle
import subprocess
import uuid
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.core.audit.anchors import anchor_path, audit_anchor_write
from cases.models import Article40Referral, Case
from cases.services.cases import case_narrative_update, party_named_elsewhere
from tests.builders import full_case
from tests.people import login


def raw_database_bytes(tmp_path: Path) -> bytes:
    if connection.vendor == "sqlite":
        copy = tmp_path / "copy.sqlite3"
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(copy)])
        return copy.read_bytes()
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
        result = subprocess.run(  # noqa: S603
            [
                "pg_dump",
                "--no-owner",
                "-h",
                db.get("HOST") or "127.0.0.1",
                "-p",
                str(db.get("PORT") or 5432),
                "-U",
                db.get("USER") or "postgres",
                db["NAME"],
            ],
            capture_output=True,
            env=env,
            check=True,
            timeout=120,
        )
        return result.stdout
    raise AssertionError(f"no raw dump for {connection.vendor}")


def forms_of(marker: str) -> list[bytes]:
    raw = marker.encode()
    return [raw, raw.hex().encode(), raw.upper(), raw.hex().upper().encode()]


def found_in(blob: bytes, marker: str) -> bool:
    return any(form in blob for form in forms_of(marker))


@pytest.mark.django_db(transaction=True)
def test_no_confidential_marker_reaches_raw_storage_logs_mail_or_cache(
    client, referent_a, school_a, caplog, tmp_path
):
    caplog.set_level(logging.DEBUG)
    marker = f"CANARY{uuid.uuid4().hex}"
    control = f"CONTROL{uuid.uuid4().hex}"
    school_a.name = control  # not confidential: the scanner must find it
    school_a.save()

    with CaptureQueriesContext(connection) as queries:
        case = full_case(referent_a, school_a, marker)
        case_narrative_update(
            actor=referent_a, case=case, narrative=f"Updated {marker}-update", expected_version=1
        )
        login(client, referent_a)
        for route in ("case-detail", "case-history"):
            page = client.get(reverse(route, kwargs={"case_id": case.pk}))
            assert page.status_code == 200
        detail = client.get(reverse("case-detail", kwargs={"case_id": case.pk}))
        assert marker.encode() in detail.content  # the holder does see the content
        attachment = case.attachments.get()
        download = client.get(
            reverse("case-attachment", kwargs={"case_id": case.pk, "attachment_id": attachment.pk})
        )
        assert marker.encode() in download.content
        assert marker not in download["Content-Disposition"]
        party_named_elsewhere(actor=referent_a, party=case.parties.all()[0])
        # A plain model save, as django-auditlog sees it.
        fresh = Case.objects.get(pk=case.pk)
        fresh.narrative = f"Saved {marker}-save"
        fresh.save()
        # A procedure record whose free text was once stored in clear (finding 6).
        Article40Referral(
            key_id=case.key_id,
            case=case,
            sent_on=dt.date(2026, 1, 5),
            prosecutor_office=f"Parquet {marker}-prosecutor",
            recorded_by=referent_a,
            note=f"Note {marker}-article40",
        ).save(force_insert=True)
        anchor = audit_anchor_write()  # the chain head, written outside the database

    assert anchor is not None
    anchors = anchor_path().read_bytes()
    assert anchor.hash.encode() in anchors
    assert not found_in(anchors, marker), "a confidential value in the audit anchors"

    # Every column of every django-auditlog entry, as stored (T7).
    for row in LogEntry.objects.values_list():
        assert not found_in(repr(row).encode(), marker), "a confidential value in auditlog"

    dump = raw_database_bytes(tmp_path)
    assert found_in(dump, control), "the scanner must see clear text when there is some"
    assert not found_in(dump, marker), "a confidential value is in the raw database"

    sql = "\n".join(q["sql"] for q in queries.captured_queries).encode()
    assert not found_in(sql, marker), "a confidential value was sent to the database in clear"

    assert marker not in caplog.text, "a confidential value reached the logs"

    for message in mail.outbox:
        assert not found_in(message.message().as_bytes(), marker), "a confidential value in a mail"

    cache_blob = pickle.dumps(getattr(cache, "_cache", {}))
    assert not found_in(cache_blob, marker), "a confidential value in the cache"


def test_the_scanner_detects_hex_encoded_values():
    assert found_in(b"\\x" + b"SECRET".hex().encode(), "SECRET")
