"""The persons of a case, as the referent in charge records and corrects them.

Callers: the case page's persons panel (``cases.views.persons``), which checks
``triage_case`` on the case first. Every change is atomic and audited with ids and
codes only; a correction keeps what the record said before (``PartyRevision``) and
is refused when someone else corrected the person since the form was opened, or
when the case is closed (``cases.services.closed``).

A person linked to a staff account of Recueil is excluded from handling the case
(DOMAIN.md, confidentiality rules: "anyone named in a case is excluded from handling
it"): the link records a conflict of interest, which revokes the account's rights at
once, and the reconciliation ends whatever else hung on them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.core.audit.services import audit_record
from cases.models import (
    Case,
    CaseGrant,
    CasePermission,
    Party,
    PartyIndexEntry,
    PartyRevision,
    User,
)
from cases.selectors.cases import case_permission_id
from cases.services.access import conflict_declare
from cases.services.cases import (
    NamedElsewhere,
    StaleEdit,
    party_add,
    party_index,
)
from cases.services.closed import case_require_open
from cases.services.grant_reasons import grants_reconcile

# What the identity of a person may hold (all of it encrypted under the case key).
IDENTITY_KEYS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "address",
    "programme",
    "year",
    "unit",
)


@dataclass
class PersonData:
    role: str
    status: str = Party.Status.UNKNOWN
    anonymous: bool = False
    identity: dict[str, str] = field(default_factory=dict)
    account: User | None = None


def linkable_accounts(case: Case) -> QuerySet[User]:
    """Staff accounts of the case's entity a person may be linked to (any role)."""
    return (
        User.objects.filter(memberships__entity_id=case.entity_id, is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def _clean(case: Case, data: PersonData) -> dict[str, str]:
    if data.role not in Party.Role.values:
        raise ValidationError(_("Qualité inconnue."))
    if data.status not in Party.Status.values:
        raise ValidationError(_("Statut inconnu."))
    identity = {k: str(v).strip() for k, v in data.identity.items() if k in IDENTITY_KEYS and v}
    if not data.anonymous and not (identity.get("first_name") or identity.get("last_name")):
        raise ValidationError(
            _(
                "Indiquez au moins un nom ou un prénom, ou cochez « anonyme ou pas encore "
                "identifiée »."
            )
        )
    if data.account is not None and not linkable_accounts(case).filter(pk=data.account.pk):
        raise ValidationError(_("Ce compte n'appartient pas à l'entité du dossier."))
    return identity


def _exclude(*, actor: User, case: Case, account: User) -> None:
    """A person named in the case is excluded from handling it, at once."""
    conflict_declare(actor=actor, case=case, user=account, reason="named")
    grants_reconcile(case=case, actor=actor, cause="conflict")


def person_add(*, actor: User, case: Case, data: PersonData) -> Party:
    """Record a person on ``case`` (the referent in charge). Audited: ``case.party_added``."""
    identity = _clean(case, data)
    with transaction.atomic():
        party = party_add(
            actor=actor,
            case=case,
            role=data.role,
            identity=identity,
            status=data.status,
            anonymous=data.anonymous,
            account=data.account,  # party_add records the conflict of interest
        )
        if data.account is not None:
            grants_reconcile(case=case, actor=actor, cause="conflict")
    return party


def _snapshot(party: Party) -> dict[str, Any]:
    return {
        "role": party.role,
        "status": party.status,
        "anonymous": party.anonymous,
        "identity": party.identity or {},
        "account": party.account_id,
    }


def person_correct(*, actor: User, party: Party, data: PersonData, expected_version: int) -> Party:
    """Correct a person unless someone else did since ``expected_version``.

    What the record said before is kept (``PartyRevision``: who, when). Audited:
    ``case.party_corrected`` with the names of the fields changed, never their values.
    """
    case = party.case
    identity = _clean(case, data)
    with transaction.atomic():
        case_require_open(case)
        current = Party.objects.select_for_update().select_related("case").get(pk=party.pk)
        if current.version != expected_version:
            raise StaleEdit(
                _(
                    "Cette personne a été modifiée par quelqu'un d'autre pendant votre saisie. "
                    "Rechargez la page : vos corrections n'ont pas été enregistrées."
                )
            )
        before = _snapshot(current)
        after = {
            "role": data.role,
            "status": data.status,
            "anonymous": data.anonymous,
            "identity": identity,
            "account": data.account.pk if data.account else None,
        }
        changed = sorted(k for k in after if after[k] != before[k])
        if not changed:
            return current
        PartyRevision(
            key_id=current.key_id,
            party=current,
            version=current.version,
            changed_by=actor,
            previous=before,
        ).save(force_insert=True)
        current.role = data.role
        current.status = data.status
        current.anonymous = data.anonymous
        current.identity = identity
        current.account = data.account
        current.version += 1
        current.updated_at = timezone.now()
        current.updated_by = actor
        current.save()
        party_index(current)
        audit_record(
            actor=actor,
            action="case.party_corrected",
            target=case,
            entity_id=case.entity_id,
            details={"party": str(current.pk), "fields": changed, "version": current.version},
        )
        if data.account is not None and before["account"] != data.account.pk:
            _exclude(actor=actor, case=case, account=data.account)
    return current


# At most this many other cases are listed per person on the case page; the rest are
# counted ("and N more"), so the page reads a bounded number of rows however often a
# name recurs in the entity.
ELSEWHERE_LISTED = 20


@functools.cache
def _prior_history_sql() -> tuple[str, str]:
    """The two statements of ``prior_history``, written from the models' metadata."""
    q = connection.ops.quote_name
    pie, party = PartyIndexEntry._meta.db_table, Party._meta.db_table
    grant, case = CaseGrant._meta.db_table, Case._meta.db_table
    # Each implicated, named person of the case (own), the other cases of the entity
    # whose index holds one of their digests (o), and whether the reader holds
    # ``view_case`` on them (g). Bound parameters: entity, case, user, permission, case,
    # role, anonymous.
    joins = (
        f"FROM {q(pie)} own JOIN {q(party)} p ON p.{q('id')} = own.{q('party_id')} "
        f"{{kind}} JOIN {q(pie)} o ON o.{q('digest')} = own.{q('digest')} "
        f"AND o.{q('entity_id')} = %s AND o.{q('case_id')} <> %s "
        f"{{grant_kind}} JOIN {q(grant)} g ON g.{q('content_object_id')} = o.{q('case_id')} "
        f"AND g.{q('user_id')} = %s AND g.{q('permission_id')} = %s "
    )
    where = f"WHERE own.{q('case_id')} = %s AND p.{q('role')} = %s AND p.{q('anonymous')} = %s "
    counts = (
        f"SELECT own.{q('party_id')}, COUNT(DISTINCT o.{q('case_id')}), "  # noqa: S608
        f"COUNT(DISTINCT g.{q('content_object_id')}) "
        + joins.format(kind="LEFT", grant_kind="LEFT")
        + where
        + f"GROUP BY own.{q('party_id')}"
    )
    # The references the reader may open, at most ``ELSEWHERE_LISTED`` per person (the
    # database numbers them per person, so the rows returned stay bounded).
    visible = (
        f"SELECT DISTINCT own.{q('party_id')} AS party_id, c.{q('id')} AS case_id, "  # noqa: S608
        f"c.{q('reference')} AS reference "
        + joins.format(kind="", grant_kind="")
        + f"JOIN {q(case)} c ON c.{q('id')} = o.{q('case_id')} "
        + where
    )
    listed = (
        "SELECT party_id, case_id, reference FROM (SELECT v.*, ROW_NUMBER() OVER "  # noqa: S608
        f"(PARTITION BY party_id ORDER BY reference) AS n FROM ({visible}) v) w "
        "WHERE n <= %s ORDER BY reference"
    )
    return counts, listed


@dataclass(frozen=True)
class CaseReference:
    """Another case as the prior-history notice links to it: id and reference only."""

    pk: Any
    reference: str


def prior_history(*, actor: User, case: Case) -> tuple[dict[Any, NamedElsewhere], dict[str, int]]:
    """Other cases of the entity naming each implicated person of ``case`` (traced).

    For the referent in charge only (the caller checks ``triage_case``). The same rule
    as ``party_named_elsewhere`` (blind index, exact match; cases the actor may see are
    listed, the others only counted), read for all the implicated persons at once in two
    statements — counts per person, then the references the actor may open, at most
    ``ELSEWHERE_LISTED`` per person — whoever is named and however many cases match: the
    case page's cost stays constant. Returns the findings and their counts (persons
    looked up, and the other cases found, summed over the persons); the caller traces
    the lookup with those counts in the read it records anyway (one chain append per
    page view, not two).
    """
    counts_sql, listed_sql = _prior_history_sql()
    case_id = Case._meta.pk.get_db_prep_value(case.pk, connection)  # type: ignore[union-attr]
    entity_id = Case._meta.get_field("entity").target_field.get_db_prep_value(  # type: ignore[union-attr]
        case.entity_id, connection
    )
    params = [
        entity_id,
        case_id,
        User._meta.pk.get_db_prep_value(actor.pk, connection),  # type: ignore[union-attr]
        case_permission_id(CasePermission.VIEW),
        case_id,
        Party.Role.IMPLICATED.value,
        False,
    ]
    to_party = Party._meta.pk.to_python  # type: ignore[union-attr]
    to_case = Case._meta.pk.to_python  # type: ignore[union-attr]
    with connection.cursor() as cursor:
        cursor.execute(counts_sql, params)
        totals = {to_party(row[0]): (row[1], row[2]) for row in cursor.fetchall()}
        listed: dict[Any, list[CaseReference]] = {}
        # Run even when nothing is visible: the page's statement count stays the same
        # whatever the data (docs/PERFORMANCE.md).
        cursor.execute(listed_sql, [*params, ELSEWHERE_LISTED])
        for party_id, other_id, reference in cursor.fetchall():
            listed.setdefault(to_party(party_id), []).append(
                CaseReference(pk=to_case(other_id), reference=reference)
            )
    findings = {}
    for party_id, (total, seen) in totals.items():
        shown = listed.get(party_id, [])
        findings[party_id] = NamedElsewhere(
            visible=shown,  # type: ignore[arg-type]
            hidden_count=total - seen,
            more_visible=seen - len(shown),
        )
    counts = {"implicated": len(totals), "matches": sum(t for t, _s in totals.values())}
    return findings, counts
