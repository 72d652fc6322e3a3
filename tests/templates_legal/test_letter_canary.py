"""Canary for letters: their values, DOCX and PDF never reach raw storage in clear (T3, T7).

In the style of tests/cases/test_canary.py. A DOCX is a zip (its text is deflated), so
scanning for the marker alone would prove little: the scan also looks for a chunk of
the letter's exact DOCX bytes and for the stand-in PDF, which carries the marker in
clear. The control is an uploaded template, stored in clear by design (no case data):
its bytes must be found, proving the scanner sees binary columns.
"""

from __future__ import annotations

import logging
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from templates_legal.letters import services as letters
from templates_legal.letters.services import letter_draft, letter_finalise, letter_sign
from templates_legal.letters.services import letter_values_update as update
from templates_legal.templates_admin.services import template_upload
from tests.cases.test_canary import found_in, raw_database_bytes
from tests.people import login
from tests.templates_legal.helpers import docx_with
from tests.templates_legal.letter_helpers import (
    DIRECTOR_PERMISSIONS,
    LEGAL_PERMISSIONS,
    grant,
    letter_case,
)


@pytest.mark.django_db(transaction=True)
def test_no_letter_content_reaches_the_raw_database_sql_or_logs(
    client, referent_a, legal_a, director_a, school_a, caplog, tmp_path, monkeypatch
):
    caplog.set_level(logging.DEBUG)
    marker = f"CANARY{uuid.uuid4().hex}"
    control = f"CONTROL{uuid.uuid4().hex}"
    monkeypatch.setattr(
        letters, "docx_to_pdf", lambda docx: f"%PDF-1.4 ({marker}-pdf) %%EOF".encode()
    )
    with CaptureQueriesContext(connection) as queries:
        template = template_upload(
            actor=legal_a,
            entity=school_a,
            kind="confidentiality_commitment",
            language="fr",
            data=docx_with(f"{control} {{{{ case_reference }}}} {{{{ recipient_name }}}}"),
        )
        case = letter_case(referent_a, school_a, narrative=f"Narrative {marker}-narrative")
        grant(case, legal_a, LEGAL_PERMISSIONS)
        grant(case, director_a, DIRECTOR_PERMISSIONS)
        letter = letter_draft(actor=legal_a, case=case, kind="article40_referral")
        letter = update(
            actor=legal_a,
            letter=letter,
            values={
                "court_name": f"{marker}-court",
                "facts_dates": f"{marker}-dates",
                "facts_place": f"{marker}-place",
            },
        )
        letter = letter_finalise(actor=legal_a, letter=letter)
        letter = letter_sign(actor=director_a, letter=letter)
        docx = bytes(letter.docx)
        login(client, director_a)
        for fmt in ("docx", "pdf"):
            url = reverse(
                "letter-download", kwargs={"case_id": case.pk, "letter_id": letter.pk, "fmt": fmt}
            )
            response = client.get(url)
            assert response.status_code == 200
            assert marker not in response["Content-Disposition"]
        pdf = response.content
        assert marker.encode() in pdf  # the holder does get the content
        page = client.get(
            reverse("letter-detail", kwargs={"case_id": case.pk, "letter_id": letter.pk})
        )
        assert f"{marker}-court".encode() in page.content
        register = client.get(reverse("letter-register", kwargs={"entity_code": school_a.code}))
        assert register.status_code == 200

    dump = raw_database_bytes(tmp_path)
    template_chunk = bytes(template.content)[200:264]
    assert template_chunk in dump or template_chunk.hex().encode() in dump, (
        "the scanner must see a file stored in clear"
    )
    assert not found_in(dump, marker), "a letter value is in the raw database"
    for chunk in (docx[200:264], docx[-64:], pdf):
        assert chunk not in dump and chunk.hex().encode() not in dump, "letter bytes in clear"

    sql = "\n".join(q["sql"] for q in queries.captured_queries).encode()
    assert not found_in(sql, marker), "a letter value was sent to the database in clear"
    assert marker not in caplog.text, "a letter value reached the logs"
