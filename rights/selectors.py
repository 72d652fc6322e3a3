"""Reads of the request register, filtered by who may see them (404 otherwise, T1/T2)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from cases.core.crypto.datakeys import data_keys_preload
from cases.models import Entity, User
from rights.models import SubjectRequest
from rights.retention import RULE, retention_due_on
from rights.services import REGISTER_ROLES
from workflows.hooks import RetentionRuleText, retention_rule_describe


def register_entities(user: User) -> QuerySet[Entity]:
    """The entities whose register ``user`` keeps (legal directorate)."""
    return Entity.objects.filter(
        memberships__user=user, memberships__role__in=REGISTER_ROLES
    ).distinct()


def requests_for(user: User) -> list[SubjectRequest]:
    rows = list(
        SubjectRequest.objects.filter(entity__in=register_entities(user)).select_related("entity")
    )
    data_keys_preload(r.key_id for r in rows)
    return rows


def request_or_404(user: User, request_id: uuid.UUID) -> SubjectRequest:
    found = (
        SubjectRequest.objects.filter(pk=request_id, entity__in=register_entities(user))
        .select_related("entity")
        .first()
    )
    if found is None:
        raise Http404
    return found


@dataclass(frozen=True)
class RequestRetention:
    """What the request page shows of its retention (the shape of ``retention``'s own
    section, ``retention/_retention_facts.html``): the rule, from when, until when."""

    rule: RetentionRuleText | None
    start_on: dt.date | None
    due_on: dt.date | None
    applied_at: dt.datetime | None


def request_retention(request: SubjectRequest) -> RequestRetention:
    """None of it until the request is closed; a request closed before the rule existed
    shows the date the next run stores (as the dry run lists it)."""
    if request.closed_on is None:
        return RequestRetention(None, None, None, request.shredded_at)
    code = request.retention_rule or RULE
    due_on = request.retention_due_on or retention_due_on(request.closed_on)
    return RequestRetention(
        retention_rule_describe(code), request.closed_on, due_on, request.shredded_at
    )
