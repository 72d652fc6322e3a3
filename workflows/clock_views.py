"""Case-page actions that meet the legal clocks: meeting asked, proposed, held; interim feedback.

Each view checks ``triage_case`` on the case (the referent in charge), parses one form and
calls one service of ``workflows.steps.meeting``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases.models import Case, CasePermission, Meeting, User
from cases.selectors.cases import case_or_404
from cases.services.closed import case_require_open
from workflows.steps import meeting as service
from workflows.steps.portal_delivery import portal_form_kwargs


def _form_page(
    request: HttpRequest,
    case: Case,
    form: forms.Form,
    title: str,
    act: Callable[[dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            act(form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, done)
            return redirect("case-detail", case_id=case.pk)
    return render(request, "cases/file_form.html", {"form": form, "case": case, "title": title})


def _meeting_or_404(case: Case, meeting_id: uuid.UUID) -> Meeting:
    meeting = Meeting.objects.filter(case=case, pk=meeting_id, held_on__isnull=True).first()
    if meeting is None:
        raise Http404
    return meeting


@require_http_methods(["GET", "POST"])
def meeting_request(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = case_or_404(user, case_id, CasePermission.TRIAGE)
    case_require_open(case)
    return _form_page(
        request,
        case,
        service.MeetingRequestForm(request.POST or None),
        _("Demande d'entretien"),
        lambda data: service.meeting_request(actor=user, case=case, **data),
        _(
            "Demande d'entretien enregistrée : l'entretien doit avoir lieu dans les 20 jours ouvrés."
        ),
    )


@require_http_methods(["GET", "POST"])
def meeting_propose(
    request: HttpRequest, case_id: uuid.UUID, meeting_id: uuid.UUID
) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = case_or_404(user, case_id, CasePermission.TRIAGE)
    case_require_open(case)
    meeting = _meeting_or_404(case, meeting_id)
    initial = {"version": meeting.version, "proposed_on": meeting.proposed_on, "mode": meeting.mode}
    return _form_page(
        request,
        case,
        service.MeetingProposeForm(request.POST or None, initial=initial),
        _("Proposer un entretien"),
        lambda data: service.meeting_propose(actor=user, meeting=meeting, **data),
        _("Entretien proposé."),
    )


@require_http_methods(["GET", "POST"])
def meeting_held(request: HttpRequest, case_id: uuid.UUID, meeting_id: uuid.UUID) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = case_or_404(user, case_id, CasePermission.TRIAGE)
    case_require_open(case)
    meeting = _meeting_or_404(case, meeting_id)
    initial = {"version": meeting.version, "mode": meeting.mode}
    return _form_page(
        request,
        case,
        service.MeetingHeldForm(request.POST or None, initial=initial),
        _("Entretien tenu"),
        lambda data: service.meeting_held(actor=user, meeting=meeting, **data),
        _("Entretien enregistré : l'échéance est respectée."),
    )


@require_http_methods(["GET", "POST"])
def interim_feedback(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = case_or_404(user, case_id, CasePermission.TRIAGE)
    case_require_open(case)
    return _form_page(
        request,
        case,
        service.InterimFeedbackForm(request.POST or None, **portal_form_kwargs(case)),
        _("Information d'étape à la personne"),
        lambda data: service.interim_feedback_give(actor=user, case=case, **data),
        _("Information d'étape enregistrée."),
    )
