"""The life of a case's letters: draft, fill in, finalise, sign, discard.

The ``letters`` concern of ``templates_legal`` (beside ``templates_admin``, the versioned
templates these letters are rendered from): ``services`` (this module) changes letters,
``selectors`` reads them, ``register`` numbers them, ``downloads`` hands out their files,
``forms`` and ``views`` are the pages.

Who may call (each function re-checks, raising ``PermissionDenied``; views answer 404
before getting here):

- ``letter_draft``, ``letter_values_update``, ``letter_finalise``, ``letter_pdf_make``,
  ``letter_discard``: holders of ``draft_letter`` on the case;
- ``letter_sign``: holders of ``sign_letter`` on the case who also hold, in the case's
  entity, one of the roles the kind names as signatories (kinds.py: the direction signs
  an Article 40 letter, the référent an acknowledgement...);
- ``downloads.letter_file``: holders of ``view_case``, under the rules given there.

The life of a letter::

    draft ──finalise──▶ final (awaiting signature) ──sign──▶ signed
                    └─▶ issued (kinds no staff member signs: the addressee signs the paper)

Finalising renders the DOCX from the template version in force, converts it to PDF,
takes the next number of the entity's register for the year (``register``) and freezes
the letter: its values can no longer change (a new letter must be drafted). Who may
download which file, once final, is ``downloads``'s rule.

Audited (``audit_record``, target the case so the events show in its history):
``letter.drafted``, ``letter.draft_updated`` (field names only), ``letter.finalised``
(register number, template version and digest, sizes), ``letter.signed``,
``letter.pdf_made``, ``letter.discarded``; every download and every view of a letter's
text goes to the access log (``case_read_record``, ``what="letter"``). Never a value.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.core.accounts.notices import notice_send
from cases.core.audit.services import audit_record
from cases.models import Case, CasePermission, User
from cases.selectors.cases import user_can
from cases.services.access import CASE_GRANTS, ConflictOfInterest, grants_add
from cases.services.closed import case_require_open
from cases.services.grant_reasons import grants_reconcile
from templates_legal.context import LOCKED_NAMES, letter_context_build, signatory_values
from templates_legal.kinds import Addressee, LetterKind, UnknownLetterKind, letter_kind
from templates_legal.letters import signatories
from templates_legal.letters.register import register_number_allocate
from templates_legal.models import DEFAULT_VERSION, Letter, LetterTemplate
from templates_legal.rendering import (
    PdfConversionError,
    PdfConversionUnavailable,
    docx_to_pdf,
    render_docx,
)
from templates_legal.signals import letter_finalised
from templates_legal.templates_admin.selectors import (
    active_template,
    default_template,
    language_codes,
)

logger = logging.getLogger(__name__)

# Shown in a preview where a required value is still missing.
MISSING_MARK = "[à compléter]"


def _require(actor: User, case: Case, permission: str) -> None:
    if not user_can(actor, case, permission):
        raise PermissionDenied


def kind_writable(case: Case, kind: str | LetterKind) -> bool:
    """Whether a letter of ``kind`` may be drafted, edited, finalised or discarded now."""
    return case.status == Case.Status.OPEN or letter_kind(kind).after_closure


def _require_writable(case: Case, kind: str | LetterKind) -> None:
    """A closed case takes no new letter but the kinds ``after_closure`` allows; a letter
    already finalised is still signed, withdrawn and sent (``cases.services.closed``)."""
    if not letter_kind(kind).after_closure:
        case_require_open(case)


def needs_staff_signature(kind: str | LetterKind) -> bool:
    return bool(letter_kind(kind).signatory_roles)


# --- values: JSON-safe in the database, typed for rendering -----------------------------


def _encode(values: Mapping[str, object]) -> dict[str, object]:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in values.items()}


def typed_values(letter: Letter) -> dict[str, object]:
    """The stored values with dates back as ``datetime.date`` (strings stay strings)."""
    kind = letter_kind(letter.kind)
    stored = dict(letter.values or {})
    typed: dict[str, object] = {}
    for placeholder in kind.placeholders:
        value = stored.get(placeholder.name)
        if value in (None, ""):
            continue
        if placeholder.kind == "date" and isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                pass
        typed[placeholder.name] = value
    return typed


def missing_values(letter: Letter) -> list[str]:
    """Required names still without a value, in the kind's order."""
    values = typed_values(letter)
    kind = letter_kind(letter.kind)
    return [
        p.name
        for p in kind.placeholders
        if p.required and p.kind != "flag" and p.name not in LOCKED_NAMES and p.name not in values
    ]


def _recipient_label(kind: LetterKind, values: Mapping[str, object]) -> str:
    if kind.addressee == Addressee.PROSECUTOR:
        court = values.get("court_name") or ""
        return f"Procureur de la République — {court}".rstrip(" —")
    if kind.addressee == Addressee.CASE_FILE:
        return str(values.get("interviewee_name") or "Pièce du dossier")
    return str(values.get("recipient_name") or values.get("interviewee_name") or "")


def _template_for(letter: Letter) -> bytes:
    template = active_template(letter.entity, letter.kind, letter.language)
    if template is None:
        raise ValidationError(
            _("Aucun modèle n'est disponible pour ce courrier dans cette langue.")
        )
    letter.template_version = template.version
    letter.template_sha256 = template.sha256
    return bytes(template.content)


# --- services ---------------------------------------------------------------------------


def letter_draft(
    *,
    actor: User,
    case: Case,
    kind: str | LetterKind,
    language: str = "fr",
    extra: Mapping[str, object] | None = None,
    origin: str = "",
) -> Letter:
    """A draft letter of ``kind`` about ``case``, its values built from the case (+ ``extra``).

    ``extra``: values another app knows (an enquiry's interview...), within the kind's
    documented context — see ``templates_legal.context``. ``origin``: that app's
    reference of what called for the letter (``Letter.origin``), handed back to it by
    ``signals.letter_finalised``. Audited as ``letter.drafted``.
    """
    _require(actor, case, CasePermission.DRAFT_LETTER)
    try:
        letter_type = letter_kind(kind)
    except UnknownLetterKind:
        raise ValidationError(_("Type de courrier inconnu.")) from None
    if language not in language_codes():
        raise ValidationError(_("Langue non prise en charge."))
    if case.status == Case.Status.SHREDDED:
        raise ValidationError(_("Les données de ce dossier ont été détruites."))
    template = active_template(case.entity, letter_type, language)
    if template is None:
        raise ValidationError(
            _("Aucun modèle de ce courrier n'est disponible dans cette langue pour l'entité.")
        )
    values = letter_context_build(
        case=case, kind=letter_type, actor=actor, language=language, extra=extra
    )
    # Reference, entity and date are set at each rendering (the date: the day it is
    # finalised); only what a person may edit is stored.
    values = {k: v for k, v in values.items() if k not in LOCKED_NAMES}
    with transaction.atomic():
        _require_writable(case, letter_type)
        letter = Letter(
            key_id=case.key_id,
            case=case,
            entity_id=case.entity_id,
            kind=letter_type.code,
            language=language,
            template_version=template.version,
            template_sha256=template.sha256,
            values=_encode(values),
            recipient=_recipient_label(letter_type, values),
            origin=origin,
            created_by=actor,
        )
        letter.save(force_insert=True)
        audit_record(
            actor=actor,
            action="letter.drafted",
            target=case,
            entity_id=case.entity_id,
            details={
                "letter": str(letter.pk),
                "kind": letter_type.code,
                "language": language,
                "template_version": template.version,
                "prefilled": sorted(values),
                "extra": sorted(extra or {}),
                "origin": origin,
            },
        )
    return letter


def letter_values_update(*, actor: User, letter: Letter, values: Mapping[str, object]) -> Letter:
    """Change the free values of a draft. Locked names are ignored; unknown ones refused.

    Audited as ``letter.draft_updated`` with the names of the changed values.
    """
    _require(actor, letter.case, CasePermission.DRAFT_LETTER)
    kind = letter_kind(letter.kind)
    unknown = set(values) - kind.context_names
    if unknown:
        raise ValueError(f"{kind.code}: not in the documented context: {sorted(unknown)}")
    with transaction.atomic():
        _require_writable(letter.case, kind)
        current = Letter.objects.select_for_update().get(pk=letter.pk)
        if not current.is_draft:
            raise ValidationError(_("Ce courrier est finalisé : il ne peut plus être modifié."))
        stored = dict(current.values or {})
        changed = []
        for name, value in _encode(values).items():
            if name in LOCKED_NAMES:
                continue
            value = value.strip() if isinstance(value, str) else value
            if value in (None, ""):
                if name in stored:
                    del stored[name]
                    changed.append(name)
            elif stored.get(name) != value:
                stored[name] = value
                changed.append(name)
        if changed:
            current.values = stored
            current.recipient = _recipient_label(kind, stored)
            current.save(update_fields=["values", "recipient"])
            audit_record(
                actor=actor,
                action="letter.draft_updated",
                target=current.case,
                entity_id=current.entity_id,
                details={"letter": str(current.pk), "fields": sorted(changed)},
            )
    return current


def letter_render(
    letter: Letter,
    *,
    preview: bool = False,
    signer: User | None = None,
    template: bytes | None = None,
) -> bytes:
    """The letter as a DOCX, from the template version in force and the stored values.

    ``signer``: whose name and function the signature block prints (the designated
    signatory at finalisation, the person signing at signature); in a preview, the
    designated or default signatory. ``template``: the exact template to use (the
    finalised version, at signature); else the version in force.
    ``preview``: required values still missing show as ``[à compléter]`` instead of
    failing, and the date is today's.
    """
    values = typed_values(letter)
    values.update(
        {
            "case_reference": letter.case.reference,
            "entity_name": letter.entity.name,
            "letter_date": letter.letter_date or timezone.localdate(),
        }
    )
    kind = letter_kind(letter.kind)
    if signer is None and preview:
        signer = letter.signatory or signatories.default_signatory(letter)
    if signer is not None:
        values.update(signatory_values(signer, kind, letter.entity_id))
    if preview:
        for name in missing_values(letter):
            values[name] = MISSING_MARK
        for name in SIGNED_NAMES & kind.context_names:
            values.setdefault(name, MISSING_MARK)
    content = template if template is not None else _template_for(letter)
    return render_docx(content, values, kind=letter.kind, language=letter.language)


SIGNED_NAMES = frozenset({"signatory_name", "signatory_title"})


def _finalised_template(letter: Letter) -> bytes:
    """The very template the letter was finalised from (same version, same digest)."""
    template: LetterTemplate | None
    if letter.template_version == DEFAULT_VERSION:
        template = default_template(letter.kind, letter.language)
    else:
        template = LetterTemplate.objects.filter(
            entity_id=letter.entity_id,
            kind=letter.kind,
            language=letter.language,
            version=letter.template_version,
        ).first()
    if template is None or template.sha256 != letter.template_sha256:
        raise ValidationError(
            _(
                "Le modèle de ce courrier a changé depuis sa finalisation : retirez-le et "
                "préparez-en un nouveau."
            )
        )
    return bytes(template.content)


def _convert(letter: Letter, docx: bytes) -> tuple[bytes | None, str]:
    try:
        return docx_to_pdf(docx), Letter.PdfStatus.READY
    except PdfConversionUnavailable:
        return None, Letter.PdfStatus.UNAVAILABLE
    except PdfConversionError as exc:
        # The error holds LibreOffice's stderr, never the document: safe to log (T7).
        logger.warning("letter %s: PDF conversion failed: %s", letter.pk, exc)
        return None, Letter.PdfStatus.FAILED


def letter_finalise(*, actor: User, letter: Letter, signatory: User | None = None) -> Letter:
    """Freeze a draft: final DOCX (and PDF), encrypted; next register number; traced.

    Refused while a required value is missing. A kind a staff member signs needs its
    ``signatory`` (``signatories.candidates``; by default ``default_signatory``): the
    final DOCX prints their name and function for review, the letter waits for a
    signature (``final``), the designated person is given what signing needs
    (``letter_to_sign``: view and sign) and told by a notice without content. The PDF,
    the copy that is sent, is produced at signature with the real signer
    (``letter_sign``). A kind nobody on staff signs is ``issued`` at once, with its PDF.
    The conversion runs before the transaction (it takes seconds; the register counter
    stays locked only for the write); without LibreOffice the letter is still finalised,
    its PDF marked unavailable (``letter_pdf_make`` can produce it later). Audited as
    ``letter.finalised``; then ``signals.letter_finalised`` is sent, in the transaction.
    """
    _require(actor, letter.case, CasePermission.DRAFT_LETTER)
    _require_writable(letter.case, letter.kind)  # before rendering; again under the lock
    if not letter.is_draft:
        raise ValidationError(_("Ce courrier est déjà finalisé."))
    missing = missing_values(letter)
    if missing:
        kind = letter_kind(letter.kind)
        labels = [str(p.description) for p in kind.placeholders if p.name in missing]
        raise ValidationError(
            _("Complétez d'abord : %(fields)s.") % {"fields": " ; ".join(labels)},
            code="missing_values",
        )
    signed_by_staff = needs_staff_signature(letter.kind)
    if signed_by_staff:
        if signatory is None:
            signatory = signatories.default_signatory(letter, actor)
        if signatory is None:
            raise ValidationError(_("Choisissez la personne qui signera ce courrier."))
        if not signatories.may_sign_kind(signatory, letter):
            raise ValidationError(_("Cette personne ne peut pas signer ce type de courrier."))
    else:
        signatory = None
    today = timezone.localdate()
    letter.letter_date = today
    try:
        docx = letter_render(letter, signer=signatory)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    pdf: bytes | None = None
    pdf_status: str = Letter.PdfStatus.NONE
    if not signed_by_staff:
        pdf, pdf_status = _convert(letter, docx)
    with transaction.atomic():
        _require_writable(letter.case, letter.kind)
        current = Letter.objects.select_for_update().get(pk=letter.pk)
        if not current.is_draft:
            raise ValidationError(_("Ce courrier est déjà finalisé."))
        current.year = today.year
        current.number = register_number_allocate(current.entity, today.year)
        current.letter_date = today
        current.template_version = letter.template_version
        current.template_sha256 = letter.template_sha256
        current.docx = docx
        current.pdf = pdf
        current.pdf_status = pdf_status
        current.status = Letter.Status.FINAL if signed_by_staff else Letter.Status.ISSUED
        current.signatory = signatory
        current.finalised_by = actor
        current.finalised_at = timezone.now()
        current.save()
        audit_record(
            actor=actor,
            action="letter.finalised",
            target=current.case,
            entity_id=current.entity_id,
            details={
                "letter": str(current.pk),
                "kind": current.kind,
                "language": current.language,
                "register": current.register_number,
                "template_version": current.template_version,
                "template_sha256": current.template_sha256,
                "docx_bytes": len(docx),
                "pdf": pdf_status,
                "signatory": signatory.pk if signatory is not None else None,
            },
        )
        # In the same transaction: what the letter completes (an enquiry's step) is
        # marked done with it, or the finalisation is refused (signals.py).
        letter_finalised.send(sender=Letter, letter=current, actor=actor)
        if signatory is not None:
            _signatory_bring_in(actor=actor, letter=current, signatory=signatory)
    return current


LETTER_TO_SIGN = "letter_to_sign"


def _signatory_bring_in(*, actor: User, letter: Letter, signatory: User) -> None:
    """What signing needs, for as long as the letter waits (``grant_reasons``), and a
    notice without content; nothing for the person finalising if they sign it."""
    try:
        grants_add(
            CASE_GRANTS,
            actor=actor,
            obj=letter.case,
            user=signatory,
            permissions=SIGNING_PERMISSIONS,
            reason=LETTER_TO_SIGN,
        )
    except ConflictOfInterest:
        raise ValidationError(
            _("Cette personne est en conflit d'intérêts avec ce dossier : elle ne peut pas signer.")
        ) from None
    if signatory.pk != actor.pk:
        notice_send([signatory], actor=actor)


# What a person asked to sign holds while the letter waits: reading the case (the letter
# page is a page of the case) and signing; nothing to change, decide or draft.
SIGNING_PERMISSIONS = frozenset({CasePermission.VIEW.value, CasePermission.SIGN_LETTER.value})


def letter_pdf_make(*, actor: User, letter: Letter) -> Letter:
    """Produce the PDF of a signed or issued letter that has none (LibreOffice was
    missing or failed).

    Converts the stored final DOCX, so the PDF says exactly what the DOCX says.
    Audited as ``letter.pdf_made``.
    """
    _require(actor, letter.case, CasePermission.DRAFT_LETTER)
    sendable = letter.status in {Letter.Status.SIGNED, Letter.Status.ISSUED}
    if not sendable or letter.pdf_status == Letter.PdfStatus.READY:
        raise ValidationError(_("Ce courrier n'attend pas de PDF."))
    pdf, status = _convert(letter, bytes(letter.docx))
    with transaction.atomic():
        current = Letter.objects.select_for_update().get(pk=letter.pk)
        current.pdf = pdf
        current.pdf_status = status
        current.save(update_fields=["pdf", "pdf_status"])
        audit_record(
            actor=actor,
            action="letter.pdf_made",
            target=current.case,
            entity_id=current.entity_id,
            details={"letter": str(current.pk), "pdf": status},
        )
    return current


def can_sign(actor: User, letter: Letter) -> bool:
    """A final letter waiting for its signature, and ``actor`` holds a signatory role of
    its kind in the entity, is not in conflict with the case, and holds the case now
    (their step, the referent in charge, or the letter waiting for them)."""
    return (
        letter.status == Letter.Status.FINAL
        and needs_staff_signature(letter.kind)
        and user_can(actor, letter.case, CasePermission.VIEW)
        and signatories.may_sign_kind(actor, letter)
    )


def letter_sign(*, actor: User, letter: Letter) -> Letter:
    """``actor`` signs the final letter: it is rendered again from its stored values and
    the very template it was finalised from, its signature block naming ``actor`` with
    the function of their account that day, then converted to PDF — the copy to send.

    The register number and the letter's date stay those of the finalisation (the
    register has no gaps and stays in order); both files stay encrypted with the case's
    key. Who signed and their function are kept in clear (``signed_by``,
    ``signed_title``) for the register. Audited as ``letter.signed``; the signatory's
    reason to hold the case ends in the same transaction (``grants_reconcile``).
    """
    if letter.status != Letter.Status.FINAL:
        raise ValidationError(_("Seul un courrier finalisé et non encore signé peut l'être."))
    if not can_sign(actor, letter):
        raise PermissionDenied
    try:
        docx = letter_render(letter, signer=actor, template=_finalised_template(letter))
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    pdf, pdf_status = _convert(letter, docx)
    title = signatory_values(actor, letter.kind, letter.entity_id).get("signatory_title", "")
    with transaction.atomic():
        current = Letter.objects.select_for_update().get(pk=letter.pk)
        if current.status != Letter.Status.FINAL:
            raise ValidationError(_("Seul un courrier finalisé et non encore signé peut l'être."))
        current.status = Letter.Status.SIGNED
        current.signed_by = actor
        current.signed_at = timezone.now()
        current.signed_title = title[:200]
        current.docx = docx
        current.pdf = pdf
        current.pdf_status = pdf_status
        current.save(
            update_fields=[
                "status",
                "signed_by",
                "signed_at",
                "signed_title",
                "docx",
                "pdf",
                "pdf_status",
            ]
        )
        audit_record(
            actor=actor,
            action="letter.signed",
            target=current.case,
            entity_id=current.entity_id,
            details={
                "letter": str(current.pk),
                "register": current.register_number,
                "designated": current.signatory_id == actor.pk,
                "docx_bytes": len(docx),
                "pdf": pdf_status,
            },
        )
        # Signed: the wait for this signatory, a reason to hold the case, is over.
        grants_reconcile(case=current.case, actor=actor, cause="letter_signed")
    return current


def letter_withdraw(*, actor: User, letter: Letter) -> Letter:
    """Withdraw a final letter before it is signed (an error seen on review): it keeps
    its register number, marked withdrawn, and will never be sent; a new letter can be
    drafted. Holders of ``draft_letter`` on the case. The designated signatory's reason
    to hold the case ends in the same transaction. Audited as ``letter.withdrawn``.
    """
    _require(actor, letter.case, CasePermission.DRAFT_LETTER)
    with transaction.atomic():
        current = Letter.objects.select_for_update().get(pk=letter.pk)
        if current.status != Letter.Status.FINAL:
            raise ValidationError(_("Seul un courrier en attente de signature peut être retiré."))
        current.status = Letter.Status.WITHDRAWN
        current.withdrawn_by = actor
        current.withdrawn_at = timezone.now()
        current.save(update_fields=["status", "withdrawn_by", "withdrawn_at"])
        audit_record(
            actor=actor,
            action="letter.withdrawn",
            target=current.case,
            entity_id=current.entity_id,
            details={"letter": str(current.pk), "register": current.register_number},
        )
        grants_reconcile(case=current.case, actor=actor, cause="letter_withdrawn")
    return current


def letter_discard(*, actor: User, letter: Letter) -> None:
    """Delete a draft (a finalised letter stays in the register for good)."""
    _require(actor, letter.case, CasePermission.DRAFT_LETTER)
    with transaction.atomic():
        _require_writable(letter.case, letter.kind)
        current = Letter.objects.select_for_update().get(pk=letter.pk)
        if not current.is_draft:
            raise ValidationError(_("Un courrier finalisé ne peut pas être supprimé."))
        audit_record(
            actor=actor,
            action="letter.discarded",
            target=current.case,
            entity_id=current.entity_id,
            details={"letter": str(current.pk), "kind": current.kind},
        )
        current.delete()
