"""Why each person holds access to a case now, and taking back what nothing justifies.

A grant is kept only while a current fact gives it a reason: an open task its holder
owns (with the step's role), being the referent in charge, a seat on a running
enquiry, a letter waiting for their signature. The facts live in higher layers
(workflows, enquiries, letters): they register *reason sources* here at start-up
(their ``AppConfig.ready``), so that case records never import them. Each grant table
(cases' and enquiries') is registered the same way.

``grants_reconcile`` is the one way rights end: every path that ends a reason (task
released, reassigned or done, role revoked, enquiry ended, case closed, letter signed)
calls it in its own transaction, and the nightly check (``grants_reconcile_open_cases``)
runs it over every open case to catch anything a path missed. Each revocation is
audited with the cause's code (never content), as ``grants_remove`` writes it.

A case no source *governs* (created outside the procedure, by tooling or tests) keeps
its case grants as they were given: nothing here can say they are stale — except the
grants a source says it gave itself (its *owned* grants, e.g. the reading an access
request's match gave, ``rights.grant_reasons``): those end with that source's reasons
whatever the case's origin.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from cases.models import Case, User
from cases.services.access import CASE_GRANTS, GrantTable, grants_remove


@dataclass(frozen=True)
class Reason:
    """``user_id`` may hold ``permissions`` on the object ``object_id`` of ``table``."""

    table: str
    object_id: Any
    user_id: int
    permissions: frozenset[str]
    code: str  # e.g. "open_task", "referent_in_charge", "commission_seat"


OwnedGrant = tuple[str, Any, int, str]
"""(table, object id, user id, permission codename) of a grant a source gave itself."""


@dataclass
class _Registry:
    tables: dict[str, GrantTable] = field(default_factory=dict)
    # source(case) -> reasons, or None when the source does not govern this case.
    sources: dict[str, Callable[[Case], Iterable[Reason] | None]] = field(default_factory=dict)
    # The sources whose answer (not None) makes a case's own grants reconcilable.
    governing: set[str] = field(default_factory=set)
    # owned(case) -> the grants the source itself gave on the case, as
    # (table, object id, user id, codename): reconcilable even where nothing governs.
    owned: dict[str, Callable[[Case], Iterable[OwnedGrant]]] = field(default_factory=dict)
    # hook(user, entity_id, role) -> ids of the cases touched, run when a role is revoked.
    role_revoked: dict[str, Callable[[User, int, str], Iterable[Any]]] = field(default_factory=dict)


_registry = _Registry(tables={CASE_GRANTS.name: CASE_GRANTS})


def grant_table_register(table: GrantTable) -> None:
    _registry.tables[table.name] = table


def registered_tables() -> list[GrantTable]:
    return list(_registry.tables.values())


def reason_source_register(
    name: str,
    source: Callable[[Case], Iterable[Reason] | None],
    *,
    governs: bool = False,
    owned: Callable[[Case], Iterable[OwnedGrant]] | None = None,
) -> None:
    """Register (or replace, same ``name``) a source of current reasons.

    ``governs``: when this source answers for a case (not ``None``), the case's own
    grants follow the reasons; otherwise they are left as given (see the module's end).
    ``owned``: the grants this source recorded giving itself on a case; on a case no
    source governs, those (and only those) are revoked once no reason justifies them.
    """
    _registry.sources[name] = source
    if governs:
        _registry.governing.add(name)
    if owned is not None:
        _registry.owned[name] = owned


def role_revoked_hook_register(name: str, hook: Callable[[User, int, str], Iterable[Any]]) -> None:
    """Called when ``user`` loses ``role`` in an entity, before its cases are reconciled
    (the workflows release the tasks that person held under that role)."""
    _registry.role_revoked[name] = hook


def current_reasons(case: Case) -> tuple[list[Reason], bool]:
    """Every current reason on ``case``, and whether some source governs its case grants."""
    reasons: list[Reason] = []
    governed = False
    for name, source in _registry.sources.items():
        found = source(case)
        if found is None:
            continue
        governed = governed or name in _registry.governing
        reasons.extend(found)
    return reasons, governed


def justified(case: Case) -> dict[tuple[str, Any, int, str], list[str]]:
    """(table, object, user, permission) -> the codes of the reasons that justify it."""
    reasons, _governed = current_reasons(case)
    out: dict[tuple[str, Any, int, str], list[str]] = defaultdict(list)
    for reason in reasons:
        for codename in reason.permissions:
            out[(reason.table, str(reason.object_id), reason.user_id, codename)].append(reason.code)
    return out


@dataclass(frozen=True)
class StaleGrant:
    table: str
    object_id: Any
    user_id: int
    permissions: tuple[str, ...]


def _owned_grants(case: Case) -> set[tuple[str, str, int, str]]:
    return {
        (table, str(object_id), user_id, codename)
        for owned in _registry.owned.values()
        for table, object_id, user_id, codename in owned(case)
    }


def stale_grants(case: Case) -> list[StaleGrant]:
    """Grants on ``case`` (both tables) that no current reason justifies.

    On a case no source governs, only the case grants a source owns are considered.
    """
    reasons, governed = current_reasons(case)
    owned = set() if governed else _owned_grants(case)
    held: set[tuple[str, str, int, str]] = {
        (r.table, str(r.object_id), r.user_id, codename)
        for r in reasons
        for codename in r.permissions
    }
    stale: dict[tuple[str, str, int], list[str]] = defaultdict(list)
    objects: dict[tuple[str, str, int], Any] = {}
    for table in _registry.tables.values():
        ungoverned = table.name == CASE_GRANTS.name and not governed
        if ungoverned and not owned:
            continue
        rows = table.rows_of_case(case).values_list(
            "content_object_id", "user_id", "permission__codename"
        )
        for object_id, user_id, codename in rows:
            grant = (table.name, str(object_id), user_id, codename)
            if ungoverned and grant not in owned:
                continue  # given by hand or by tooling: left as given
            if grant not in held:
                key = (table.name, str(object_id), user_id)
                stale[key].append(codename)
                objects[key] = object_id
    return [
        StaleGrant(table, objects[(table, oid, uid)], uid, tuple(sorted(perms)))
        for (table, oid, uid), perms in sorted(stale.items())
    ]


def grants_reconcile(*, case: Case, actor: User | None, cause: str) -> list[StaleGrant]:
    """Revoke, in the caller's transaction, every grant on ``case`` with no current reason.

    ``cause`` is the code of what just happened (``task_released``, ``role_revoked``...):
    it is what the audit keeps for each revocation. Returns what was revoked.
    """
    with transaction.atomic():
        stale = stale_grants(case)
        for grant in stale:
            table = _registry.tables[grant.table]
            obj = (
                case
                if table is CASE_GRANTS
                else table.target._default_manager.get(pk=grant.object_id)
            )
            grants_remove(
                table,
                actor=actor,
                obj=obj,
                user=grant.user_id,
                permissions=grant.permissions,
                reason=cause,
            )
    return stale


def role_revoked_reconcile(*, actor: User, user: User, entity_id: int, role: str) -> int:
    """After ``user`` lost ``role`` in the entity: let the sources release what hung on it,
    then reconcile every case of the entity ``user`` still holds something on."""
    touched: set[Any] = set()
    for hook in _registry.role_revoked.values():
        touched.update(str(pk) for pk in hook(user, entity_id, role))
    for table in _registry.tables.values():
        touched.update(
            str(pk)
            for pk in table.model.objects.filter(user=user)
            .values_list(_case_path(table), flat=True)
            .distinct()
        )
    revoked = 0
    for case in Case.objects.filter(pk__in=touched, entity_id=entity_id):
        revoked += len(grants_reconcile(case=case, actor=actor, cause="role_revoked"))
    return revoked


def _case_path(table: GrantTable) -> str:
    return "content_object_id" if table is CASE_GRANTS else "content_object__case_id"


@dataclass
class ReconcileReport:
    cases: int = 0
    revoked: list[tuple[str, str, int, tuple[str, ...]]] = field(default_factory=list)


def grants_reconcile_open_cases(*, batch: int = 500) -> ReconcileReport:
    """The nightly check: every open case, every grant without a current reason revoked.

    Should find nothing (each path reconciles as it goes); what it finds is listed
    (case reference, table, user id, permissions — no content) and audited.
    """
    report = ReconcileReport()
    last = None
    while True:
        page = Case.objects.filter(status=Case.Status.OPEN).order_by("pk")
        if last is not None:
            page = page.filter(pk__gt=last)
        cases = list(page[:batch])
        if not cases:
            return report
        for case in cases:
            report.cases += 1
            for grant in grants_reconcile(case=case, actor=None, cause="nightly_check"):
                report.revoked.append(
                    (case.reference, grant.table, grant.user_id, grant.permissions)
                )
        last = cases[-1].pk
