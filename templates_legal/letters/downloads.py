"""Letter files handed out: the final DOCX or PDF, under the rules of ``services``.

- a draft has no file; its text is shown on its page only;
- a final letter awaiting signature (or withdrawn before it): its DOCX for those who
  draft or sign letters on the case (review before signing); it has no PDF yet — the
  PDF, the copy to send, is produced when it is signed (``services.letter_sign``);
- a signed or issued letter: DOCX and PDF for anyone who may see the case, and for its
  signatory while they keep a signing role in the entity — once their step is done they
  keep the letters they signed, not the case file (docs/threat-model.md).

Every download goes to the case's access log; file names are neutral (the register
number, never a person's name: T7).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from cases.core.crypto.aead import DecryptionError
from cases.models import CasePermission, RoleMembership, User
from cases.selectors.cases import case_permissions_of
from cases.services.cases import case_read_record
from templates_legal.kinds import UnknownLetterKind, letter_kind
from templates_legal.models import Letter

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_MIME = "application/pdf"


class LetterUnreadable(Exception):
    """The case was crypto-shredded: its letters can no longer be decrypted, by design."""


@dataclass(frozen=True)
class LetterFile:
    content: bytes
    content_type: str
    filename: str


def is_keeping_signatory(actor: User, letter: Letter) -> bool:
    """``actor`` signed this letter and still holds a signatory role of its kind in its
    entity (the référent an acknowledgement, the direction a notification...)."""
    try:
        roles = letter_kind(letter.kind).signatory_roles
    except UnknownLetterKind:
        return False
    return (
        letter.signed_by_id == actor.pk
        and letter.status in {Letter.Status.SIGNED, Letter.Status.ISSUED}
        and RoleMembership.objects.filter(
            user=actor, entity_id=letter.entity_id, role__in=roles
        ).exists()
    )


def _final_formats(letter: Letter) -> list[str]:
    ready = letter.pdf_status == Letter.PdfStatus.READY
    return ["docx", "pdf"] if ready else ["docx"]


def downloadable_formats(actor: User, letter: Letter) -> list[str]:
    """The formats ``actor`` may download now (see the module docstring)."""
    if letter.is_draft:
        return []
    permissions = case_permissions_of(actor, letter.case)
    if CasePermission.VIEW not in permissions:
        return _final_formats(letter) if is_keeping_signatory(actor, letter) else []
    formats = []
    if letter.status in {Letter.Status.SIGNED, Letter.Status.ISSUED}:
        formats.extend(_final_formats(letter))
    elif {CasePermission.DRAFT_LETTER, CasePermission.SIGN_LETTER} & permissions:
        formats.append("docx")  # for review before signing; the PDF is the sendable copy
    return formats


def letter_file(*, actor: User, letter: Letter, fmt: str) -> LetterFile:
    """The final DOCX or PDF, for download; recorded in the case's access log."""
    if fmt not in downloadable_formats(actor, letter):
        raise PermissionDenied
    try:
        content = bytes(letter.pdf if fmt == "pdf" else letter.docx)
    except DecryptionError:
        raise LetterUnreadable from None
    case_read_record(actor=actor, case=letter.case, what="letter", item=f"{letter.pk}:{fmt}")
    # A neutral name: the register number, never a person's name (T7).
    filename = f"courrier-{letter.entity.code}-{letter.register_number}.{fmt}"
    return LetterFile(content, PDF_MIME if fmt == "pdf" else DOCX_MIME, filename)
