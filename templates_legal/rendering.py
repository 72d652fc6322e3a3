"""Fill a letter template (DOCX + Jinja, via docxtpl) and convert it to PDF.

Rendering
    ``render_docx`` accepts only the keys of the kind's documented context
    (templates_legal/kinds.py) and refuses any other with ``ValueError``: a caller
    cannot put data into a letter that its addressee may not know. Templates run in
    Jinja's *sandbox* with autoescaping (values cannot break the DOCX XML, a template
    cannot reach Python internals through ``__class__`` and the like) and
    ``StrictUndefined`` (a name outside the context is an error, never a silent blank).

PDF conversion
    ``docx_to_pdf`` runs LibreOffice headless. Install it on the server with::

        apt-get install --no-install-recommends libreoffice-writer-nogui fonts-liberation

    (``fonts-liberation`` gives Arial-compatible metrics, so the layout matches Word's.)
    Each conversion runs in a fresh private directory (0700; files 0600, umask 077; on
    ``/dev/shm`` when present, see ``private_scratch_root``)
    holding the input, the output, LibreOffice's temporary files (TMPDIR) and its own
    user profile (``-env:UserInstallation``): the documents are confidential, and a
    shared profile would both leak recent-document history and serialise concurrent
    conversions onto one LibreOffice instance. The directory is removed afterwards,
    also on error or timeout; a timed-out LibreOffice is killed with its whole process
    group. No shell is involved. A fresh profile costs little (about 0.2 s measured
    against a warm copy) next to LibreOffice's start-up.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

from django.utils import formats, translation
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, meta
from jinja2.sandbox import SandboxedEnvironment

from templates_legal.kinds import LetterKind, letter_kind

PDF_TIMEOUT_SECONDS = 60

# Characters XML 1.0 forbids (lxml would refuse the rendered part), minus tab and newline.
_XML_INVALID = re.compile("[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")


class PdfConversionUnavailable(RuntimeError):
    """LibreOffice (soffice) is not installed on this server."""


class PdfConversionError(RuntimeError):
    """LibreOffice ran but produced no PDF (timeout, crash, unreadable document)."""


def template_environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)


def placeholders_used(template_bytes: bytes) -> set[str]:
    """Every variable a template reads, in the body, headers, footers, footnotes and properties.

    Raises ``jinja2.TemplateSyntaxError`` on a malformed tag, and whatever python-docx
    raises on a file that is not a DOCX.
    """
    env = template_environment()
    template = DocxTemplate(io.BytesIO(template_bytes))
    # docxtpl covers the body, headers and footers...
    names = set(template.get_undeclared_template_variables(jinja_env=env))
    # ...but it also renders footnotes and core properties, which it does not scan.
    template.init_docx()
    document = template.docx
    sources: list[str] = []
    for part in document.part.package.parts:
        if part.content_type.endswith(".footnotes+xml"):
            blob = part.blob
            sources.append(template.patch_xml(blob.decode("utf-8")))
    properties = document.core_properties
    for name in ("author", "comments", "identifier", "language", "subject", "title"):
        sources.append(getattr(properties, name) or "")
    for source in sources:
        names |= meta.find_undeclared_variables(env.parse(source))
    return names


def _format_date(value: dt.date, language: str) -> str:
    with translation.override(language):
        text = formats.date_format(value, "j F Y")
    # French usage writes the first day of a month as an ordinal: « 1er mars 2026 ».
    if language == "fr" and value.day == 1:
        text = "1er" + text[1:]
    return text


def _plain(name: str, value: object, placeholder_kind: str, language: str) -> object:
    if placeholder_kind == "flag":
        if not isinstance(value, bool):
            raise ValueError(f"{name} must be True or False")
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        raise ValueError(f"{name} is text, not a flag")
    if isinstance(value, dt.datetime):
        raise ValueError(f"{name}: pass a date, not a datetime (no time zone guessing)")
    if isinstance(value, dt.date):
        return _format_date(value, language)
    if isinstance(value, int):
        return str(value)
    if not isinstance(value, str):
        # Model instances and other objects would let a template walk to other data.
        raise ValueError(f"{name} must be plain text or a date, not {type(value).__name__}")
    text = _XML_INVALID.sub("", value.replace("\r\n", "\n").replace("\r", "\n")).strip()
    # A blank line starts a new paragraph (docxtpl turns "\a" into one, "\n" into a line break).
    return _PARAGRAPH_BREAK.sub("\a", text)


def letter_context(
    kind: str | LetterKind, context: Mapping[str, object], *, language: str = "fr"
) -> dict[str, object]:
    """Check ``context`` against the kind's documented context and make its values plain."""
    letter = letter_kind(kind)
    extra = set(context) - letter.context_names
    if extra:
        raise ValueError(
            f"{letter.code}: keys outside the documented context: {', '.join(sorted(extra))}"
        )
    missing = {name for name in letter.required_names if context.get(name) in (None, "")}
    if missing:
        raise ValueError(f"{letter.code}: missing required keys: {', '.join(sorted(missing))}")
    plain: dict[str, object] = {}
    for placeholder in letter.placeholders:
        value = context.get(placeholder.name)
        if value is None and placeholder.kind == "flag":
            value = False
        plain[placeholder.name] = _plain(placeholder.name, value, placeholder.kind, language)
    return plain


def render_docx(
    template_bytes: bytes,
    context: Mapping[str, object],
    *,
    kind: str | LetterKind,
    language: str = "fr",
) -> bytes:
    """Fill the template with ``context``; ``ValueError`` for any key outside the kind's context.

    Dates are written out in ``language`` ("1er mars 2026", "1 March 2026").
    """
    plain = letter_context(kind, context, language=language)
    template = DocxTemplate(io.BytesIO(template_bytes))
    env = template_environment()
    template.render(plain, jinja_env=env, autoescape=True)
    output = io.BytesIO()
    template.save(output)
    return output.getvalue()


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def private_scratch_root() -> str | None:
    """Where a conversion writes the plaintext letter: RAM (``/dev/shm``) when available.

    The trade-off: LibreOffice only converts files, so the plaintext DOCX and PDF must
    exist as files for a few seconds. On a tmpfs they never reach a disk (nor a disk
    backup or a forensic image of a stolen disk, T3) and vanish on reboot even if a
    crash skipped the ``finally``; the cost is a few megabytes of RAM per conversion
    (LibreOffice's fresh profile included). Elsewhere, the system temporary directory,
    still 0700 and removed at once.
    """
    shm = Path("/dev/shm")  # noqa: S108 — a private 0700 directory is created inside
    if shm.is_dir() and os.access(shm, os.W_OK | os.X_OK):
        return str(shm)
    return None


def _write_private(path: Path, data: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)


def docx_to_pdf(docx_bytes: bytes, *, timeout: float = PDF_TIMEOUT_SECONDS) -> bytes:
    """Convert a DOCX to PDF with LibreOffice headless; see the module docstring."""
    soffice = soffice_path()
    if soffice is None:
        raise PdfConversionUnavailable(
            "LibreOffice is not installed: apt-get install libreoffice-writer-nogui"
        )
    workdir = Path(tempfile.mkdtemp(prefix="recueil-pdf-", dir=private_scratch_root()))  # 0700
    try:
        profile, output, scratch = workdir / "profile", workdir / "out", workdir / "tmp"
        for directory in (profile, output, scratch):
            directory.mkdir(mode=0o700)
        source = workdir / "letter.docx"  # a neutral name: it shows in LibreOffice's logs
        _write_private(source, docx_bytes)
        command = [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--invisible",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--norestore",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(output),
            str(source),
        ]
        environment = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(workdir),
            "TMPDIR": str(scratch),
            "LANG": "C.UTF-8",
        }
        process = subprocess.Popen(  # noqa: S603 — fixed argv, no shell, our own file names
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=environment,
            cwd=workdir,
            umask=0o077,
            start_new_session=True,
        )
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            # soffice is a wrapper script: kill the whole group, not just the wrapper.
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise PdfConversionError(f"LibreOffice did not finish within {timeout:g} s") from None
        result = output / "letter.pdf"
        if process.returncode != 0 or not result.exists():
            detail = stderr.decode("utf-8", "replace").strip()[-500:]
            raise PdfConversionError(
                f"LibreOffice exited with status {process.returncode} and no PDF: {detail}"
            )
        return result.read_bytes()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
