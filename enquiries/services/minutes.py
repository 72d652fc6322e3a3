"""Minutes of an interview: draft → read back → signed, or the refusal to sign noted.

Callers: sitting members of the commission (``conduct_enquiry``). Every save keeps a
version (numbered from 1); signed minutes are never changed; a concurrent edit is
refused, never silently applied. Every change is audited, every read is in the access log.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import User
from cases.services.cases import StaleEdit, case_read_record
from enquiries.models import LetterStep, Minutes, MinutesVersion
from enquiries.services.common import audit, letter_due
from enquiries.services.interviews import require_conduct

STALE_MINUTES = _(
    "Le compte rendu a été modifié par une autre personne pendant votre saisie. "
    "Rechargez la page : votre texte n'a pas été enregistré."
)


def _locked_minutes(minutes: Minutes, expected_version: int) -> Minutes:
    current = (
        Minutes.objects.select_for_update()
        .select_related("interview__enquiry__case")
        .get(pk=minutes.pk)
    )
    if current.version != expected_version:
        raise StaleEdit(STALE_MINUTES)
    if current.is_final:
        raise ValidationError(
            _("Le compte rendu est signé ou son refus de signature consigné : il ne change plus.")
        )
    return current


def _new_version(minutes: Minutes, actor: User, fields: list[str]) -> None:
    minutes.version += 1
    minutes.updated_by = actor
    minutes.save(update_fields=[*fields, "version", "updated_by", "updated_at"])
    MinutesVersion(
        key_id=minutes.key_id,
        minutes=minutes,
        number=minutes.version,
        status=minutes.status,
        body=minutes.body or "",
        saved_by=actor,
    ).save(force_insert=True)


def minutes_save(*, actor: User, minutes: Minutes, body: str, expected_version: int) -> Minutes:
    """Save the text; any change after the read-back sends the minutes back to draft."""
    require_conduct(actor, minutes.interview.enquiry)
    if not body.strip():
        raise ValidationError(_("Le compte rendu est vide."))
    with transaction.atomic():
        current = _locked_minutes(minutes, expected_version)
        current.body = body
        current.status = Minutes.Status.DRAFT
        _new_version(current, actor, ["body", "status"])
        audit(
            actor,
            current.interview.enquiry,
            "enquiry.minutes_saved",
            minutes=str(current.pk),
            version=current.version,
        )
    return current


def minutes_read_back(*, actor: User, minutes: Minutes, expected_version: int) -> Minutes:
    """The interviewee re-read this version (directive (UE) 2019/1937, art. 18)."""
    require_conduct(actor, minutes.interview.enquiry)
    with transaction.atomic():
        current = _locked_minutes(minutes, expected_version)
        if not (current.body or "").strip():
            raise ValidationError(_("Le compte rendu est vide."))
        current.status = Minutes.Status.READ_BACK
        _new_version(current, actor, ["status"])
        interview = current.interview
        letter_due(
            enquiry=interview.enquiry,
            step=LetterStep.MINUTES,
            kind="interview_minutes",
            interview=interview,
            party=interview.party,
        )
        audit(
            actor,
            interview.enquiry,
            "enquiry.minutes_read_back",
            minutes=str(current.pk),
            version=current.version,
        )
    return current


def minutes_sign(
    *, actor: User, minutes: Minutes, signed_on: dt.date, expected_version: int
) -> Minutes:
    """The interviewee signed the version read back; the minutes are final."""
    require_conduct(actor, minutes.interview.enquiry)
    if signed_on > timezone.localdate():
        raise ValidationError(_("La date de signature ne peut pas être dans le futur."))
    with transaction.atomic():
        current = _locked_minutes(minutes, expected_version)
        if current.status != Minutes.Status.READ_BACK:
            raise ValidationError(
                _("Le compte rendu doit d'abord être relu avec la personne entendue.")
            )
        current.status = Minutes.Status.SIGNED
        current.signed_on = signed_on
        _new_version(current, actor, ["status", "signed_on"])
        audit(
            actor,
            current.interview.enquiry,
            "enquiry.minutes_signed",
            minutes=str(current.pk),
            version=current.version,
        )
    return current


def minutes_refuse(*, actor: User, minutes: Minutes, note: str, expected_version: int) -> Minutes:
    """The interviewee refused to sign the version read back: the refusal is noted."""
    require_conduct(actor, minutes.interview.enquiry)
    if not note.strip():
        raise ValidationError(
            _("Consignez le refus : ce que la personne a dit ou contesté, et la date.")
        )
    with transaction.atomic():
        current = _locked_minutes(minutes, expected_version)
        if current.status != Minutes.Status.READ_BACK:
            raise ValidationError(
                _("Le compte rendu doit d'abord être relu avec la personne entendue.")
            )
        current.status = Minutes.Status.REFUSED
        current.refusal_note = note
        _new_version(current, actor, ["status", "refusal_note"])
        audit(
            actor,
            current.interview.enquiry,
            "enquiry.minutes_refused",
            minutes=str(current.pk),
            version=current.version,
        )
    return current


def minutes_read(*, actor: User, minutes: Minutes) -> None:
    """The access log: every display of minutes (T2, T5)."""
    enquiry = minutes.interview.enquiry
    case_read_record(actor=actor, case=enquiry.case, what="enquiry_minutes", item=str(minutes.pk))
