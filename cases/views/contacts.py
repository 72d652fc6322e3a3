"""A listener's own contact record, with the reference and status of the case it became."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cases.core.audit.services import audit_record
from cases.models import User
from cases.selectors.contacts import own_contact_or_404


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
    return render(request, "cases/contact.html", {"own": own, "contact": own.contact})
