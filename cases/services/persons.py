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

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.core.audit.services import audit_record
from cases.models import Case, Party, PartyIndexEntry, PartyRevision, User
from cases.selectors.cases import cases_for
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


def prior_history(*, actor: User, case: Case) -> tuple[dict[Any, NamedElsewhere], dict[str, int]]:
    """Other cases of the entity naming each implicated person of ``case`` (traced).

    For the referent in charge only (the caller checks ``triage_case``). The same rule
    as ``party_named_elsewhere`` (blind index, exact match; cases the actor may see are
    listed, the others only counted), read for all the implicated persons at once in a
    fixed number of queries, whoever is named and however many cases match (the case
    page's cost stays constant). Returns the findings and their counts; the caller traces
    the lookup with those counts in the read it records anyway (one chain append per
    page view, not two).
    """
    own_entries = PartyIndexEntry.objects.filter(
        case=case, party__role=Party.Role.IMPLICATED, party__anonymous=False
    )
    own = list(own_entries.values_list("party_id", "digest"))
    others = PartyIndexEntry.objects.filter(
        entity_id=case.entity_id, digest__in=Subquery(own_entries.values("digest"))
    ).exclude(case_id=case.pk)
    matches = list(others.values_list("digest", "case_id").distinct())
    visible = {c.pk: c for c in cases_for(actor).filter(pk__in=Subquery(others.values("case_id")))}
    cases_by_digest: dict[str, set[Any]] = {}
    for digest, case_id in matches:
        cases_by_digest.setdefault(digest, set()).add(case_id)
    found: dict[Any, set[Any]] = {}
    for party_id, digest in own:
        found.setdefault(party_id, set()).update(cases_by_digest.get(digest, set()))
    counts = {"implicated": len(found), "matches": len({c for _d, c in matches})}
    return {
        party_id: NamedElsewhere(
            visible=sorted((visible[i] for i in ids if i in visible), key=lambda c: c.reference),
            hidden_count=len([i for i in ids if i not in visible]),
        )
        for party_id, ids in found.items()
    }, counts
