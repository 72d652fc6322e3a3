"""Reads of the request register, filtered by who may see them (404 otherwise, T1/T2)."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.http import Http404

from cases.core.crypto.datakeys import data_keys_preload
from cases.models import Entity, User
from rights.models import SubjectRequest
from rights.services import REGISTER_ROLES


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
