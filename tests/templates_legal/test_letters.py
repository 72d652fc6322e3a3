"""Letters of a case: drafted from the case, finalised into the register, signed, handed out."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import close_old_connections, connection
from django.utils import timezone

from cases.core.crypto.aead import DecryptionError
from cases.core.crypto.datakeys import data_key_cache_clear
from cases.models import AuditEvent, Case, Role
from cases.services.cases import case_shred
from templates_legal import rendering
from templates_legal.kinds import letter_kind
from templates_legal.letters import downloads
from templates_legal.letters import services as letters
from templates_legal.letters.downloads import letter_file
from templates_legal.letters.register import register_number_allocate
from templates_legal.letters.services import (
    MISSING_MARK,
    letter_discard,
    letter_draft,
    letter_finalise,
    letter_pdf_make,
    letter_render,
    letter_sign,
    letter_values_update,
)
from templates_legal.models import Letter, LetterSequence
from templates_legal.preview import docx_blocks
from tests.people import staff
from tests.system_packages import needs_pdftotext, needs_soffice  # noqa: E402
from tests.templates_legal.helpers import docx_text
from tests.templates_legal.letter_helpers import (
    ARTICLE40_VALUES,
    DIRECTOR_PERMISSIONS,
    LEGAL_PERMISSIONS,
    NARRATIVE,
    grant,
    letter_case,
)

pytestmark = pytest.mark.django_db
NEEDS_SOFFICE = needs_soffice


@pytest.fixture
def case_a(referent_a, school_a, legal_a, director_a):
    case = letter_case(referent_a, school_a)
    grant(case, legal_a, LEGAL_PERMISSIONS)
    grant(case, director_a, DIRECTOR_PERMISSIONS)
    return case


def _article40(legal, case) -> Letter:
    letter = letter_draft(actor=legal, case=case, kind="article40_referral")
    return letter_values_update(actor=legal, letter=letter, values=ARTICLE40_VALUES)


def _stored_text(letter: Letter) -> str:
    return json.dumps(letter.values, ensure_ascii=False)


# --- drafting ----------------------------------------------------------------------------


def test_an_acknowledgement_is_prefilled_for_the_reporting_person_and_nobody_else(case_a, legal_a):
    letter = letter_draft(actor=legal_a, case=case_a, kind="acknowledgement")
    assert letter.status == Letter.Status.DRAFT and letter.number is None
    assert set(letter.values) <= letter_kind("acknowledgement").context_names
    assert letter.values["recipient_name"] == "Alexandra Reporter"
    assert letter.values["report_received_date"] == timezone.localdate().isoformat()
    # Who signs is not a value of the draft: it comes from the signer's account, at
    # finalisation (the designated person) and again at signature (the real signer).
    assert "signatory_name" not in letter.values and "signatory_title" not in letter.values
    assert "Implicated" not in _stored_text(letter)
    assert NARRATIVE not in _stored_text(letter)
    assert letter.recipient == "Alexandra Reporter"
    assert letter.template_version == 0  # the shipped default


def test_the_article_40_draft_carries_the_full_facts_and_both_identities(case_a, legal_a):
    letter = letter_draft(actor=legal_a, case=case_a, kind="article40_referral")
    assert letter.values["facts_summary"] == NARRATIVE
    assert "Alexandra Reporter" in str(letter.values["reporting_person_identity"])
    assert "Dominique Implicated" in str(letter.values["person_implicated_identity"])
    assert letter.values["facts_categories"] == "Agression sexuelle"


def test_the_charge_letter_to_the_person_implicated_never_names_the_reporting_person(
    case_a, legal_a
):
    letter = letter_draft(actor=legal_a, case=case_a, kind="disciplinary_summons")
    assert letter.values["recipient_name"] == "Dominique Implicated"
    assert letter.values["recipient_address"] == "1 rue X"
    assert "Alexandra" not in _stored_text(letter)
    assert "alex@example.invalid" not in _stored_text(letter)
    assert NARRATIVE not in _stored_text(letter)
    assert "Alexandra" not in docx_text(letter_render(letter, preview=True))


def test_values_from_another_app_fill_the_letter_and_names_outside_its_context_are_refused(
    case_a, legal_a
):
    extra = {
        "interview_date": dt.date(2026, 3, 12),
        "interview_time": "14 h 30",
        "interview_place": "salle B-204",
        "interviewers_names": "Anne Robert et Karim Benali",
        "recipient_name": "Dominique Implicated",
        "recipient_capacity": "personne mise en cause",
        "right_to_remain_silent": True,
        "case_reference": "FORGED-REFERENCE",  # locked: always the case's own
    }
    letter = letter_draft(actor=legal_a, case=case_a, kind="interview_summons", extra=extra)
    assert letter.values["interview_place"] == "salle B-204"
    assert letter.values["right_to_remain_silent"] is True
    text = docx_text(letter_render(letter, preview=True))
    assert case_a.reference in text and "FORGED-REFERENCE" not in text
    assert "12 mars 2026" in text and "droit de vous taire" in text
    with pytest.raises(ValueError, match="facts_summary"):
        letter_draft(
            actor=legal_a, case=case_a, kind="interview_summons", extra={"facts_summary": "x"}
        )


def test_nobody_without_draft_letter_on_the_case_may_draft(case_a, referent_a, legal_b, school_a):
    outsider = staff(Role.LEGAL, school_a)
    for person in (referent_a, legal_b, outsider):  # referent_a holds view/triage only
        with pytest.raises(PermissionDenied):
            letter_draft(actor=person, case=case_a, kind="acknowledgement")
    assert not Letter.objects.exists()


def test_a_kind_or_language_without_template_is_refused_clearly(case_a, legal_a):
    with pytest.raises(ValidationError, match="Aucun modèle"):
        letter_draft(actor=legal_a, case=case_a, kind="article40_referral", language="en")
    with pytest.raises(ValidationError, match="inconnu"):
        letter_draft(actor=legal_a, case=case_a, kind="no_such_letter")


def test_the_preview_marks_missing_values_and_finalising_refuses_them(case_a, legal_a):
    letter = letter_draft(actor=legal_a, case=case_a, kind="article40_referral")
    text = docx_text(letter_render(letter, preview=True))
    assert MISSING_MARK in text  # court, dates and place of the facts are not in the case
    blocks = docx_blocks(letter_render(letter, preview=True))
    assert any(case_a.reference in b.text for b in blocks)
    assert any(b.kind == "table" for b in blocks)
    with pytest.raises(ValidationError, match="Tribunal judiciaire compétent"):
        letter_finalise(actor=legal_a, letter=letter)
    assert Letter.objects.get(pk=letter.pk).status == Letter.Status.DRAFT
    assert not LetterSequence.objects.exists()


def test_editing_a_draft_changes_only_documented_free_values_and_records_their_names(
    case_a, legal_a
):
    letter = letter_draft(actor=legal_a, case=case_a, kind="article40_referral")
    letter = letter_values_update(
        actor=legal_a, letter=letter, values={**ARTICLE40_VALUES, "entity_name": "Other"}
    )
    assert letter.values["court_name"] == "tribunal judiciaire d'Évry"
    assert "entity_name" not in letter.values
    event = AuditEvent.objects.filter(action="letter.draft_updated").get()
    assert event.details["fields"] == sorted(ARTICLE40_VALUES)
    with pytest.raises(ValueError):
        letter_values_update(actor=legal_a, letter=letter, values={"minutes_text": "x"})


# --- finalising, signing, downloading ----------------------------------------------------------


def test_generate_finalise_sign_and_download_the_article_40_letter(
    case_a, legal_a, director_a, fake_pdf
):
    letter = letter_finalise(actor=legal_a, letter=_article40(legal_a, case_a))
    year = timezone.localdate().year
    assert letter.status == Letter.Status.FINAL
    assert (letter.year, letter.number, letter.register_number) == (year, 1, f"{year}-0001")
    assert letter.letter_date == timezone.localdate()
    # The direction holds the case: asked to sign rather than the legal directorate.
    assert letter.signatory == director_a
    # No PDF before the signature: the copy to send is made when it is signed.
    assert letter.pdf_status == Letter.PdfStatus.NONE and not fake_pdf
    text = docx_text(bytes(letter.docx))
    assert director_a.get_full_name() in text
    assert "procureur de la République" in text
    assert "article 40 du code de procédure pénale" in text
    assert case_a.reference in text and "tribunal judiciaire d'Évry" in text

    # Awaiting signature: nothing sendable yet.
    assert downloads.downloadable_formats(director_a, letter) == ["docx"]
    with pytest.raises(PermissionDenied):
        letter_file(actor=director_a, letter=letter, fmt="pdf")

    signed = letter_sign(actor=director_a, letter=letter)
    assert signed.status == Letter.Status.SIGNED
    assert signed.signed_by == director_a and signed.signed_at is not None
    assert signed.pdf_status == Letter.PdfStatus.READY and len(fake_pdf) == 1
    assert signed.number == letter.number  # the register keeps the number given at finalisation
    pdf = letter_file(actor=director_a, letter=signed, fmt="pdf")
    assert pdf.content.startswith(b"%PDF") and pdf.content_type == "application/pdf"
    assert pdf.filename == f"courrier-school-a-{year}-0001.pdf"
    reads = AuditEvent.objects.filter(action="case.read", details__what="letter")
    assert reads.filter(details__item=f"{letter.pk}:pdf").count() == 1
    actions = list(
        AuditEvent.objects.filter(action__startswith="letter.").values_list("action", flat=True)
    )
    assert actions == [
        "letter.drafted",
        "letter.draft_updated",
        "letter.finalised",
        "letter.signed",
    ]


def test_audit_events_of_letters_hold_no_value_of_the_letter(case_a, legal_a, director_a, fake_pdf):
    letter = letter_finalise(actor=legal_a, letter=_article40(legal_a, case_a))
    letter_sign(actor=director_a, letter=letter)
    letter_file(actor=director_a, letter=letter, fmt="docx")
    trail = json.dumps(list(AuditEvent.objects.values("details")), ensure_ascii=False)
    for secret in ("Alexandra", "Reporter", "Implicated", "gestes imposés", "Évry"):
        assert secret not in trail


def test_a_finalised_letter_is_frozen(case_a, legal_a, fake_pdf):
    letter = letter_finalise(actor=legal_a, letter=_article40(legal_a, case_a))
    with pytest.raises(ValidationError):
        letter_values_update(actor=legal_a, letter=letter, values={"facts_place": "ailleurs"})
    with pytest.raises(ValidationError):
        letter_finalise(actor=legal_a, letter=letter)
    with pytest.raises(ValidationError):
        letter_discard(actor=legal_a, letter=letter)
    assert Letter.objects.get(pk=letter.pk).number == 1


def test_a_draft_can_be_discarded_and_leaves_a_trace(case_a, legal_a):
    letter = letter_draft(actor=legal_a, case=case_a, kind="acknowledgement")
    letter_discard(actor=legal_a, letter=letter)
    assert not Letter.objects.exists()
    assert AuditEvent.objects.filter(action="letter.discarded").count() == 1


def test_only_a_signatory_role_holding_the_case_may_sign(
    case_a, legal_a, director_a, referent_a, school_a, fake_pdf
):
    # The decision to open an enquiry is signed by the direction only (kinds.py).
    opening = letter_draft(actor=legal_a, case=case_a, kind="enquiry_opening")
    opening = letter_values_update(
        actor=legal_a,
        letter=opening,
        values={
            "report_due_date": dt.date(2026, 5, 15),
            "signatory_name": "Claire Lefèvre",
            "signatory_title": "La directrice",
        },
    )
    opening = letter_finalise(actor=legal_a, letter=opening)
    assert not letters.can_sign(legal_a, opening)
    with pytest.raises(PermissionDenied):
        letter_sign(actor=legal_a, letter=opening)
    other_director = staff(Role.DIRECTOR, school_a)  # right role, nothing on the case
    with pytest.raises(PermissionDenied):
        letter_sign(actor=other_director, letter=opening)
    assert not letters.can_sign(referent_a, opening)  # holds the case, not a signatory
    grant(case_a, other_director, ["view_case"])  # holding the case, they could sign it too
    assert letters.can_sign(other_director, opening)
    assert letters.can_sign(director_a, opening)
    letter_sign(actor=director_a, letter=opening)
    with pytest.raises(ValidationError):
        letter_sign(actor=director_a, letter=Letter.objects.get(pk=opening.pk))


def test_before_signature_only_drafters_and_signers_get_the_docx_and_nobody_the_pdf(
    case_a, legal_a, referent_a, fake_pdf
):
    letter = letter_finalise(actor=legal_a, letter=_article40(legal_a, case_a))
    assert downloads.downloadable_formats(legal_a, letter) == ["docx"]
    assert downloads.downloadable_formats(referent_a, letter) == []  # view_case only
    with pytest.raises(PermissionDenied):
        letter_file(actor=referent_a, letter=letter, fmt="docx")
    with pytest.raises(PermissionDenied):
        letter_file(actor=legal_a, letter=letter, fmt="pdf")


def test_a_letter_the_addressee_signs_is_issued_at_once_and_downloadable_by_case_viewers(
    case_a, legal_a, referent_a, fake_pdf
):
    letter = letter_draft(
        actor=legal_a,
        case=case_a,
        kind="confidentiality_commitment",
        extra={"recipient_name": "Camille Témoin", "recipient_capacity": "témoin"},
    )
    letter = letter_finalise(actor=legal_a, letter=letter)
    assert letter.status == Letter.Status.ISSUED
    assert downloads.downloadable_formats(referent_a, letter) == ["docx", "pdf"]


def test_register_numbers_follow_each_other_per_entity_and_restart_elsewhere(
    case_a, legal_a, referent_b, legal_b, school_b, fake_pdf
):
    first = letter_finalise(actor=legal_a, letter=_article40(legal_a, case_a))
    second = letter_finalise(
        actor=legal_a,
        letter=letter_draft(
            actor=legal_a,
            case=case_a,
            kind="confidentiality_commitment",
            extra={"recipient_name": "Camille Témoin", "recipient_capacity": "témoin"},
        ),
    )
    case_b = letter_case(referent_b, school_b)
    grant(case_b, legal_b, LEGAL_PERMISSIONS)
    other = letter_finalise(actor=legal_b, letter=_article40(legal_b, case_b))
    assert (first.number, second.number, other.number) == (1, 2, 1)


def test_a_failed_finalisation_gives_its_number_back(case_a, legal_a, fake_pdf, monkeypatch):
    letter = _article40(legal_a, case_a)

    def broken(**kwargs):
        raise RuntimeError("audit store unavailable")

    working = letters.audit_record
    monkeypatch.setattr(letters, "audit_record", broken)
    with pytest.raises(RuntimeError):
        letter_finalise(actor=legal_a, letter=letter)
    monkeypatch.setattr(letters, "audit_record", working)
    assert Letter.objects.get(pk=letter.pk).status == Letter.Status.DRAFT
    assert letter_finalise(actor=legal_a, letter=Letter.objects.get(pk=letter.pk)).number == 1


@pytest.mark.django_db(transaction=True)
def test_register_numbers_are_only_allocated_inside_a_transaction(school_a):
    with pytest.raises(RuntimeError):
        register_number_allocate(school_a, 2026)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need PostgreSQL (SQLite serialises whole transactions)",
)
def test_concurrent_finalisations_get_consecutive_numbers_without_gaps(school_a):
    from django.db import transaction

    year, workers, results, errors = 2026, 8, [], []
    barrier = threading.Barrier(workers)

    def allocate() -> None:
        try:
            barrier.wait()
            with transaction.atomic():
                results.append(register_number_allocate(school_a, year))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=allocate) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(results) == list(range(1, workers + 1))


# --- PDF -----------------------------------------------------------------------------------------


def test_without_libreoffice_the_docx_is_final_and_the_pdf_marked_unavailable(
    case_a, legal_a, director_a, monkeypatch
):
    monkeypatch.setattr(rendering.shutil, "which", lambda name: None)
    letter = letter_finalise(actor=legal_a, letter=_article40(legal_a, case_a))
    assert letter.status == Letter.Status.FINAL and letter.number == 1
    assert letter.pdf_status == Letter.PdfStatus.NONE and letter.pdf is None
    letter = letter_sign(actor=director_a, letter=letter)
    assert letter.pdf_status == Letter.PdfStatus.UNAVAILABLE and letter.pdf is None
    assert downloads.downloadable_formats(director_a, letter) == ["docx"]
    assert AuditEvent.objects.get(action="letter.signed").details["pdf"] == "unavailable"
    # Once LibreOffice is there, the PDF is made from the stored final DOCX.
    monkeypatch.setattr(letters, "docx_to_pdf", lambda docx: b"%PDF-1.4 later")
    letter = letter_pdf_make(actor=legal_a, letter=letter)
    assert letter.pdf_status == Letter.PdfStatus.READY
    assert downloads.downloadable_formats(director_a, letter) == ["docx", "pdf"]


@NEEDS_SOFFICE
@needs_pdftotext
def test_libreoffice_makes_a_pdf_that_names_the_procureur_and_the_case_reference(
    case_a, legal_a, director_a, tmp_path
):
    letter = letter_finalise(actor=legal_a, letter=_article40(legal_a, case_a))
    letter = letter_sign(actor=director_a, letter=letter)
    assert letter.pdf_status == Letter.PdfStatus.READY
    pdf = letter_file(actor=director_a, letter=letter, fmt="pdf").content
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(  # noqa: S603
        ["pdftotext", "-layout", str(path), "-"],  # noqa: S607
        capture_output=True,
        check=True,
        text=True,
        timeout=60,
    ).stdout
    text = " ".join(text.split())  # the layout wraps lines
    assert case_a.reference in text
    assert "procureur de la République" in text
    assert "article 40 du code de procédure pénale" in text
    assert "Alexandra Reporter" in text  # the judicial authority receives the identity


# --- crypto-shredding ------------------------------------------------------------------------------


def test_shredding_the_case_makes_its_letters_unreadable(case_a, legal_a, director_a, fake_pdf):
    letter = letter_finalise(actor=legal_a, letter=_article40(legal_a, case_a))
    letter = letter_sign(actor=director_a, letter=letter)
    case_shred(actor=None, case=case_a, reason_code="retention")
    data_key_cache_clear()
    stored = Letter.objects.get(pk=letter.pk)
    for field in ("docx", "pdf", "values", "recipient"):
        with pytest.raises(DecryptionError):
            getattr(stored, field)
    with pytest.raises(downloads.LetterUnreadable):
        letter_file(actor=legal_a, letter=stored, fmt="docx")
    # The register keeps what it needs in clear: number, date, kind, case reference.
    assert stored.register_number.endswith("-0001")
    assert Case.objects.get(pk=case_a.pk).status == Case.Status.SHREDDED
