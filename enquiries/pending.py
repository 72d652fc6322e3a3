"""An investigator's pending actions, for "Mes tâches" and the start page (``workflows.hooks``).

Read from the enquiries the person sits on (an active seat) and may conduct (their
per-enquiry grant): interviews they hold that are still planned, minutes of their
interviews not yet signed or refused, and the report of a running enquiry not yet
submitted. Three queries whatever the number of enquiries; no content, only the case's
reference and dates.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import User
from enquiries.models import Enquiry, EnquiryPermission, EnquiryReport, Interview, Minutes
from enquiries.selectors import enquiries_for
from workflows.hooks import PendingAction


def _seated(user: User) -> QuerySet[Enquiry]:
    """Running enquiries where ``user`` holds an active seat and the grant to conduct."""
    return enquiries_for(user, EnquiryPermission.CONDUCT).filter(
        status=Enquiry.Status.IN_PROGRESS,
        members__investigator=user,
        members__ended_at__isnull=True,
    )


def investigator_pending_actions(user: User) -> list[PendingAction]:
    if not user.is_authenticated:
        return []
    enquiries = _seated(user)
    actions: list[PendingAction] = []
    interviews = (
        Interview.objects.filter(
            enquiry__in=enquiries,
            status=Interview.Status.PLANNED,
            interviewers__investigator=user,
            interviewers__ended_at__isnull=True,
        )
        .distinct()
        .values_list("pk", "enquiry_id", "scheduled_at", "enquiry__case__reference")
    )
    for pk, enquiry_id, at, reference in interviews:
        actions.append(
            PendingAction(
                title=_("Entretien à tenir"),
                url=reverse(
                    "enquiry-interview", kwargs={"enquiry_id": enquiry_id, "interview_id": pk}
                ),
                case_reference=reference,
                due_on=timezone.localdate(at),
            )
        )
    minutes = (
        Minutes.objects.filter(
            interview__enquiry__in=enquiries,
            interview__status=Interview.Status.HELD,
            interview__interviewers__investigator=user,
            status__in=(Minutes.Status.DRAFT, Minutes.Status.READ_BACK),
        )
        .distinct()
        .values_list("interview_id", "interview__enquiry_id", "interview__enquiry__case__reference")
    )
    for interview_id, enquiry_id, reference in minutes:
        actions.append(
            PendingAction(
                title=_("Compte rendu à faire signer"),
                url=reverse(
                    "enquiry-minutes",
                    kwargs={"enquiry_id": enquiry_id, "interview_id": interview_id},
                ),
                case_reference=reference,
            )
        )
    submitted = EnquiryReport.objects.filter(status=EnquiryReport.Status.SUBMITTED).values(
        "enquiry_id"
    )
    for enquiry_id, due_on, reference in (
        enquiries.exclude(pk__in=submitted)
        .distinct()
        .values_list("pk", "due_on", "case__reference")
    ):
        actions.append(
            PendingAction(
                title=_("Rapport d'enquête à remettre"),
                url=reverse("enquiry-report", kwargs={"enquiry_id": enquiry_id}),
                case_reference=reference,
                due_on=due_on,
            )
        )
    return actions
