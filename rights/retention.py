"""How long a closed data-subject request is kept, and its anonymisation.

The rule is ``retention.rules.SUBJECT_REQUEST`` (cited and bounded there; the system
check refuses a period outside 12 to 60 months). ``retention`` may not import this app
(same layer), so the request register plugs into ``apply_retention`` through
``workflows.hooks.retention_source_register`` (registered by the app's ``ready``): the
dry run lists what would go, the run anonymises it in batches.

Anonymisation is crypto-shredding with the same primitive as cases and listening
records (``data_keys_shred``): the request's own data key is destroyed, so who asked,
what they asked, the reasons of an extension, the answer given, the access export's
passages and its PDF — all sealed with that key — become unreadable in this database and
in every backup. What says which cases the person appears in without being encrypted (the
matches, the passages' case references) is deleted. The right exercised, the dates, the
status and the counts stay: they show the request was answered, and when. One audit
entry per request, ``rights.request_shredded`` with the rule, never content.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from cases.core.audit.services import audit_record
from cases.core.crypto.datakeys import data_key_forget, data_keys_shred
from rights.deadlines import months_after
from rights.models import ExportPassage, SubjectRequest, SubjectRequestMatch
from workflows.hooks import RetentionItem, RetentionSource

# The code of ``retention.rules.SUBJECT_REQUEST`` (tests check they agree).
RULE = "subject_request"
KIND = "subject_request"


def retention_due_on(closed_on: dt.date) -> dt.date:
    """The day a request closed on ``closed_on`` is anonymised (the deployment's period)."""
    return months_after(closed_on, settings.RECUEIL_RETENTION_SUBJECT_REQUEST_MONTHS)


def _closed() -> QuerySet[SubjectRequest]:
    return SubjectRequest.objects.exclude(status=SubjectRequest.Status.OPEN).filter(
        shredded_at__isnull=True, closed_on__isnull=False
    )


def requests_due(today: dt.date) -> QuerySet[SubjectRequest]:
    """Closed requests whose date has come, not yet anonymised — oldest first."""
    return _closed().filter(retention_due_on__lte=today).order_by("retention_due_on", "pk")


def requests_backfill() -> int:
    """Dates for requests closed before the rule existed: from their closure, as the
    closing would have stored them."""
    count = 0
    undated = _closed().filter(retention_due_on__isnull=True)
    for pk, closed_on in undated.values_list("pk", "closed_on"):
        if closed_on is None:  # excluded by _closed(); for the type checker
            continue
        SubjectRequest.objects.filter(pk=pk).update(
            retention_rule=RULE, retention_due_on=retention_due_on(closed_on)
        )
        count += 1
    return count


def _reference(request_id: object) -> str:
    return f"subject-request:{request_id}"


def request_retention_due(today: dt.date) -> Iterator[RetentionItem]:
    """What a run on ``today`` would anonymise (read only: undated ones computed in memory)."""
    undated = _closed().filter(retention_due_on__isnull=True)
    for pk, closed_on in undated.values_list("pk", "closed_on"):
        if closed_on is not None and retention_due_on(closed_on) <= today:
            yield RetentionItem(KIND, pk, _reference(pk), RULE, retention_due_on(closed_on))
    dated = requests_due(today).values_list("pk", "retention_rule", "retention_due_on")
    for pk, rule, stored_on in dated:
        if stored_on is not None:
            yield RetentionItem(KIND, pk, _reference(pk), rule or RULE, stored_on)


def requests_shred(today: dt.date, batch: int) -> int:
    """Anonymise at most ``batch`` due requests in one transaction. Returns how many."""
    requests_backfill()
    with transaction.atomic():
        ids = list(requests_due(today).values_list("pk", flat=True)[:batch])
        # Locked: a request is never closed twice, but a concurrent run must not shred twice.
        going = list(
            SubjectRequest.objects.select_for_update()
            .filter(pk__in=ids, shredded_at__isnull=True)
            .only("pk", "key_id", "entity_id", "retention_rule")
        )
        going_ids = [r.pk for r in going]
        key_ids = [r.key_id for r in going]
        # Not encrypted, yet they tell which cases the person appears in.
        SubjectRequestMatch.objects.filter(request_id__in=going_ids).delete()
        ExportPassage.objects.filter(export__request_id__in=going_ids).delete()
        data_keys_shred(key_ids)
        SubjectRequest.objects.filter(pk__in=going_ids).update(shredded_at=timezone.now())
        for request in going:
            audit_record(
                actor=None,
                action="rights.request_shredded",
                target=request,
                entity_id=request.entity_id,
                details={"rule": request.retention_rule or RULE},
            )

        def forget() -> None:
            for key_id in key_ids:
                data_key_forget(key_id)

        transaction.on_commit(forget)
    return len(going)


SOURCE = RetentionSource(kind=KIND, due=request_retention_due, apply=requests_shred)
