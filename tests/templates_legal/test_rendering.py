"""Filling templates and converting them to PDF."""

from __future__ import annotations

import datetime as dt
import os
import stat
import subprocess
import tempfile

import pytest

from templates_legal import rendering
from templates_legal.defaults import default_path
from templates_legal.rendering import (
    PdfConversionUnavailable,
    docx_to_pdf,
    render_docx,
)
from tests.system_packages import needs_soffice
from tests.templates_legal.helpers import docx_text, docx_with, full_context

NEEDS_SOFFICE = needs_soffice


def _ack(**context: object) -> bytes:
    return render_docx(
        default_path("acknowledgement", "fr").read_bytes(),
        {**full_context("acknowledgement"), **context},
        kind="acknowledgement",
    )


def test_a_key_outside_the_documented_context_is_refused():
    with pytest.raises(ValueError, match="reporting_person_identity"):
        render_docx(
            default_path("disciplinary_summons", "fr").read_bytes(),
            {**full_context("disciplinary_summons"), "reporting_person_identity": "Alex"},
            kind="disciplinary_summons",
        )


def test_a_missing_required_key_is_refused():
    context = full_context("acknowledgement")
    del context["case_reference"]
    with pytest.raises(ValueError, match="case_reference"):
        render_docx(
            default_path("acknowledgement", "fr").read_bytes(), context, kind="acknowledgement"
        )


def test_only_plain_values_are_accepted():
    with pytest.raises(ValueError, match="plain text"):
        _ack(recipient_name=object())
    with pytest.raises(ValueError, match="not a datetime"):
        _ack(letter_date=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    with pytest.raises(ValueError, match="True or False"):
        render_docx(
            default_path("interview_summons", "fr").read_bytes(),
            {**full_context("interview_summons"), "right_to_remain_silent": "yes"},
            kind="interview_summons",
        )


def test_dates_are_written_out_in_the_letters_language():
    assert "le 1er mars 2026" in docx_text(_ack())
    english = render_docx(
        default_path("acknowledgement", "en").read_bytes(),
        full_context("acknowledgement"),
        kind="acknowledgement",
        language="en",
    )
    assert "1 March 2026" in docx_text(english)


def test_values_are_text_and_cannot_break_or_inject_markup():
    text = docx_text(_ack(recipient_name='<w:t>Léa & "Zoé"</w:t> {{ case_reference }}'))
    assert '<w:t>Léa & "Zoé"</w:t> {{ case_reference }}' in text


def test_a_blank_line_in_a_value_starts_a_new_paragraph():
    context = {**full_context("interview_minutes"), "minutes_text": "Premier.\n\nSecond.\nSuite."}
    data = render_docx(
        default_path("interview_minutes", "fr").read_bytes(), context, kind="interview_minutes"
    )
    paragraphs = docx_text(data).split("\n")
    assert "Premier." in paragraphs
    assert "Second.\nSuite." in docx_text(data)


def test_the_sandbox_keeps_templates_away_from_python_internals():
    template = docx_with("{{ entity_name.__class__.__mro__ }} {{ case_reference }}")
    with pytest.raises(Exception, match="__class__|undefined"):
        render_docx(template, full_context("acknowledgement"), kind="acknowledgement")


def test_pdf_conversion_says_clearly_when_libreoffice_is_missing(monkeypatch):
    monkeypatch.setattr(rendering.shutil, "which", lambda name: None)
    with pytest.raises(PdfConversionUnavailable, match="libreoffice-writer-nogui"):
        docx_to_pdf(docx_with("Bonjour"))


@NEEDS_SOFFICE
def test_a_rendered_letter_converts_to_pdf_in_a_private_directory_that_is_then_removed(
    monkeypatch,
):
    seen: list[tuple[str, int, int]] = []
    real_mkdtemp = tempfile.mkdtemp
    real_popen = subprocess.Popen

    def spying_mkdtemp(*args, **kwargs):
        path = real_mkdtemp(*args, **kwargs)
        seen.append((path, 0, 0))
        return path

    def spying_popen(command, **kwargs):
        workdir = seen[-1][0]
        source = os.path.join(workdir, "letter.docx")
        seen[-1] = (
            workdir,
            stat.S_IMODE(os.stat(workdir).st_mode),
            stat.S_IMODE(os.stat(source).st_mode),
        )
        assert kwargs.get("shell") is not True
        assert any(arg.startswith("-env:UserInstallation=file://" + workdir) for arg in command)
        return real_popen(command, **kwargs)

    monkeypatch.setattr(rendering.tempfile, "mkdtemp", spying_mkdtemp)
    monkeypatch.setattr(rendering.subprocess, "Popen", spying_popen)
    pdf = docx_to_pdf(_ack())
    assert pdf.startswith(b"%PDF")
    workdir, dir_mode, file_mode = seen[0]
    assert dir_mode == 0o700
    assert file_mode == 0o600
    assert not os.path.exists(workdir)


@NEEDS_SOFFICE
def test_a_conversion_that_times_out_is_killed_and_leaves_nothing_behind(monkeypatch):
    created: list[str] = []
    real_mkdtemp = tempfile.mkdtemp

    def recording_mkdtemp(*args, **kwargs):
        created.append(real_mkdtemp(*args, **kwargs))
        return created[-1]

    monkeypatch.setattr(rendering.tempfile, "mkdtemp", recording_mkdtemp)
    with pytest.raises(rendering.PdfConversionError, match="did not finish"):
        docx_to_pdf(_ack(), timeout=0.2)
    assert created and not os.path.exists(created[0])
