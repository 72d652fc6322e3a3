"""Reads of enquiries, always filtered by the reader's per-enquiry grants.

As ``cases.selectors.cases``: only the direct foreign-key grant table counts (no
global permission, no superuser bypass: T2), and a person in conflict with the
case sees nothing of its enquiries even if a grant was left behind.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cases.models import (
    Case,
    CaseCategory,
    Category,
    ConflictDeclaration,
    Entity,
    Role,
    RoleMembership,
    TriageDecision,
    User,
)
from cases.selectors.cases import user_can
from enquiries.models import (
    CommissionMember,
    ConfidentialityCommitment,
    Enquiry,
    EnquiryAttachment,
    EnquiryGrant,
    EnquiryPermission,
    EnquiryReport,
    Interview,
    InvestigatorProfile,
    LetterDue,
    Minutes,
)
from workflows import deadlines as legal


def enquiries_for(user: User, permission: str = EnquiryPermission.VIEW) -> QuerySet[Enquiry]:
    if not user.is_authenticated or not user.is_active:
        return Enquiry.objects.none()
    granted = EnquiryGrant.objects.filter(
        user=user,
        permission__content_type__app_label="enquiries",
        permission__codename=permission,
    ).values("content_object_id")
    conflicted = ConflictDeclaration.objects.filter(user=user).values("case_id")
    return Enquiry.objects.filter(pk__in=granted).exclude(case_id__in=conflicted)


def enquiry_or_404(
    user: User, enquiry_id: uuid.UUID, permission: str = EnquiryPermission.VIEW
) -> Enquiry:
    """The enquiry if ``user`` holds ``permission`` on it; 404 otherwise, existing or not (T1)."""
    enquiry = (
        enquiries_for(user, permission)
        .filter(pk=enquiry_id)
        .select_related("case", "case__entity")
        .first()
    )
    if enquiry is None:
        raise Http404
    return enquiry


def enquiry_permissions_of(user: User, enquiry: Enquiry) -> set[str]:
    if not user.is_authenticated or not user.is_active:
        return set()
    if ConflictDeclaration.objects.filter(case_id=enquiry.case_id, user=user).exists():
        return set()
    return set(
        EnquiryGrant.objects.filter(user=user, content_object=enquiry).values_list(
            "permission__codename", flat=True
        )
    )


def report_readers_can(user: User, enquiry: Enquiry) -> bool:
    """The report is read by the commission, the referent piloting the enquiry, and the
    decision-maker holding the case's decision step (``decide_case``)."""
    perms = enquiry_permissions_of(user, enquiry)
    if perms & {EnquiryPermission.CONDUCT, EnquiryPermission.MANAGE}:
        return True
    in_conflict = ConflictDeclaration.objects.filter(case_id=enquiry.case_id, user=user).exists()
    return not in_conflict and user_can(user, enquiry.case, "decide_case")


def enquiry_for_report_or_404(user: User, enquiry_id: uuid.UUID) -> Enquiry:
    enquiry = Enquiry.objects.filter(pk=enquiry_id).select_related("case", "case__entity").first()
    if enquiry is None or not user.is_authenticated or not report_readers_can(user, enquiry):
        raise Http404
    return enquiry


def case_enquiries_visible_to(user: User, case: Case) -> list[tuple[Enquiry, bool, bool]]:
    """For the case page: (enquiry, may open its page, may read its report)."""
    rows = []
    for enquiry in Enquiry.objects.filter(case=case).order_by("-opened_at"):
        can_open = bool(enquiry_permissions_of(user, enquiry))
        submitted = EnquiryReport.objects.filter(enquiry=enquiry, status="submitted").exists()
        can_report = submitted and report_readers_can(user, enquiry)
        if can_open or can_report:
            rows.append((enquiry, can_open, can_report))
    return rows


def triage_reasoning_for(user: User, case: Case) -> str:
    """The reasoning of the case's latest triage decision, to start the enquiry's opening
    reasons from it; empty unless ``user`` may read the triage (``triage_case``) and is not
    in conflict with the case. Decrypted here, on the server, for that user only."""
    if not user_can(user, case, "triage_case"):
        return ""
    if ConflictDeclaration.objects.filter(case=case, user=user).exists():
        return ""
    latest = TriageDecision.objects.filter(case=case).order_by("-decided_at", "-pk").first()
    return (latest.reasoning or "") if latest is not None else ""


def running_enquiry_of(case: Case) -> Enquiry | None:
    return Enquiry.objects.filter(case=case, status__in=["opened", "in_progress"]).first()


def commission_members_to_remind(case: Case) -> list[User]:
    """Sitting members of the case's running enquiry, for the deadline sweep's reminders."""
    conflicted = ConflictDeclaration.objects.filter(case=case).values("user_id")
    return list(
        User.objects.filter(
            commission_seats__enquiry__case=case,
            commission_seats__enquiry__status__in=["opened", "in_progress"],
            commission_seats__ended_at__isnull=True,
            is_active=True,
        )
        .exclude(pk__in=conflicted)
        .exclude(email="")
        .distinct()
    )


def active_members(enquiry: Enquiry) -> QuerySet[CommissionMember]:
    return (
        enquiry.members.filter(ended_at__isnull=True)
        .select_related("investigator")
        .order_by("investigator__last_name")
    )


def interview_or_404(enquiry: Enquiry, interview_id: uuid.UUID) -> Interview:
    interview = (
        Interview.objects.filter(enquiry=enquiry, pk=interview_id)
        .select_related("party", "enquiry")
        .first()
    )
    if interview is None:
        raise Http404
    return interview


def attachment_or_404(enquiry: Enquiry, attachment_id: uuid.UUID) -> EnquiryAttachment:
    attachment = EnquiryAttachment.objects.filter(enquiry=enquiry, pk=attachment_id).first()
    if attachment is None:
        raise Http404
    return attachment


def case_categories(case: Case) -> list[Category]:
    return [
        link.category for link in CaseCategory.objects.filter(case=case).select_related("category")
    ]


# --- Interviews -----------------------------------------------------------------------------


def interview_notice_days() -> int:
    return int(settings.RECUEIL_INTERVIEW_NOTICE_WORKING_DAYS)


@dataclass(frozen=True)
class SummonsNotice:
    """The delay between the summons and the interview, against the notice Recueil requires.

    No text fixes a notice for an internal enquiry interview; the summons must leave
    time to prepare and to be accompanied (the rights the summons states). Recueil
    requires RECUEIL_INTERVIEW_NOTICE_WORKING_DAYS working days (default 5), unless
    the person asked for or accepted a shorter delay, which is recorded.
    """

    sent_on: dt.date
    interview_on: dt.date
    calendar_days: int
    working_days: int
    required_working_days: int
    earliest: dt.date

    @property
    def respected(self) -> bool:
        return self.interview_on >= self.earliest


def summons_notice(
    *, sent_on: dt.date, interview_on: dt.date, alsace_moselle: bool = False
) -> SummonsNotice:
    required = interview_notice_days()
    working = 0
    day = sent_on
    while day < interview_on:
        day += dt.timedelta(days=1)
        if legal.is_working_day(day, alsace_moselle=alsace_moselle):
            working += 1
    return SummonsNotice(
        sent_on=sent_on,
        interview_on=interview_on,
        calendar_days=(interview_on - sent_on).days,
        working_days=working,
        required_working_days=required,
        earliest=legal.add_working_days(sent_on, required, alsace_moselle=alsace_moselle),
    )


def notice_of(interview: Interview) -> SummonsNotice:
    return summons_notice(
        sent_on=interview.summons_sent_on,
        interview_on=timezone.localtime(interview.scheduled_at).date(),
        alsace_moselle=interview.enquiry.case.entity.alsace_moselle,
    )


@dataclass(frozen=True)
class PendingSignature:
    signer: str
    member: CommissionMember | None
    label: str


def missing_commitments(
    interview: Interview, *, with_support: bool | None = None
) -> list[PendingSignature]:
    """Who present at the interview has not yet signed a confidentiality commitment."""
    signed = {
        (c.signer, c.member_id)
        for c in ConfidentialityCommitment.objects.filter(interview=interview)
    }
    missing = []
    for member in interview.interviewers.select_related("investigator"):
        if (ConfidentialityCommitment.Signer.INTERVIEWER, member.pk) not in signed:
            missing.append(
                PendingSignature(
                    ConfidentialityCommitment.Signer.INTERVIEWER, member, str(member.investigator)
                )
            )
    if (ConfidentialityCommitment.Signer.INTERVIEWEE, None) not in signed:
        missing.append(
            PendingSignature(
                ConfidentialityCommitment.Signer.INTERVIEWEE, None, _("La personne entendue")
            )
        )
    support = interview.support_person_present if with_support is None else with_support
    if support and (ConfidentialityCommitment.Signer.SUPPORT, None) not in signed:
        missing.append(
            PendingSignature(
                ConfidentialityCommitment.Signer.SUPPORT, None, _("La personne qui accompagne")
            )
        )
    return missing


def recording_allowed(interview: Interview) -> bool:
    authorisation = getattr(interview, "recording_authorisation", None)
    return bool(authorisation is not None and authorisation.granted)


def minutes_of(interview: Interview) -> Minutes | None:
    return Minutes.objects.filter(interview=interview).first()


# --- Letters and timeline -------------------------------------------------------------------


def letters_due(enquiry: Enquiry) -> QuerySet[LetterDue]:
    return enquiry.letters_due.select_related("interview", "member__investigator", "party")


def letter_due_or_404(enquiry: Enquiry, due_id: int) -> LetterDue:
    due = letters_due(enquiry).filter(pk=due_id).first()
    if due is None:
        raise Http404
    return due


@dataclass
class TimelineEntry:
    at: Any
    actor: Any
    label: str
    detail: str = ""


def enquiry_timeline(enquiry: Enquiry) -> list[TimelineEntry]:
    """What happened in the enquiry, newest first; no content, only steps and people."""
    entries = [
        TimelineEntry(
            enquiry.opened_at,
            enquiry.opened_by,
            _("Ouverture de l'enquête"),
            str(enquiry.get_decision_authority_display()),
        )
    ]
    for appointment in enquiry.appointments.select_related("recorded_by").prefetch_related(
        "members__investigator"
    ):
        names = ", ".join(str(m.investigator) for m in appointment.members.all())
        entries.append(
            TimelineEntry(
                appointment.recorded_at,
                appointment.recorded_by,
                _("Désignation de la commission"),
                names,
            )
        )
    for interview in enquiry.interviews.select_related("planned_by", "held_recorded_by"):
        entries.append(
            TimelineEntry(
                interview.planned_at,
                interview.planned_by,
                _("Entretien planifié"),
                date_format(timezone.localtime(interview.scheduled_at), "DATE_FORMAT"),
            )
        )
    report = getattr(enquiry, "report", None)
    if report is not None and report.submitted_at:
        entries.append(
            TimelineEntry(report.submitted_at, report.submitted_by, _("Rapport remis"), "")
        )
    if enquiry.ended_at:
        entries.append(TimelineEntry(enquiry.ended_at, enquiry.ended_by, _("Clôture"), ""))
    return sorted(entries, key=lambda e: e.at, reverse=True)


# --- Rules the pages apply ------------------------------------------------------------------


def deciders_for(entity_id: int, actor: User) -> QuerySet[User]:
    """Who may be named as having decided to open an enquiry or appoint its commission.

    The actor themself (the referent deciding within their own remit), or an active
    director of the case's entity; nobody else, whatever their grants.
    """
    directors = RoleMembership.objects.filter(entity_id=entity_id, role=Role.DIRECTOR).values(
        "user_id"
    )
    return (
        User.objects.filter(Q(pk__in=directors) | Q(pk=actor.pk), is_active=True)
        .distinct()
        .order_by("last_name", "first_name")
    )


MEMBER_SIGNER_PREFIX = "member:"


def signer_choices(interview: Interview) -> list[tuple[str, str]]:
    """Those present who have not signed yet (the support person if one is allowed).

    A commission member is offered as ``member:<seat id>``; anyone else by the
    ``ConfidentialityCommitment.Signer`` value (``signer_of`` reads them back).
    """
    choices = []
    for pending in missing_commitments(interview, with_support=interview.support_person_allowed):
        if pending.member is not None:
            choices.append((f"{MEMBER_SIGNER_PREFIX}{pending.member.pk}", pending.label))
        else:
            choices.append((str(pending.signer), pending.label))
    return choices


def signer_of(interview: Interview, choice: str) -> tuple[str, CommissionMember | None]:
    """The signer and the member's seat (or ``None``) a ``signer_choices`` value names.

    A member's seat is looked up within the interview's enquiry only: a seat of
    another enquiry gives no member (the commitment service then refuses it).
    """
    if not choice.startswith(MEMBER_SIGNER_PREFIX):
        return choice, None
    seat_id = choice.removeprefix(MEMBER_SIGNER_PREFIX)
    member = (
        CommissionMember.objects.filter(enquiry=interview.enquiry, pk=int(seat_id)).first()
        if seat_id.isdigit()
        else None
    )
    return ConfidentialityCommitment.Signer.INTERVIEWER, member


def report_editable_by(user: User, enquiry: Enquiry, report: EnquiryReport | None) -> bool:
    """A member of the commission may write the report while the enquiry runs and the
    report is still a draft (none yet, or not submitted)."""
    return (
        EnquiryPermission.CONDUCT in enquiry_permissions_of(user, enquiry)
        and enquiry.is_running
        and (report is None or report.status == EnquiryReport.Status.DRAFT)
    )


def report_page_open(report: EnquiryReport | None, editable: bool) -> bool:
    """The report page shows something: the editor's form, or a submitted report to read.

    Pilots and the decision-maker have nothing to read before the report is submitted.
    """
    return editable or (report is not None and report.status == EnquiryReport.Status.SUBMITTED)


def roster_rows(entity: Entity) -> list[tuple[User, InvestigatorProfile | None]]:
    """The entity's investigators with their roster entry (``None`` if not filled in)."""
    investigators = (
        User.objects.filter(memberships__entity=entity, memberships__role=Role.INVESTIGATOR)
        .distinct()
        .order_by("last_name", "first_name")
    )
    profiles = {p.user_id: p for p in InvestigatorProfile.objects.filter(user__in=investigators)}
    return [(u, profiles.get(u.pk)) for u in investigators]


def roster_person_or_404(entity: Entity, user_id: int) -> User:
    """An investigator of ``entity``; 404 for anyone else."""
    person = (
        User.objects.filter(
            pk=user_id, memberships__entity=entity, memberships__role=Role.INVESTIGATOR
        )
        .distinct()
        .first()
    )
    if person is None:
        raise Http404
    return person
