"""A listener's own listening record: what they gathered, later exchanges, and the
hand-over to the referents (at once or later), with the reference and status of the case
it became."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases.core.audit.services import audit_record
from cases.models import User
from cases.selectors.contacts import OwnContact, own_contact_or_404
from threads.models import ReporterThread
from threads.views import conversation
from workflows.steps.intake import (
    FollowUpForm,
    LaterHandoverForm,
    contact_follow_up_add,
    contact_handover,
)


def _page(
    request: HttpRequest,
    own: OwnContact,
    follow_up_form: Form | None = None,
    handover_form: Form | None = None,
) -> HttpResponse:
    open_record = own.contact.case_id is None
    context: dict[str, object] = {
        "own": own,
        "contact": own.contact,
        "follow_up_form": (follow_up_form or FollowUpForm()) if open_record else None,
        "handover_form": (handover_form or LaterHandoverForm()) if open_record else None,
    }
    if open_record:
        # A question asked through the portal: the listeners answer it here until it is
        # handed over (its conversation then follows it into the case).
        thread = ReporterThread.objects.filter(contact=own.contact).first()
        if thread is not None:
            context.update(conversation(request, thread))
    return render(request, "cases/contact.html", context)


@require_GET
def contact_detail(request: HttpRequest, contact_id: uuid.UUID) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    own = own_contact_or_404(user, contact_id)
    audit_record(
        actor=user,
        action="contact.read",
        object_type="cases.contact",
        object_id=str(own.contact.pk),
        entity_id=own.contact.entity_id,
    )
    return _page(request, own)


@require_POST
def contact_follow_up(request: HttpRequest, contact_id: uuid.UUID) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    own = own_contact_or_404(user, contact_id)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            contact_follow_up_add(actor=user, contact=own.contact, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Échange ajouté à la fiche d'écoute."))
            return redirect("contact-detail", contact_id=own.contact.pk)
    return _page(request, own, follow_up_form=form)


@require_POST
def contact_handover_view(request: HttpRequest, contact_id: uuid.UUID) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    own = own_contact_or_404(user, contact_id)
    form = LaterHandoverForm(request.POST)
    if form.is_valid():
        try:
            case = contact_handover(
                actor=user,
                contact=own.contact,
                consent=form.cleaned_data["consent_to_handover"],
                legal_basis=form.cleaned_data["legal_basis"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Fiche transmise aux référent·es (dossier %(ref)s).") % {"ref": case.reference},
            )
            return redirect("contact-detail", contact_id=own.contact.pk)
    return _page(request, own, handover_form=form)
