"""The enquiry report: drafted by the commission, submitted to the decision-maker.

Submitting it completes the case's waiting ``enquiry`` step (under the flow's lock,
in the same transaction), so the case goes on to the direction's decision; the
commission's mission ends and its members lose access to the enquiry at once.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from cases.models import Case, User
from cases.services.cases import StaleEdit, case_read_record
from enquiries.models import (
    Enquiry,
    EnquiryPermission,
    EnquiryReport,
    Interview,
    LetterStep,
    Minutes,
    Recommendation,
)
from enquiries.selectors import case_categories
from enquiries.services.common import audit, letter_due, require, require_running, require_seat
from enquiries.services.enquiry import commission_dismiss
from workflows.services import enquiry_report_submitted

STALE_REPORT = _(
    "Le rapport a été modifié par une autre personne pendant votre saisie. "
    "Rechargez la page : votre texte n'a pas été enregistré."
)


def report_save(
    *,
    actor: User,
    enquiry: Enquiry,
    facts_established: str,
    facts_not_established: str,
    analysis: dict[str, str],
    recommendations: list[str],
    recommendations_detail: str,
    expected_version: int,
) -> EnquiryReport:
    """Save the draft report (``expected_version`` 0 for the first save)."""
    require(actor, enquiry, EnquiryPermission.CONDUCT)
    require_running(enquiry)
    require_seat(actor, enquiry)
    if set(recommendations) - set(Recommendation.values):
        raise ValidationError(_("Recommandation inconnue."))
    codes = {c.code for c in case_categories(enquiry.case)}
    clean_analysis = {k: v for k, v in analysis.items() if k in codes and v.strip()}
    with transaction.atomic():
        report = EnquiryReport.objects.select_for_update().filter(enquiry=enquiry).first()
        current_version = report.version if report else 0
        if current_version != expected_version:
            raise StaleEdit(STALE_REPORT)
        if report is not None and report.status != EnquiryReport.Status.DRAFT:
            raise ValidationError(_("Le rapport a été remis : il ne change plus."))
        if report is None:
            report = EnquiryReport(key_id=enquiry.key_id, enquiry=enquiry, version=0)
        report.facts_established = facts_established
        report.facts_not_established = facts_not_established
        report.analysis = clean_analysis
        report.recommendations = sorted(set(recommendations))
        report.recommendations_detail = recommendations_detail
        report.updated_by = actor
        report.version += 1
        report.save()
        audit(actor, enquiry, "enquiry.report_saved", version=report.version)
    return report


def _submission_problems(enquiry: Enquiry, report: EnquiryReport) -> list[str]:
    problems: list[str] = []
    if (
        not (report.facts_established or "").strip()
        and not (report.facts_not_established or "").strip()
    ):
        problems.append(_("Indiquez les faits établis et les faits non établis."))
    missing = [
        str(c) for c in case_categories(enquiry.case) if not (report.analysis or {}).get(c.code)
    ]
    if missing:
        problems.append(
            _("Analyse manquante pour : %(categories)s.") % {"categories": ", ".join(missing)}
        )
    recommendations = set(report.recommendations or [])
    if not recommendations:
        problems.append(_("Formulez au moins une recommandation."))
    if Recommendation.NO_FURTHER_ACTION in recommendations and recommendations & {
        Recommendation.DISCIPLINARY,
        Recommendation.ARTICLE_40,
    }:
        problems.append(
            _("« Pas de suite » ne peut pas accompagner une recommandation de poursuites.")
        )
    if (
        Recommendation.PREVENTION in recommendations
        and not (report.recommendations_detail or "").strip()
    ):
        problems.append(_("Précisez les mesures de prévention recommandées."))
    if enquiry.interviews.filter(status=Interview.Status.PLANNED).exists():
        problems.append(_("Des entretiens prévus n'ont été ni tenus ni annulés."))
    open_minutes = Minutes.objects.filter(
        interview__enquiry=enquiry,
        status__in=[Minutes.Status.DRAFT, Minutes.Status.READ_BACK],
    ).count()
    if open_minutes:
        problems.append(
            _(
                "%(n)d compte(s) rendu(s) ne sont ni signés ni assortis d'un refus de signature "
                "consigné."
            )
            % {"n": open_minutes}
        )
    return problems


def report_submit(*, actor: User, enquiry: Enquiry, expected_version: int) -> EnquiryReport:
    """Submit the report to the decision-maker; the case's flow resumes at the decision.

    Refused, with every reason at once, if the report is incomplete or an interview
    or its minutes are still open. Audited: ``enquiry.report_submitted`` (and
    ``task.completed`` for the case's step); letter due: ``enquiry_report``.
    """
    require(actor, enquiry, EnquiryPermission.CONDUCT)
    require_seat(actor, enquiry)
    task = Task.objects.filter(pk=enquiry.task_id).first()
    if task is None:
        raise ValidationError(_("Le dossier n'attend pas de rapport d'enquête."))

    def apply(process: object, case: Case) -> None:
        locked = Enquiry.objects.select_for_update().get(pk=enquiry.pk)
        require_running(locked)
        report = EnquiryReport.objects.select_for_update().filter(enquiry=locked).first()
        if report is None:
            raise ValidationError(_("Le rapport n'a pas encore été rédigé."))
        if report.version != expected_version:
            raise StaleEdit(STALE_REPORT)
        if report.status != EnquiryReport.Status.DRAFT:
            raise ValidationError(_("Le rapport a déjà été remis."))
        problems = _submission_problems(locked, report)
        if problems:
            raise ValidationError(problems)
        report.status = EnquiryReport.Status.SUBMITTED
        report.submitted_by = actor
        report.submitted_at = timezone.now()
        report.save(update_fields=["status", "submitted_by", "submitted_at"])
        locked.status = Enquiry.Status.REPORTED
        locked.ended_at = report.submitted_at
        locked.ended_by = actor
        locked.save(update_fields=["status", "ended_at", "ended_by"])
        letter_due(enquiry=locked, step=LetterStep.REPORT, kind="enquiry_report")
        audit(
            actor,
            locked,
            "enquiry.report_submitted",
            recommendations=report.recommendations,
        )
        # The mission is over: the commission loses access (need to know).
        commission_dismiss(actor=actor, enquiry=locked, reason_code="report_submitted")

    with transaction.atomic():
        enquiry_report_submitted(actor=actor, task=task, apply=apply)
    return EnquiryReport.objects.get(enquiry=enquiry)


def report_read(*, actor: User, enquiry: Enquiry) -> None:
    """The access log: every display of the report."""
    case_read_record(actor=actor, case=enquiry.case, what="enquiry_report", item=str(enquiry.pk))
