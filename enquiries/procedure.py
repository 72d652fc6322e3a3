"""How enquiries plug into the case procedure's ``enquiry`` step (``workflows.hooks``).

Registered by ``EnquiriesConfig.ready``: workflows never imports enquiries.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cases.models import Case, Category
from enquiries.models import EnquiryReport, Recommendation
from enquiries.selectors import commission_members_to_remind, running_enquiry_of
from workflows.hooks import (
    StepPanel,
    reminder_source_register,
    step_guard_register,
    step_panel_register,
)
from workflows.steps.enquiry import NAME as ENQUIRY_STEP


def no_summary_while_an_enquiry_runs(case: Case) -> None:
    """While an enquiry runs in Recueil, the commission's report moves the case on, not a summary."""
    if running_enquiry_of(case) is not None:
        raise ValidationError(
            _(
                "Une enquête interne est en cours dans Recueil : c'est la remise du rapport "
                "par la commission qui fera avancer le dossier."
            )
        )


def report_panels(case: Case) -> list[StepPanel]:
    """The submitted enquiry report, for the director who decides on it."""
    report = (
        EnquiryReport.objects.filter(enquiry__case=case, status=EnquiryReport.Status.SUBMITTED)
        .order_by("-submitted_at")
        .first()
    )
    if report is None:
        return []
    names = {c.code: str(c) for c in Category.objects.all()}
    rows = [
        (_("Faits établis"), report.facts_established or "—"),
        (_("Faits non établis"), report.facts_not_established or "—"),
    ]
    rows += [
        (_("Analyse — %(category)s") % {"category": names.get(code, code)}, str(text))
        for code, text in (report.analysis or {}).items()
    ]
    labels = dict(Recommendation.choices)
    recommended = ", ".join(str(labels.get(c, c)) for c in report.recommendations) or "—"
    rows.append((_("Recommandations"), recommended))
    if report.recommendations_detail:
        rows.append((_("Précisions sur les recommandations"), report.recommendations_detail))
    return [StepPanel(title=_("Rapport de la commission d'enquête"), rows=tuple(rows))]


def register() -> None:
    step_guard_register(ENQUIRY_STEP, no_summary_while_an_enquiry_runs)
    # The commission works to the enquiry deadline: its sitting members are reminded too.
    reminder_source_register("enquiry", commission_members_to_remind)
    # The director decides on the report: the decision page shows it.
    step_panel_register("decision", report_panels)
