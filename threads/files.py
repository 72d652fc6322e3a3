"""Files in the conversation: checked like the case's attachments, before anything is kept.

Accepted: PDF, PNG and JPEG images, DOCX and plain text (UTF-8), recognised by their
content and not only by the declared type; at most ``RECUEIL_THREAD_MAX_FILES`` per
message, each at most ``RECUEIL_THREAD_MAX_FILE_BYTES``. The same optional virus
scanner as every other upload (``RECUEIL_VIRUS_SCANNER``). A file arriving from the
public portal is refused with a clear message and nothing of it is stored (T6).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

TYPES: dict[str, tuple[bytes, ...]] = {
    "application/pdf": (b"%PDF",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (b"PK\x03\x04",),
    "text/plain": (b"",),
}
EXTENSIONS = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "text/plain": "txt",
}
# What the file inputs announce to the browser (the server checks again).
ACCEPT = ",".join(f".{ext}" for ext in sorted(set(EXTENSIONS.values())))


@dataclass(frozen=True)
class IncomingFile:
    """A file as received: name and declared type as the sender gave them, and its bytes."""

    filename: str
    content_type: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def incoming(files: Iterable[Any]) -> list[IncomingFile]:
    """``IncomingFile`` objects, or Django ``UploadedFile`` objects read into memory."""
    out: list[IncomingFile] = []
    for f in files:
        if isinstance(f, IncomingFile):
            out.append(f)
            continue
        f.seek(0)
        out.append(
            IncomingFile(
                filename=str(f.name or "-"),
                content_type=str(f.content_type or ""),
                data=f.read(),
            )
        )
    return out


def max_file_bytes() -> int:
    return int(settings.RECUEIL_THREAD_MAX_FILE_BYTES)


def max_files() -> int:
    return int(settings.RECUEIL_THREAD_MAX_FILES)


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.0f}" if n >= 1024 * 1024 else f"{n / (1024 * 1024):.2f}"


def files_check(files: list[IncomingFile]) -> None:
    """Refuse the whole message if one file is not acceptable (nothing is stored)."""
    if len(files) > max_files():
        raise ValidationError(
            _("Au plus %(n)d fichiers par message.") % {"n": max_files()}, code="too_many"
        )
    limit = max_file_bytes()
    scanner_path = settings.RECUEIL_VIRUS_SCANNER
    for f in files:
        if not f.data:
            raise ValidationError(_("Le fichier est vide."), code="empty")
        if len(f.data) > limit:
            raise ValidationError(
                _("Le fichier dépasse la taille maximale de %(mb)s Mo.")
                % {"mb": _megabytes(limit)},
                code="too_large",
            )
        signatures = TYPES.get(f.content_type)
        if signatures is None:
            raise ValidationError(
                _(
                    "Ce type de fichier n'est pas accepté : PDF, images PNG ou JPEG, DOCX "
                    "ou texte seulement."
                ),
                code="type",
            )
        if not any(f.data.startswith(sig) for sig in signatures):
            raise ValidationError(
                _("Le contenu du fichier ne correspond pas à son type."), code="content"
            )
        if f.content_type == "text/plain":
            try:
                f.data.decode("utf-8")
            except UnicodeDecodeError:
                raise ValidationError(
                    _("Le contenu du fichier ne correspond pas à son type."), code="content"
                ) from None
        if scanner_path and not import_string(scanner_path)(f.data, f.content_type):
            raise ValidationError(
                _("L'antivirus a détecté un problème dans ce fichier : il n'a pas été enregistré."),
                code="virus",
            )


def download_name(content_type: str, stem: str) -> str:
    """A neutral name for a download: the stored name may say too much in a URL or a log."""
    return f"{stem}.{EXTENSIONS.get(content_type, 'bin')}"
