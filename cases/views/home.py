"""Each person's start page: what is late or due soon, what was just handed to them,
their entity's pool, an investigator's enquiry actions, a listener's recent records,
the steering indicators and the accounts an administrator runs — as the roles allow."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cases.core.accounts import selectors as people
from cases.core.accounts.selectors import request_roles
from cases.models import Contact, Role, User
from threads.selectors import unread_threads
from workflows.dashboard import dashboard_read

RECENT_CONTACTS = 5


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    roles = request_roles(request)
    held = {role for _entity, role in roles}
    recent_contacts = (
        list(
            Contact.objects.filter(listener=user)
            .select_related("case")
            .only("pk", "contacted_on", "channel", "logged_at", "case__reference")
            .order_by("-logged_at")[:RECENT_CONTACTS]
        )
        if Role.LISTENER in held
        else []
    )
    return render(
        request,
        "home.html",
        {
            "board": dashboard_read(user, roles, today=timezone.localdate()),
            "roles": held,
            "recent_contacts": recent_contacts,
            "memberships": people.memberships_of(user),
            "administered": people.entities_administered_by(user),
            # Conversations with unread messages from the reporting person (one statement).
            "unread_threads": unread_threads(
                user, [entity for entity, role in roles if role == Role.LISTENER]
            ),
        },
    )


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
