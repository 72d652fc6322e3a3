"""Drafting, from the enquiry page, a letter an enquiry step calls for."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enquiries import selectors as sel
from enquiries import services as s
from enquiries.views.common import actor


@require_POST
def letter_due_draft(request: HttpRequest, enquiry_id: uuid.UUID, due_id: int) -> HttpResponse:
    """Prepare the letter a step calls for, then continue on the letter's own page.

    404 unless the user sees the enquiry *and* drafts the case's letters: investigators
    (no grant on the case) are refused like strangers.
    """
    user = actor(request)
    enquiry = sel.enquiry_or_404(user, enquiry_id)
    due = sel.letter_due_or_404(enquiry, due_id)
    try:
        letter = s.letter_due_draft(actor=user, due=due)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("enquiry-detail", enquiry_id=enquiry.pk)
    messages.success(request, _("Brouillon prêt : vérifiez et complétez le courrier."))
    return redirect("letter-detail", case_id=letter.case_id, letter_id=letter.pk)
