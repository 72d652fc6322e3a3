"""The entity's pool of investigators, kept by its administrators."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cases.core.accounts.selectors import entity_administered_or_404
from enquiries import forms as f
from enquiries import selectors as sel
from enquiries import services as s
from enquiries.models import InvestigatorProfile
from enquiries.views.common import actor, fail


@require_GET
def roster(request: HttpRequest, code: str) -> HttpResponse:
    entity = entity_administered_or_404(user=actor(request), code=code)
    return render(
        request, "enquiries/roster.html", {"entity": entity, "rows": sel.roster_rows(entity)}
    )


def _initial(profile: InvestigatorProfile | None) -> dict[str, Any] | None:
    if profile is None:
        return None
    return {
        "gender": profile.gender,
        "languages": list(profile.languages),
        "trained_on": profile.trained_on,
        "team": profile.team,
        "shared_with_group": profile.shared_with_group,
        "available": profile.available,
        "unavailable_until": profile.unavailable_until,
        "max_load": profile.max_load,
    }


@require_http_methods(["GET", "POST"])
def roster_entry(request: HttpRequest, code: str, user_id: int) -> HttpResponse:
    user = actor(request)
    entity = entity_administered_or_404(user=user, code=code)
    person = sel.roster_person_or_404(entity, user_id)
    profile = InvestigatorProfile.objects.filter(user=person).first()
    form = f.RosterForm(request.POST or None, initial=_initial(profile))
    if request.method == "POST" and form.is_valid():
        try:
            s.roster_entry_save(
                actor=user,
                user=person,
                entity=entity,
                conflicts=list(profile.conflicts.all()) if profile else [],
                **form.cleaned_data,
            )
        except ValidationError as exc:
            fail(form, exc)
        else:
            messages.success(request, _("Fiche du vivier enregistrée."))
            return redirect("enquiry-roster", code=entity.code)
    return render(
        request,
        "enquiries/roster_entry.html",
        {"entity": entity, "person": person, "form": form},
    )
