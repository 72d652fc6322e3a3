"""Reads of cases, always filtered by the reader's per-object permissions.

Deliberately not guardian's ``get_objects_for_user``: its defaults accept global
permissions and superusers (one global permission would show every case, T2).
Here only per-case grants in the direct foreign-key table count — superusers
included — and the query is a single indexed join.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.auth.models import Permission
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.db.models.signals import post_migrate
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.formats import date_format

from cases.core.crypto.datakeys import data_keys_preload
from cases.core.links import url_pattern
from cases.models import AuditEvent, Case, CaseGrant, CasePermission, User

T = TypeVar("T")


# Permission rows never change once migrated; reading their ids once per process
# spares every permission check two nested sub-queries, whose compilation by the ORM
# cost more than running them (bench ``case_permission_check``). Cleared after every
# migration and test flush (``post_migrate``), which may renumber them.
_PERMISSION_IDS: dict[tuple[str, str], int] = {}


def _forget_permission_ids(**kwargs: object) -> None:
    _PERMISSION_IDS.clear()


post_migrate.connect(_forget_permission_ids, dispatch_uid="cases.selectors.permission_ids")


def case_permission_id(codename: str) -> int:
    """The id of the case permission ``codename``, on the default database."""
    key = (connections[DEFAULT_DB_ALIAS].settings_dict["NAME"], codename)
    found = _PERMISSION_IDS.get(key)
    if found is None:
        found = Permission.objects.values_list("pk", flat=True).get(
            content_type__app_label="cases", content_type__model="case", codename=codename
        )
        _PERMISSION_IDS[key] = found
    return found


def cases_for(user: User, permission: str = CasePermission.VIEW) -> QuerySet[Case]:
    if not user.is_authenticated or not user.is_active:
        return Case.objects.none()
    granted = CaseGrant.objects.filter(
        user=user, permission_id=case_permission_id(permission)
    ).values("content_object_id")
    return Case.objects.filter(pk__in=granted)


def _newest_granted(
    user: User, permission: str, limit: int, offset: int
) -> QuerySet[CaseGrant, Any]:
    """The ids of one page of ``user``'s cases, newest first, read from the grant index."""
    return (
        CaseGrant.objects.filter(user=user, permission_id=case_permission_id(permission))
        .order_by("-case_created_at")
        .values("content_object_id")[offset : offset + limit]
    )


def case_page_for(
    user: User, *, permission: str = CasePermission.VIEW, limit: int = 50, offset: int = 0
) -> list[Case]:
    """One page of the cases ``user`` may see, newest first, read from the grant index."""
    if not user.is_authenticated or not user.is_active:
        return []
    newest = _newest_granted(user, permission, limit, offset)
    return list(Case.objects.filter(pk__in=newest).select_related("entity").order_by("-created_at"))


@dataclass(frozen=True)
class CaseListRow:
    """A line of "Mes dossiers": what the list shows, nothing confidential."""

    url: str
    reference: str
    entity_name: str
    opened_on: str  # the local date, in the locale's format
    status_label: str


def case_list_rows(
    user: User, *, permission: str = CasePermission.VIEW, limit: int = 50, offset: int = 0
) -> list[CaseListRow]:
    """The rows of one page of "Mes dossiers": the same cases as ``case_page_for``.

    Read as values, not as cases: the list shows four columns, and building 50 cases and
    their entities, with each status translated through Django's ``get_FOO_display``
    (which rebuilds the choices on every call) and each address reversed, was most of
    the page's time (docs/PERFORMANCE.md). The encrypted narrative is not read at all.
    """
    if not user.is_authenticated or not user.is_active:
        return []
    newest = _newest_granted(user, permission, limit, offset)
    found = (
        Case.objects.filter(pk__in=newest)
        .order_by("-created_at")
        .values_list("pk", "reference", "entity__name", "created_at", "status")
    )
    labels = {value: str(label) for value, label in Case.Status.choices}
    url = url_pattern("case-detail", "case_id")
    days: dict[dt.date, str] = {}  # a page's cases share few dates: each formatted once
    rows = []
    for pk, reference, entity, opened, status in found:
        day = timezone.localdate(opened)
        if day not in days:
            days[day] = date_format(day, "DATE_FORMAT")
        rows.append(
            CaseListRow(url.format(pk), reference, entity, days[day], labels.get(status, status))
        )
    return rows


def with_data_keys(rows: Iterable[T]) -> list[T]:
    """Evaluate ``rows`` and unwrap all their data keys in one query (lists that decrypt)."""
    items = list(rows)
    data_keys_preload(getattr(item, "key_id") for item in items)  # noqa: B009
    return items


def case_or_404(user: User, case_id: uuid.UUID, permission: str = CasePermission.VIEW) -> Case:
    """The case if ``user`` holds ``permission`` on it; 404 otherwise, existing or not (T1).

    ``case_id`` comes from a ``<uuid:case_id>`` path converter: a malformed id never
    reaches a view (it matches no URL).
    """
    if not user.is_authenticated or not user.is_active:
        raise Http404
    # One join on the grant table's unique (user, permission, case) index, rather than
    # ``cases_for``'s list of every case the user holds (a referent holds thousands).
    rows = list(
        Case.objects.select_related("entity")
        .filter(
            pk=case_id,
            grants__user_id=user.pk,
            grants__permission_id=case_permission_id(permission),
        )
        .order_by()[:1]
    )
    if not rows:
        raise Http404
    return rows[0]


def case_for_page_or_404(request: HttpRequest, case_id: uuid.UUID) -> Case:
    """The case page's read: the reader's grants on the case, then the case itself.

    404 without ``view_case``, existing or not (T1), as ``case_or_404``. Reading the
    grants first answers both "may they read it" and "what else may they do" in one
    indexed read (kept on the request for the page's letters and enquiry sections),
    and leaves a plain primary-key read of the case.
    """
    user = request.user
    if not user.is_authenticated or not user.is_active:
        raise Http404
    held = set(
        CaseGrant.objects.filter(user=user, content_object_id=case_id).values_list(
            "permission__codename", flat=True
        )
    )
    if CasePermission.VIEW not in held:
        raise Http404
    case = Case.objects.select_related("entity").order_by().filter(pk=case_id).first()
    if case is None:
        raise Http404
    cache: dict[object, set[str]] = request.__dict__.setdefault("_recueil_case_permissions", {})
    cache[case.pk] = held
    return case


def user_can(user: User, case: Case, permission: str) -> bool:
    return CaseGrant.objects.filter(
        user=user, content_object=case, permission_id=case_permission_id(permission)
    ).exists()


def case_permissions_of(user: User, case: Case) -> set[str]:
    return set(
        CaseGrant.objects.filter(user=user, content_object=case).values_list(
            "permission__codename", flat=True
        )
    )


def case_permissions_in_request(request: HttpRequest, case: Case) -> set[str]:
    """``case_permissions_of`` for the request's user, read once per request and case.

    A page and the template tags it includes (letters, enquiry) ask the same question;
    the answer is kept on the request only, so a revocation counts from the next one.
    """
    cache: dict[object, set[str]] = request.__dict__.setdefault("_recueil_case_permissions", {})
    key = case.pk
    if key not in cache:
        cache[key] = case_permissions_of(request.user, case)  # type: ignore[arg-type]
    return cache[key]


def case_history(case: Case) -> QuerySet[AuditEvent]:
    """Who read or changed the case, and when (events about the case or its parts)."""
    return (
        AuditEvent.objects.filter(object_type="cases.case", object_id=str(case.pk))
        .select_related("actor")
        .order_by("-sequence")
    )
