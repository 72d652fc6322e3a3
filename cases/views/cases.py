"""Case pages: every read is permission-checked (404 otherwise) and written to the access log."""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cases.core.security.params import query_page
from cases.forms import HistoryFilterForm
from cases.models import Case, CaseCategory, CasePermission, ProtectiveMeasure, User
from cases.selectors.access_panel import case_access_panel
from cases.selectors.case_page import case_sections, present
from cases.selectors.cases import (
    case_for_page_or_404,
    case_list_rows,
    case_or_404,
    case_permissions_in_request,
)
from cases.selectors.history import (
    HistoryFilter,
    history_filtered,
    history_kinds,
    history_people,
)
from cases.services.cases import case_read_record, party_named_elsewhere
from cases.services.persons import prior_history
from threads.models import ReporterThread
from threads.views import conversation
from workflows.selectors import case_deadlines, case_timeline

HISTORY_ROWS = 200


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    page = query_page(request)
    size = 50
    cases = case_list_rows(_actor(request), limit=size + 1, offset=(page - 1) * size)
    return render(
        request,
        "cases/list.html",
        {"cases": cases[:size], "page": page, "has_next": len(cases) > size},
    )


@require_GET
def case_detail(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = case_for_page_or_404(request, case_id)
    held = case_permissions_in_request(request, case)
    case.present_sections = case_sections(case)  # type: ignore[attr-defined]
    can_triage = CasePermission.TRIAGE in held
    parties = list(case.parties.select_related("updated_by"))
    lookup = None
    if can_triage:
        # The referent in charge sees the implicated persons' other cases; the lookup's
        # counts are traced in this page's read record.
        history, lookup = prior_history(actor=_actor(request), case=case)
        for party in parties:
            party.elsewhere = history.get(party.pk)  # type: ignore[attr-defined]
    case_read_record(actor=_actor(request), case=case, what="case", lookup=lookup)
    exchanges: dict[str, object] = {}
    if can_triage and present(case, "reporter_thread"):
        # The conversation with the reporting person: read (and traced) by its holder only.
        thread = ReporterThread.objects.filter(case=case).select_related("case").first()
        if thread is not None:
            exchanges = conversation(request, thread)
    # The procedure lives in ``workflows``; the case page shows its timeline and deadlines.
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "timeline": case_timeline(case),
            "deadlines": case_deadlines(case, timezone.localdate()),
            "measures": (
                ProtectiveMeasure.objects.filter(case=case)
                if present(case, "protective_measures")
                else []
            ),
            "categories": [
                link.category
                for link in CaseCategory.objects.filter(case=case).select_related("category")
            ],
            "can_triage": can_triage,
            # A closed case is read-only until reopened (cases.services.closed): its page
            # offers no change, only the reopening to the referent who keeps it.
            "can_edit": can_triage and case.status == Case.Status.OPEN,
            "parties": parties,
            "notes": case.notes.select_related("author") if present(case, "notes") else [],
            "attachments": (
                case.attachments.defer("content") if present(case, "attachments") else []
            ),
            "can_see_history": CasePermission.VIEW_HISTORY in held,
            "narrative_versions": (
                case.narrative_versions.select_related("replaced_by")
                if present(case, "narrative_versions")
                else []
            ),
            **exchanges,
        },
    )


@require_GET
def case_history_view(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = case_or_404(_actor(request), case_id, CasePermission.VIEW_HISTORY)
    case_read_record(actor=_actor(request), case=case, what="history")
    form = HistoryFilterForm(
        request.GET or None, people=history_people(case), kinds=history_kinds(case)
    )
    wanted = HistoryFilter()
    if form.is_bound and form.is_valid():
        person = form.cleaned_data["person"]
        wanted = HistoryFilter(
            actor_id=person.pk if person else None,
            action=form.cleaned_data["kind"] or "",
            since=form.cleaned_data["since"],
            until=form.cleaned_data["until"],
        )
    events = history_filtered(case, wanted)
    return render(
        request,
        "cases/history.html",
        {
            "case": case,
            "form": form,
            "filtered": wanted != HistoryFilter(),
            "events": events[:HISTORY_ROWS],
            "total": events.count(),
            "shown_max": HISTORY_ROWS,
            "holders": case_access_panel(case),
        },
    )


@require_GET
def attachment_download(
    request: HttpRequest, case_id: uuid.UUID, attachment_id: uuid.UUID
) -> HttpResponse:
    case = case_or_404(_actor(request), case_id)
    attachment = case.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    case_read_record(actor=_actor(request), case=case, what="attachment", item=str(attachment.pk))
    response = HttpResponse(attachment.content, content_type=attachment.content_type)
    # The real file name is confidential (it may hold a name): downloads get a neutral one.
    extension = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}.get(
        attachment.content_type, "bin"
    )
    response["Content-Disposition"] = f'attachment; filename="piece-{attachment.pk}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def party_elsewhere(request: HttpRequest, case_id: uuid.UUID, party_id: uuid.UUID) -> HttpResponse:
    """Is this person named in other cases of the entity? (blind index, exact match).

    POST only: the lookup is itself an audited act, and a GET could be replayed by
    a prefetching browser. Only a referent holding the case may ask.
    """
    case = case_or_404(_actor(request), case_id, CasePermission.TRIAGE)
    party = case.parties.filter(pk=party_id, anonymous=False).first()
    if party is None:
        raise Http404
    found = party_named_elsewhere(actor=_actor(request), party=party)
    return render(request, "cases/elsewhere.html", {"case": case, "party": party, "found": found})
