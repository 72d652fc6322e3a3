"""Files of an enquiry: recordings, transcripts, signed documents, exhibits.

Stored encrypted with the case's data key, with a SHA-256 checksum (encrypted too)
checked on every download. Limits: PDF, PNG/JPEG images and audio only, checked
by content and not only by the declared type; a size limit per kind (settings
``RECUEIL_ENQUIRY_MAX_FILE_BYTES`` and ``RECUEIL_ENQUIRY_MAX_RECORDING_BYTES``). A
recording — any audio file — needs the interviewee's written authorisation.
Every refusal happens before anything is written.

Virus scanning: ``RECUEIL_VIRUS_SCANNER`` may name a callable
``scan(data: bytes, content_type: str) -> bool`` (True when clean), e.g. a clamd
client; without one, files are marked "not scanned".
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from cases.core.crypto.aead import DecryptionError
from cases.models import User
from cases.services.cases import case_read_record
from enquiries.models import EnquiryAttachment, EnquiryPermission, Interview
from enquiries.models.enquiry import Enquiry
from enquiries.selectors import recording_allowed
from enquiries.services.common import audit, require, require_running, require_seat

DOCUMENT_TYPES: dict[str, tuple[bytes, ...]] = {
    "application/pdf": (b"%PDF",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
}
AUDIO_TYPES: dict[str, tuple[bytes, ...]] = {
    "audio/mpeg": (b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"),
    "audio/mp4": (b"\x00\x00\x00",),
    "audio/x-m4a": (b"\x00\x00\x00",),
    "audio/ogg": (b"OggS",),
    "audio/wav": (b"RIFF",),
    "audio/x-wav": (b"RIFF",),
}
EXTENSIONS = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "audio/mpeg": "mp3",
    "audio/mp4": "m4a",
    "audio/x-m4a": "m4a",
    "audio/ogg": "ogg",
    "audio/wav": "wav",
    "audio/x-wav": "wav",
}


class ChecksumMismatch(Exception):
    """A stored file no longer matches its checksum: never served."""


def max_bytes(kind: str) -> int:
    if kind == EnquiryAttachment.Kind.RECORDING:
        return int(settings.RECUEIL_ENQUIRY_MAX_RECORDING_BYTES)
    return int(settings.RECUEIL_ENQUIRY_MAX_FILE_BYTES)


def _scanner() -> Callable[[bytes, str], bool] | None:
    path = settings.RECUEIL_VIRUS_SCANNER
    return import_string(path) if path else None


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.0f}" if n >= 1024 * 1024 else f"{n / (1024 * 1024):.2f}"


def attachment_add(
    *,
    actor: User,
    enquiry: Enquiry,
    kind: str,
    filename: str,
    content_type: str,
    data: bytes,
    interview: Interview | None = None,
) -> EnquiryAttachment:
    """Store one file encrypted, or refuse it with a clear message and store nothing."""
    require(actor, enquiry, EnquiryPermission.CONDUCT)
    require_running(enquiry)
    require_seat(actor, enquiry)
    if kind not in EnquiryAttachment.Kind.values:
        raise ValidationError(_("Choisissez le type de pièce."))
    if interview is not None and interview.enquiry_id != enquiry.pk:
        raise ValidationError(_("Cet entretien n'appartient pas à cette enquête."))
    is_audio = content_type in AUDIO_TYPES
    if kind == EnquiryAttachment.Kind.RECORDING or is_audio:
        if interview is None:
            raise ValidationError(_("Un enregistrement se rattache à un entretien."))
        if not recording_allowed(interview):
            raise ValidationError(
                _(
                    "Enregistrement refusé : la personne entendue n'a pas donné d'autorisation "
                    "écrite d'enregistrer cet entretien."
                )
            )
        if not is_audio:
            raise ValidationError(
                _("Un enregistrement doit être un fichier audio (MP3, M4A, OGG ou WAV).")
            )
        kind = EnquiryAttachment.Kind.RECORDING
        signatures = AUDIO_TYPES[content_type]
    else:
        if content_type not in DOCUMENT_TYPES:
            raise ValidationError(
                _(
                    "Ce type de fichier n'est pas accepté : PDF, images PNG ou JPEG, ou "
                    "enregistrement audio autorisé seulement."
                )
            )
        signatures = DOCUMENT_TYPES[content_type]
    if not data:
        raise ValidationError(_("Le fichier est vide."))
    limit = max_bytes(kind)
    if len(data) > limit:
        raise ValidationError(
            _("Le fichier dépasse la taille maximale de %(mb)s Mo pour ce type de pièce.")
            % {"mb": _megabytes(limit)}
        )
    if not any(data.startswith(sig) for sig in signatures):
        raise ValidationError(_("Le contenu du fichier ne correspond pas à son type."))
    scanner = _scanner()
    scan = EnquiryAttachment.Scan.NOT_SCANNED
    if scanner is not None:
        if not scanner(data, content_type):
            raise ValidationError(_("Le fichier a été refusé par l'analyse antivirus."))
        scan = EnquiryAttachment.Scan.CLEAN
    with transaction.atomic():
        attachment = EnquiryAttachment(
            key_id=enquiry.key_id,
            enquiry=enquiry,
            interview=interview,
            kind=kind,
            content_type=content_type,
            size=len(data),
            scan=scan,
            uploaded_by=actor,
            filename=filename or "-",
            sha256=hashlib.sha256(data).hexdigest(),
            content=data,
        )
        attachment.save(force_insert=True)
        audit(
            actor,
            enquiry,
            "enquiry.attachment_added",
            attachment=str(attachment.pk),
            kind=kind,
            type=content_type,
            size=len(data),
        )
    return attachment


def attachment_read(*, actor: User, attachment: EnquiryAttachment) -> bytes:
    """The file's bytes after checking its checksum; the download is in the access log."""
    require(actor, attachment.enquiry, EnquiryPermission.CONDUCT)
    try:
        data = bytes(attachment.content)
    except DecryptionError as exc:
        raise ChecksumMismatch(str(attachment.pk)) from exc
    if hashlib.sha256(data).hexdigest() != attachment.sha256:
        raise ChecksumMismatch(str(attachment.pk))
    case_read_record(
        actor=actor,
        case=attachment.enquiry.case,
        what="enquiry_attachment",
        item=str(attachment.pk),
    )
    return data


def download_name(attachment: EnquiryAttachment) -> str:
    """The real file name may hold a name (T7): downloads get a neutral one."""
    return f"piece-{attachment.pk}.{EXTENSIONS.get(attachment.content_type, 'bin')}"
