"""The persons panel of a case: the referent in charge adds and corrects persons.

Every route needs ``triage_case`` on the case (404 otherwise, existing or not). After a
named person is added, the prior-history check runs by itself and its answer is shown.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases.forms import PersonForm
from cases.models import Case, CasePermission, Party, User
from cases.selectors.cases import case_or_404
from cases.services.cases import case_read_record, party_named_elsewhere
from cases.services.closed import case_require_open
from cases.services.persons import PersonData, linkable_accounts, person_add, person_correct


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _data(form: PersonForm) -> PersonData:
    cleaned: dict[str, Any] = form.cleaned_data
    return PersonData(
        role=cleaned["role"],
        status=cleaned["status"],
        anonymous=bool(cleaned["anonymous"]),
        identity={k: cleaned.get(k) or "" for k in PersonForm.IDENTITY},
        account=cleaned.get("account"),
    )


def _fail(form: PersonForm, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


def _page(
    request: HttpRequest, case: Case, form: PersonForm, party: Party | None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "cases/person_form.html",
        {
            "case": case,
            "form": form,
            "party": party,
            "revisions": party.revisions.select_related("changed_by") if party else [],
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def person_add_view(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = case_or_404(_actor(request), case_id, CasePermission.TRIAGE)
    case_require_open(case)
    accounts = linkable_accounts(case)
    if request.method != "POST":
        form = PersonForm(accounts=accounts, initial={"role": request.GET.get("role")})
        return _page(request, case, form, None)
    form = PersonForm(request.POST, accounts=accounts)
    if form.is_valid():
        try:
            party = person_add(actor=_actor(request), case=case, data=_data(form))
        except ValidationError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("Personne enregistrée (chiffrée)."))
            if party.anonymous:
                return redirect("case-detail", case_id=case.pk)
            # The prior-history check runs by itself (audited as any lookup).
            found = party_named_elsewhere(actor=_actor(request), party=party)
            return render(
                request,
                "cases/elsewhere.html",
                {"case": case, "party": party, "found": found, "just_added": True},
            )
    return _page(request, case, form, None, status=400)


@require_http_methods(["GET", "POST"])
def person_edit_view(request: HttpRequest, case_id: uuid.UUID, party_id: uuid.UUID) -> HttpResponse:
    case = case_or_404(_actor(request), case_id, CasePermission.TRIAGE)
    case_require_open(case)
    party = case.parties.filter(pk=party_id).select_related("case").first()
    if party is None:
        raise Http404
    accounts = linkable_accounts(case)
    if request.method != "POST":
        case_read_record(actor=_actor(request), case=case, what="person", item=str(party.pk))
        identity = party.identity or {}
        initial = {
            "role": party.role,
            "status": party.status,
            "anonymous": party.anonymous,
            "account": party.account_id,
            "version": party.version,
            **{k: identity.get(k, "") for k in PersonForm.IDENTITY},
        }
        return _page(request, case, PersonForm(accounts=accounts, initial=initial), party)
    form = PersonForm(request.POST, accounts=accounts)
    if form.is_valid():
        try:
            person_correct(
                actor=_actor(request),
                party=party,
                data=_data(form),
                expected_version=form.cleaned_data.get("version") or 0,
            )
        except ValidationError as exc:
            _fail(form, exc)
        else:
            messages.success(
                request, _("Corrections enregistrées ; l'état précédent est conservé.")
            )
            return redirect("case-detail", case_id=case.pk)
    return _page(request, case, form, party, status=400)
