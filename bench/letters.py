"""Issue 6 claims: generating a letter through Recueil costs little more than docxtpl alone.

Two comparisons, each against the bare way of doing the same work, in the same run
(``bench.harness.compare`` interleaves them):

``letter_docx``
    Recueil: draft the Article 40 letter of a case (context built from the case:
    parties and narrative decrypted, categories, measures) and finalise it (render
    through the kind's documented context in Jinja's sandbox, encrypt the DOCX, take
    the register number under a row lock, write the row and its audit event), then sign
    it (rendered again with the signer's name and title, as the signed copy is), PDF
    switched off. Baseline: plain docxtpl render + save of the same template with the
    same values already as text.
``letter_pdf``
    Recueil: the same, with the PDF made by LibreOffice in a fresh private profile on
    ``/dev/shm`` and stored encrypted. Baseline: plain docxtpl render + ``soffice
    --convert-to pdf`` with LibreOffice's ordinary (warm, shared) profile.

Everything runs inside one transaction rolled back at the end: the benchmark database
is left as it was. Run with ``python -m bench.run --scale N --only letter_docx letter_pdf``.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.db import transaction
from docxtpl import DocxTemplate

from bench.harness import Comparison, compare
from cases.models import Case, CasePermission, Role, RoleMembership, User
from cases.services.access import access_grant
from templates_legal.context import signatory_values
from templates_legal.defaults import default_path
from templates_legal.letters import services as letters
from templates_legal.letters.services import letter_draft, letter_finalise, letter_sign
from templates_legal.rendering import (
    PdfConversionUnavailable,
    letter_context,
    soffice_path,
)

KIND = "article40_referral"
EXTRA: dict[str, object] = {
    "court_name": "tribunal judiciaire d'Évry",
    "facts_dates": "10 février 2026",
    "facts_place": "Résidence étudiante",
}


class _Rollback(Exception):
    pass


@contextmanager
def _rolled_back() -> Iterator[None]:
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass


@contextmanager
def _without_pdf() -> Iterator[None]:
    def unavailable(_docx: bytes, **_kwargs: object) -> bytes:
        raise PdfConversionUnavailable("switched off for the DOCX benchmark")

    real = letters.docx_to_pdf
    letters.docx_to_pdf = unavailable  # type: ignore[assignment]
    try:
        yield
    finally:
        letters.docx_to_pdf = real


def _case_and_author() -> tuple[Case, User]:
    # A case naming the person implicated, as an Article 40 letter's case does.
    case = (
        Case.objects.filter(status=Case.Status.OPEN, parties__role="implicated")
        .filter(parties__role__in=["reporting", "victim"])
        .select_related("entity")
        .order_by("created_at")
        .first()
    )
    if case is None:
        raise RuntimeError("the benchmark database has no open case naming both parties")
    author, _created = User.objects.get_or_create(
        username="bench.letters", defaults={"first_name": "Claire", "last_name": "Lefèvre"}
    )
    RoleMembership.objects.get_or_create(user=author, entity=case.entity, role=Role.LEGAL)
    _grant(case, author)
    return case, author


def _grant(case: Case, author: User) -> None:
    access_grant(
        actor=None,
        case=case,
        user=author,
        permissions=[CasePermission.VIEW, CasePermission.DRAFT_LETTER],
        reason="assignment",
    )


def _recueil(case: Case, author: User) -> Callable[[], bytes]:
    def generate() -> bytes:
        # Signing reconciles the case's rights (access follows the work): the bench's
        # author, who holds no task, is given the case again for each letter. Timed
        # with Recueil's side (two statements), so the ratio errs against Recueil.
        _grant(case, author)
        letter = letter_draft(actor=author, case=case, kind=KIND, extra=EXTRA)
        letter = letter_finalise(actor=author, letter=letter, signatory=author)
        # The PDF, the copy to send, is made at signature (letters.services.letter_sign).
        letter = letter_sign(actor=author, letter=letter)
        return bytes(letter.pdf or letter.docx)

    return generate


def _baseline_context(case: Case, author: User) -> dict[str, object]:
    """The same values Recueil renders, made plain once, outside the timed loop."""
    letter = letter_draft(actor=author, case=case, kind=KIND, extra=EXTRA)
    values = letters.typed_values(letter)
    values.update(
        {
            "case_reference": case.reference,
            "entity_name": case.entity.name,
            "letter_date": dt.date.today(),  # noqa: DTZ011 — a value to render, not a deadline
            # The signature block, as letter_sign renders it (the author signs here).
            **signatory_values(author, KIND, case.entity_id),
        }
    )
    return letter_context(KIND, values)


def _docxtpl(template: bytes, context: dict[str, object]) -> bytes:
    document = DocxTemplate(io.BytesIO(template))
    document.render(context, autoescape=True)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def _plain_soffice(docx: bytes, soffice: str) -> bytes:
    workdir = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    try:
        source = workdir / "letter.docx"
        source.write_bytes(docx)
        subprocess.run(  # noqa: S603 — fixed argv, no shell
            [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(workdir), str(source)],
            check=True,
            capture_output=True,
            timeout=120,
        )
        return (workdir / "letter.pdf").read_bytes()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def letter_docx() -> Comparison:
    template = default_path(KIND, "fr").read_bytes()
    result: Comparison | None = None
    with _rolled_back():
        case, author = _case_and_author()
        context = _baseline_context(case, author)
        with _without_pdf():
            result = compare(
                "letter_docx",
                claim="Draft the Article 40 letter from a case and finalise it as DOCX: "
                "context from the case, sandboxed render, encryption, register number, "
                "row and audit event",
                recueil=_recueil(case, author),
                baseline=lambda: _docxtpl(template, context),
                baseline_label="plain docxtpl render + save of the same template and values",
                repeat=30,
                warmup=3,
                extra={"docx_bytes": len(_docxtpl(template, context))},
            )
    assert result is not None  # noqa: S101
    return result


def letter_pdf() -> Comparison | dict[str, Any]:
    soffice = soffice_path()
    if soffice is None:
        return {"name": "letter_pdf", "skipped": "LibreOffice (soffice) is not installed"}
    template = default_path(KIND, "fr").read_bytes()
    result: Comparison | None = None
    with _rolled_back():
        case, author = _case_and_author()
        context = _baseline_context(case, author)
        result = compare(
            "letter_pdf",
            claim="Draft and finalise the Article 40 letter with its PDF: LibreOffice headless "
            "in a fresh private profile on /dev/shm, PDF and DOCX stored encrypted",
            recueil=_recueil(case, author),
            baseline=lambda: _plain_soffice(_docxtpl(template, context), soffice),
            baseline_label="plain docxtpl render + soffice --convert-to pdf, default warm "
            "profile, in a temporary directory",
            repeat=int(os.environ.get("BENCH_PDF_REPEAT", "5")),
            warmup=1,
        )
    assert result is not None  # noqa: S101
    return result
