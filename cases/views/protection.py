"""Protection fonctionnelle and precautionary suspension, from the case page.

The referent in charge (``triage_case``) records a staff victim's request and the
measures; a director (``decide_case``, held while a request or a suspension needs
them: ``cases.services.protection``) decides, records and lifts a suspension. Every
route answers 404 to whoever lacks the permission, existing case or not (T1).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases.models import Case, CasePermission, ProtectionRequest, Suspension, User
from cases.selectors.cases import case_or_404, case_permissions_of
from cases.services.closed import case_require_open
from cases.services.protection import (
    protection_decide,
    protection_measure_add,
    protection_request_record,
    staff_victims,
)
from cases.views.protection_forms import (
    ProtectionDecisionForm,
    ProtectionMeasureForm,
    ProtectionRequestForm,
    SuspensionEndForm,
    SuspensionForm,
    person_name,
)
from workflows.suspension import suspendable, suspension_end, suspension_record


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _page(
    request: HttpRequest,
    case: Case,
    form: Form,
    title: str,
    *,
    intro: list[tuple[str, str]] | None = None,
    hint: str = "",
) -> HttpResponse:
    return render(
        request,
        "cases/protection_form.html",
        {"case": case, "form": form, "title": title, "intro": intro or [], "hint": hint},
        status=400 if request.method == "POST" else 200,
    )


def _done(request: HttpRequest, case: Case, message: str) -> HttpResponse:
    messages.success(request, message)
    if CasePermission.VIEW not in case_permissions_of(_actor(request), case):
        return redirect("home")  # the reason to hold the case ended with this act
    return redirect("case-detail", case_id=case.pk)


def _request_or_404(case: Case, request_id: uuid.UUID) -> ProtectionRequest:
    found = ProtectionRequest.objects.filter(case=case, pk=request_id).select_related(
        "case", "party"
    )
    item = found.first()
    if item is None:
        raise Http404
    return item


@require_http_methods(["GET", "POST"])
def protection_request_view(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    user = _actor(request)
    case = case_or_404(user, case_id, CasePermission.TRIAGE)
    case_require_open(case)
    parties = staff_victims(case)
    form = ProtectionRequestForm(request.POST or None, parties=parties)
    if request.method == "POST" and form.is_valid():
        try:
            protection_request_record(actor=user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return _done(
                request, case, _("Demande enregistrée (chiffrée) : la direction est prévenue.")
            )
    hint = (
        ""
        if parties
        else _(
            "Aucune victime de ce dossier n'a le statut de personnel : corrigez d'abord son "
            "statut dans « Personnes concernées »."
        )
    )
    return _page(request, case, form, _("Demande de protection fonctionnelle"), hint=hint)


@require_http_methods(["GET", "POST"])
def protection_decide_view(
    request: HttpRequest, case_id: uuid.UUID, request_id: uuid.UUID
) -> HttpResponse:
    user = _actor(request)
    case = case_or_404(user, case_id, CasePermission.DECIDE)
    item = _request_or_404(case, request_id)
    if item.decision != ProtectionRequest.Decision.PENDING:
        raise Http404
    form = ProtectionDecisionForm(request.POST or None, initial={"version": item.version})
    if request.method == "POST" and form.is_valid():
        data: dict[str, Any] = form.cleaned_data
        try:
            protection_decide(
                actor=user,
                request=item,
                decision=data["decision"],
                decided_on=data["decided_on"],
                reasons=data["reasons"],
                expected_version=data["version"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return _done(request, case, _("Décision enregistrée."))
    intro = [
        (_("Membre du personnel"), person_name(item.party)),
        (_("Demande reçue le"), date_format(item.requested_on, "DATE_FORMAT")),
        (_("Faits"), item.facts),
    ]
    return _page(request, case, form, _("Décider de la protection fonctionnelle"), intro=intro)


@require_http_methods(["GET", "POST"])
def protection_measure_view(
    request: HttpRequest, case_id: uuid.UUID, request_id: uuid.UUID
) -> HttpResponse:
    user = _actor(request)
    case = case_or_404(user, case_id)
    held = case_permissions_of(user, case)
    if not held & {CasePermission.TRIAGE.value, CasePermission.DECIDE.value}:
        raise Http404
    item = _request_or_404(case, request_id)
    if item.decision != ProtectionRequest.Decision.GRANTED:
        raise Http404
    form = ProtectionMeasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            protection_measure_add(actor=user, request=item, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return _done(request, case, _("Mesure de protection enregistrée."))
    return _page(request, case, form, _("Mesure de protection fonctionnelle"))


@require_http_methods(["GET", "POST"])
def suspension_add_view(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    user = _actor(request)
    case = case_or_404(user, case_id, CasePermission.DECIDE)
    case_require_open(case)
    parties = suspendable(case)
    form = SuspensionForm(request.POST or None, parties=parties)
    if request.method == "POST" and form.is_valid():
        try:
            suspension_record(actor=user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return _done(request, case, _("Suspension conservatoire enregistrée."))
    hint = _(
        "Quatre mois au plus : la situation de la personne doit être réglée dans ce délai. "
        "Fonctionnaire : code général de la fonction publique, art. L531-1. Agent "
        "contractuel : décret n° 86-83, art. 43. L'échéance s'affiche sur le dossier."
    )
    return _page(request, case, form, _("Suspension conservatoire"), hint=hint)


@require_http_methods(["GET", "POST"])
def suspension_end_view(
    request: HttpRequest, case_id: uuid.UUID, suspension_id: uuid.UUID
) -> HttpResponse:
    user = _actor(request)
    case = case_or_404(user, case_id, CasePermission.DECIDE)
    suspension = Suspension.objects.filter(
        case=case, pk=suspension_id, ended_on__isnull=True
    ).first()
    if suspension is None:
        raise Http404
    suspension.case = case
    form = SuspensionEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            suspension_end(actor=user, suspension=suspension, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return _done(request, case, _("Suspension levée."))
    return _page(request, case, form, _("Lever la suspension conservatoire"))
