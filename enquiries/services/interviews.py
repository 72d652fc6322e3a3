"""Interviews: plan and summon, commitments and recording authorisation, minutes.

Callers: sitting members of the commission (``conduct_enquiry``). The rules:
a signed confidentiality commitment from every person present before the interview
is held; recording only with the interviewee's written authorisation (directive (UE)
2019/1937, art. 18); minutes go draft → read back → signed, or the refusal to sign is
noted, and signed minutes are never changed; a concurrent edit is refused, never
silently applied. Every change is audited, every read of minutes is in the access log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cases.models import Party, User
from cases.services.cases import party_add
from enquiries.languages import language_choices
from enquiries.models import (
    CommissionMember,
    ConfidentialityCommitment,
    Enquiry,
    EnquiryPermission,
    Interview,
    LetterDue,
    LetterStep,
    Minutes,
    RecordingAuthorisation,
)
from enquiries.selectors import missing_commitments, summons_notice
from enquiries.services.common import audit, letter_due, require, require_running, require_seat


def require_conduct(actor: User, enquiry: Enquiry) -> CommissionMember:
    require(actor, enquiry, EnquiryPermission.CONDUCT)
    require_running(enquiry)
    return require_seat(actor, enquiry)


def witness_add(*, actor: User, enquiry: Enquiry, identity: dict[str, Any], status: str) -> Party:
    """A witness the commission wants to hear, added to the case as a party.

    Adding them to the case (rather than to the enquiry only) puts them in the case's
    blind index and makes them count as a party for every later conflict check.
    Audited: ``case.party_added`` and ``enquiry.witness_added``.
    """
    require_conduct(actor, enquiry)
    if (
        not str(identity.get("first_name", "")).strip()
        or not str(identity.get("last_name", "")).strip()
    ):
        raise ValidationError(_("Indiquez le prénom et le nom du témoin."))
    if status not in Party.Status.values:
        raise ValidationError(_("Statut inconnu."))
    clean = {k: str(v).strip() for k, v in identity.items() if str(v or "").strip()}
    with transaction.atomic():
        party = party_add(
            actor=actor, case=enquiry.case, role=Party.Role.WITNESS, identity=clean, status=status
        )
        audit(actor, enquiry, "enquiry.witness_added", party=str(party.pk))
    return party


def interview_plan(
    *,
    actor: User,
    enquiry: Enquiry,
    party: Party,
    scheduled_at: dt.datetime,
    mode: str,
    place: str,
    summons_sent_on: dt.date,
    interviewers: Sequence[CommissionMember],
    support_person_allowed: bool = True,
    recording_requested: bool = False,
    short_notice_accepted: bool = False,
    language: str = "fr",
) -> Interview:
    """Plan an interview and record the summons; refused if the notice is too short.

    Letters due: ``interview_summons`` (to the interviewee), ``confidentiality_commitment``
    and, when recording is asked for, ``recording_authorisation``.
    """
    require_conduct(actor, enquiry)
    problems: list[str] = []
    if party.case_id != enquiry.case_id:
        raise ValidationError(_("Cette personne n'est pas concernée par ce dossier."))
    if party.anonymous:
        problems.append(_("Une personne anonyme ou inconnue ne peut pas être convoquée."))
    if mode not in Interview.Mode.values:
        problems.append(_("Choisissez la modalité de l'entretien."))
    if not place.strip():
        problems.append(_("Indiquez le lieu, ou les modalités de connexion à la visioconférence."))
    if language not in dict(language_choices()):
        problems.append(_("Choisissez la langue de l'entretien dans la liste."))
    if not interviewers:
        problems.append(_("Au moins un membre de la commission conduit l'entretien."))
    seats = set(enquiry.members.filter(ended_at__isnull=True).values_list("pk", flat=True))
    if any(m.pk not in seats for m in interviewers):
        problems.append(_("Seuls les membres de la commission peuvent conduire l'entretien."))
    if scheduled_at <= timezone.now():
        problems.append(_("L'entretien doit être fixé à une date à venir."))
    if summons_sent_on > timezone.localdate():
        problems.append(_("La date d'envoi de la convocation ne peut pas être dans le futur."))
    if summons_sent_on < enquiry.decided_on:
        problems.append(_("La convocation ne peut pas précéder l'ouverture de l'enquête."))
    notice = summons_notice(
        sent_on=summons_sent_on,
        interview_on=timezone.localtime(scheduled_at).date(),
        alsace_moselle=enquiry.case.entity.alsace_moselle,
    )
    if not notice.respected and not short_notice_accepted:
        problems.append(
            _(
                "Le délai de convocation est trop court : %(days)d jour(s) ouvré(s) pour un minimum "
                "de %(required)d. Fixez l'entretien au %(earliest)s ou après, ou indiquez que la "
                "personne a demandé ou accepté un délai plus court."
            )
            % {
                "days": notice.working_days,
                "required": notice.required_working_days,
                "earliest": date_format(notice.earliest, "DATE_FORMAT"),
            }
        )
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        interview = Interview(
            key_id=enquiry.key_id,
            enquiry=enquiry,
            party=party,
            scheduled_at=scheduled_at,
            mode=mode,
            place=place,
            language=language,
            summons_sent_on=summons_sent_on,
            short_notice_accepted=short_notice_accepted and not notice.respected,
            support_person_allowed=support_person_allowed,
            recording_requested=recording_requested,
            planned_by=actor,
            support_person_name=None,
        )
        interview.save(force_insert=True)
        interview.interviewers.set(interviewers)
        letter_due(
            enquiry=enquiry,
            step=LetterStep.SUMMONS,
            kind="interview_summons",
            interview=interview,
            party=party,
        )
        letter_due(
            enquiry=enquiry,
            step=LetterStep.COMMITMENT,
            kind="confidentiality_commitment",
            interview=interview,
        )
        if recording_requested:
            letter_due(
                enquiry=enquiry,
                step=LetterStep.RECORDING,
                kind="recording_authorisation",
                interview=interview,
                party=party,
            )
        audit(
            actor,
            enquiry,
            "enquiry.interview_planned",
            interview=str(interview.pk),
            party=str(party.pk),
            short_notice=interview.short_notice_accepted,
        )
    return interview


def _planned(interview: Interview) -> None:
    if interview.status != Interview.Status.PLANNED:
        raise ValidationError(_("Cet entretien n'est plus à venir."))


def commitment_record(
    *,
    actor: User,
    interview: Interview,
    signer: str,
    signed_on: dt.date,
    member: CommissionMember | None = None,
) -> ConfidentialityCommitment:
    """Record a signed confidentiality commitment of one person present."""
    require_conduct(actor, interview.enquiry)
    _planned(interview)
    if signer not in ConfidentialityCommitment.Signer.values:
        raise ValidationError(_("Indiquez qui a signé l'engagement."))
    if signed_on > timezone.localdate():
        raise ValidationError(_("La date de signature ne peut pas être dans le futur."))
    if signer == ConfidentialityCommitment.Signer.INTERVIEWER:
        if member is None or not interview.interviewers.filter(pk=member.pk).exists():
            raise ValidationError(
                _("Choisissez le membre de la commission présent qui a signé l'engagement.")
            )
    else:
        member = None
    if signer == ConfidentialityCommitment.Signer.SUPPORT and not interview.support_person_allowed:
        raise ValidationError(_("Aucune personne accompagnante n'est prévue pour cet entretien."))
    with transaction.atomic():
        if ConfidentialityCommitment.objects.filter(
            interview=interview, signer=signer, member=member
        ).exists():
            raise ValidationError(_("Cet engagement est déjà enregistré."))
        commitment = ConfidentialityCommitment(
            key_id=interview.key_id,
            interview=interview,
            signer=signer,
            member=member,
            signed_on=signed_on,
            recorded_by=actor,
        )
        commitment.save(force_insert=True)
        audit(
            actor,
            interview.enquiry,
            "enquiry.commitment_signed",
            interview=str(interview.pk),
            signer=signer,
        )
    return commitment


def commitments_record(
    *,
    actor: User,
    interview: Interview,
    signers: Sequence[tuple[str, CommissionMember | None]],
    signed_on: dt.date,
) -> list[ConfidentialityCommitment]:
    """Record the signed commitments of several people present at once: one row each,
    all or none (one refusal stores nothing). Audited as ``enquiry.commitment_signed``
    once per signer."""
    if not signers:
        raise ValidationError(_("Cochez au moins une personne qui a signé l'engagement."))
    with transaction.atomic():
        return [
            commitment_record(
                actor=actor, interview=interview, signer=signer, member=member, signed_on=signed_on
            )
            for signer, member in signers
        ]


def recording_authorisation_record(
    *, actor: User, interview: Interview, granted: bool, signed_on: dt.date
) -> RecordingAuthorisation:
    """The interviewee's written answer to recording; once given, it is not overwritten."""
    require_conduct(actor, interview.enquiry)
    if signed_on > timezone.localdate():
        raise ValidationError(_("La date de signature ne peut pas être dans le futur."))
    with transaction.atomic():
        if RecordingAuthorisation.objects.filter(interview=interview).exists():
            raise ValidationError(
                _("La réponse de la personne sur l'enregistrement est déjà consignée.")
            )
        authorisation = RecordingAuthorisation(
            key_id=interview.key_id,
            interview=interview,
            granted=granted,
            signed_on=signed_on,
            recorded_by=actor,
        )
        authorisation.save(force_insert=True)
        audit(
            actor,
            interview.enquiry,
            "enquiry.recording_answered",
            interview=str(interview.pk),
            granted=granted,
        )
    return authorisation


def interview_hold(
    *,
    actor: User,
    interview: Interview,
    rights_stated: bool,
    support_person_present: bool = False,
    support_person_name: str = "",
) -> Minutes:
    """The interview took place: refused unless everyone present had signed their
    commitment and the interviewee was told their rights. Opens the draft minutes."""
    require_conduct(actor, interview.enquiry)
    _planned(interview)
    problems: list[str] = []
    if timezone.localtime(interview.scheduled_at).date() > timezone.localdate():
        problems.append(_("L'entretien n'a pas encore eu lieu."))
    if not rights_stated:
        problems.append(
            _(
                "Confirmez que la personne a été informée de ses droits (être accompagnée, "
                "relire et signer son compte rendu, y avoir accès"
                "%(silence)s)."
            )
            % {"silence": _(", se taire") if interview.party.role == Party.Role.IMPLICATED else ""}
        )
    if support_person_present and not interview.support_person_allowed:
        problems.append(_("Aucune personne accompagnante n'était prévue pour cet entretien."))
    if support_person_present and not support_person_name.strip():
        problems.append(_("Indiquez le nom de la personne qui accompagne."))
    missing = missing_commitments(interview, with_support=support_person_present)
    if missing:
        problems.append(
            _("Engagement de confidentialité non signé : %(who)s.")
            % {"who": ", ".join(p.label for p in missing)}
        )
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        interview.status = Interview.Status.HELD
        interview.support_person_present = support_person_present
        interview.support_person_name = support_person_name.strip() or None
        interview.held_recorded_by = actor
        interview.save(
            update_fields=[
                "status",
                "support_person_present",
                "support_person_name",
                "held_recorded_by",
            ]
        )
        # Version 0 is the empty page the hold opens; the first text saved is version 1.
        minutes = Minutes(
            key_id=interview.key_id,
            interview=interview,
            version=0,
            body="",
            refusal_note=None,
            updated_by=actor,
        )
        minutes.save(force_insert=True)
        audit(actor, interview.enquiry, "enquiry.interview_held", interview=str(interview.pk))
    return minutes


def interview_cancel(*, actor: User, interview: Interview) -> Interview:
    require_conduct(actor, interview.enquiry)
    _planned(interview)
    with transaction.atomic():
        interview.status = Interview.Status.CANCELLED
        interview.save(update_fields=["status"])
        # Letters not yet produced for this interview (summons, commitments, recording
        # authorisation) are no longer due; letters already sent stay in the register.
        dropped, _ = LetterDue.objects.filter(
            interview=interview, produced_at__isnull=True
        ).delete()
        audit(
            actor,
            interview.enquiry,
            "enquiry.interview_cancelled",
            interview=str(interview.pk),
            letters_no_longer_due=dropped,
        )
    return interview
