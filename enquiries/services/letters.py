"""Letters an enquiry step calls for: prepare one through the letters service, and mark
the row produced once that letter is finalised."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import User
from enquiries.letters import STAFF_LETTER_STEPS, due_id_of, letter_context, may_draft_letters
from enquiries.letters import origin_of as letter_origin
from enquiries.models import LetterDue
from enquiries.services.common import audit
from templates_legal.letters.services import letter_draft
from templates_legal.models import Letter


def letter_due_draft(*, actor: User, due: LetterDue, language: str = "fr") -> Letter:
    """The draft letter ``due`` calls for, prefilled with ``letter_context(due)``.

    Who may call: a holder of ``draft_letter`` on the enquiry's case (the referent in
    charge, the legal directorate), for the steps of ``STAFF_LETTER_STEPS`` only. A draft
    already prepared for the row is returned instead of a second one. Audited by the
    letters service (``letter.drafted``, with the row's reference as ``origin`` and the
    names of the prefilled values, never a value).
    """
    enquiry = due.enquiry
    if not may_draft_letters(actor, enquiry) or due.step not in STAFF_LETTER_STEPS:
        raise PermissionDenied
    if due.produced_at is not None:
        raise ValidationError(_("Ce courrier a déjà été produit."))
    origin = letter_origin(due)
    existing = (
        Letter.objects.filter(case_id=enquiry.case_id, origin=origin, status=Letter.Status.DRAFT)
        .order_by("created_at")
        .first()
    )
    if existing is not None:
        return existing
    return letter_draft(
        actor=actor,
        case=enquiry.case,
        kind=due.kind,
        language=language,
        extra=letter_context(due),
        origin=origin,
    )


def letter_due_produced(*, actor: User, due: LetterDue, letter_ref: str) -> LetterDue:
    """Mark ``due`` as produced by the letter ``letter_ref`` (the letters service's id).

    The caller (templates_legal) has checked that ``actor`` may draft letters for the
    case. Idempotent for the same letter; a second, different letter is refused.
    Audited: ``enquiry.letter_produced``.
    """
    if not letter_ref.strip():
        raise ValueError("letter_ref is required")
    with transaction.atomic():
        current = (
            LetterDue.objects.select_for_update().select_related("enquiry__case").get(pk=due.pk)
        )
        if current.produced_at is not None:
            if current.letter_ref == letter_ref:
                return current
            raise ValidationError(_("Ce courrier a déjà été produit."))
        current.produced_at = timezone.now()
        current.produced_by = actor
        current.letter_ref = letter_ref
        current.save(update_fields=["produced_at", "produced_by", "letter_ref"])
        audit(
            actor,
            current.enquiry,
            "enquiry.letter_produced",
            kind=current.kind,
            step=current.step,
            letter=letter_ref,
        )
    return current


def on_letter_finalised(sender: object, *, letter: Letter, actor: User, **_kwargs: Any) -> None:
    """Receiver of ``templates_legal.signals.letter_finalised`` (connected in apps.py).

    Only forwards to ``letter_due_produced`` (which owns the rule and the audit), inside
    the finalising transaction. The origin is trusted within its case only: a letter of
    another case never marks a row. A row already produced by another letter refuses the
    finalisation (``ValidationError``): one register entry per letter due.
    """
    due_id = due_id_of(letter.origin or "")
    if due_id is None:
        return
    due = LetterDue.objects.filter(pk=due_id, enquiry__case_id=letter.case_id).first()
    if due is not None:
        letter_due_produced(actor=actor, due=due, letter_ref=str(letter.pk))
