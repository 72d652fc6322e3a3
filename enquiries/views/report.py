"""The commission's report: written while the enquiry runs, then submitted and read."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from enquiries import forms as f
from enquiries import selectors as sel
from enquiries import services as s
from enquiries.models import EnquiryPermission, EnquiryReport, Recommendation
from enquiries.views.common import actor, fail

P = EnquiryPermission


def _initial(report: EnquiryReport | None) -> dict[str, Any]:
    initial: dict[str, Any] = {"version": report.version if report else 0}
    if report is not None:
        initial.update(
            {
                "facts_established": report.facts_established or "",
                "facts_not_established": report.facts_not_established or "",
                "recommendations": report.recommendations,
                "recommendations_detail": report.recommendations_detail or "",
            }
        )
        initial.update({f"analysis_{k}": v for k, v in (report.analysis or {}).items()})
    return initial


@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, enquiry_id: uuid.UUID) -> HttpResponse:
    user = actor(request)
    enquiry = sel.enquiry_for_report_or_404(user, enquiry_id)
    report = EnquiryReport.objects.filter(enquiry=enquiry).first()
    may_edit = sel.report_editable_by(user, enquiry, report)
    if not sel.report_page_open(report, may_edit):
        raise Http404  # nothing to read yet for the pilots and the decision-maker
    categories = sel.case_categories(enquiry.case)
    form = f.ReportForm(
        request.POST if may_edit and request.method == "POST" else None,
        categories=categories,
        initial=_initial(report),
    )
    if request.method == "POST":
        if not may_edit:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                s.report_save(
                    actor=user,
                    enquiry=enquiry,
                    facts_established=data["facts_established"],
                    facts_not_established=data["facts_not_established"],
                    analysis=form.analysis(),
                    recommendations=data["recommendations"],
                    recommendations_detail=data["recommendations_detail"],
                    expected_version=data["version"],
                )
            except ValidationError as exc:
                fail(form, exc)
            else:
                messages.success(request, _("Rapport enregistré."))
                return redirect("enquiry-report", enquiry_id=enquiry.pk)
    if report is not None:
        s.report_read(actor=user, enquiry=enquiry)
    return render(
        request,
        "enquiries/report.html",
        {
            "enquiry": enquiry,
            "report": report,
            "form": form,
            "may_edit": may_edit,
            "categories": categories,
            "submit_form": f.SubmitForm(initial={"version": report.version}) if report else None,
            "recommendation_labels": [
                Recommendation(code).label for code in (report.recommendations if report else [])
            ],
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def report_submit(request: HttpRequest, enquiry_id: uuid.UUID) -> HttpResponse:
    user = actor(request)
    enquiry = sel.enquiry_or_404(user, enquiry_id, P.CONDUCT)
    form = f.SubmitForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cochez la case de confirmation pour remettre le rapport."))
        return redirect("enquiry-report", enquiry_id=enquiry.pk)
    try:
        s.report_submit(actor=user, enquiry=enquiry, expected_version=form.cleaned_data["version"])
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("enquiry-report", enquiry_id=enquiry.pk)
    messages.success(
        request,
        _("Rapport remis à l'autorité de décision. La mission de la commission est terminée."),
    )
    return redirect("enquiry-list")
