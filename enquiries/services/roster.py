"""The investigators' roster: who may sit on a commission, and who fits a given enquiry.

Callers: entity administrators (roster entries of their entity's staff); the
appointment service and page (eligibility and suggestions). A roster entry is a
description of a staff member; its changes are audited against the account.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.core.audit.services import audit_record
from cases.models import ConflictDeclaration, Entity, Role, RoleMembership, User
from enquiries.models import CommissionMember, Enquiry, Gender, InvestigatorProfile


def roster_entry_save(
    *,
    actor: User,
    user: User,
    entity: Entity,
    gender: str,
    languages: list[str],
    trained_on: dt.date | None = None,
    team: str = "",
    shared_with_group: bool = False,
    available: bool = True,
    unavailable_until: dt.date | None = None,
    max_load: int = 2,
    conflicts: Iterable[User] = (),
) -> InvestigatorProfile:
    """Create or update ``user``'s roster entry; only an administrator of ``entity``.

    The person must hold the investigator role in that entity: the roster lists
    people the entity has designated, never anybody else.
    """
    if not RoleMembership.objects.filter(
        user=actor, entity=entity, role=Role.ENTITY_ADMIN
    ).exists():
        raise PermissionDenied
    if not RoleMembership.objects.filter(user=user, entity=entity, role=Role.INVESTIGATOR).exists():
        raise ValidationError(
            _("Seule une personne ayant le rôle d'enquêteur·rice dans l'entité peut être inscrite.")
        )
    if gender not in Gender.values:
        raise ValidationError(_("Genre inconnu."))
    cleaned = sorted({code.strip().lower() for code in languages if code.strip()})
    if not cleaned or any(len(code) != 2 or not code.isalpha() for code in cleaned):
        raise ValidationError(
            _("Indiquez au moins une langue, en codes à deux lettres (fr, en, es…).")
        )
    if trained_on and trained_on > timezone.localdate():
        raise ValidationError(_("La date de formation ne peut pas être dans le futur."))
    conflict_users = [u for u in conflicts if u.pk != user.pk]
    with transaction.atomic():
        profile, created = InvestigatorProfile.objects.update_or_create(
            user=user,
            defaults={
                "entity": entity,
                "gender": gender,
                "languages": cleaned,
                "trained_on": trained_on,
                "team": team.strip(),
                "shared_with_group": shared_with_group,
                "available": available,
                "unavailable_until": unavailable_until,
                "max_load": max_load,
                "updated_by": actor,
            },
        )
        profile.conflicts.set(conflict_users)
        audit_record(
            actor=actor,
            action="roster.created" if created else "roster.updated",
            target=user,
            entity_id=entity.pk,
            details={"conflicts": len(conflict_users)},
        )
    return profile


@dataclass
class Candidate:
    profile: InvestigatorProfile
    load: int
    refusals: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def user(self) -> User:
        return self.profile.user

    @property
    def eligible(self) -> bool:
        return not self.refusals

    @property
    def trained(self) -> bool:
        return self.profile.trained_on is not None


def _norm(value: object) -> str:
    return " ".join(str(value or "").casefold().split())


def _party_facts(enquiry: Enquiry) -> tuple[set[int], set[str]]:
    """Accounts and teams of the parties (identities decrypted in memory only)."""
    accounts: set[int] = set()
    teams: set[str] = set()
    for party in enquiry.case.parties.all():
        if party.account_id:
            accounts.add(party.account_id)
        identity = party.identity or {}
        for key in ("team", "affiliation"):
            if _norm(identity.get(key)):
                teams.add(_norm(identity.get(key)))
    return accounts, teams


def roster_for(enquiry: Enquiry) -> list[Candidate]:
    """Every roster entry that could serve this enquiry's entity, each with why it may not.

    The entity's own investigators, and those of other entities flagged as shared
    with the group (the IMT shares investigators between schools).
    """
    today = timezone.localdate()
    case = enquiry.case
    chosen = list(
        InvestigatorProfile.objects.filter(
            Q(entity_id=case.entity_id) | Q(shared_with_group=True),
            user__is_active=True,
            # Still designated by their entity: removing the role takes them off the roster.
            user__memberships__role=Role.INVESTIGATOR,
            user__memberships__entity=F("entity"),
        )
        .distinct()
        .select_related("user", "entity")
        .prefetch_related("conflicts")
        .order_by("user__last_name", "user__first_name")
    )
    loads = dict(
        CommissionMember.objects.filter(
            ended_at__isnull=True, enquiry__status__in=["opened", "in_progress"]
        )
        .values("investigator_id")
        .annotate(n=Count("pk"))
        .values_list("investigator_id", "n")
    )
    conflicted = set(
        ConflictDeclaration.objects.filter(case=case).values_list("user_id", flat=True)
    )
    seated = set(
        enquiry.members.filter(ended_at__isnull=True).values_list("investigator_id", flat=True)
    )
    party_accounts, party_teams = _party_facts(enquiry)
    candidates = []
    for profile in chosen:
        candidate = Candidate(profile=profile, load=loads.get(profile.user_id, 0))
        if profile.user_id in conflicted or profile.user_id in party_accounts:
            candidate.refusals.append(_("En conflit d'intérêts avec ce dossier."))
        if party_accounts & {u.pk for u in profile.conflicts.all()}:
            candidate.refusals.append(
                _("A déclaré un conflit d'intérêts avec une personne concernée.")
            )
        if _norm(profile.team) and _norm(profile.team) in party_teams:
            candidate.refusals.append(_("Même service ou équipe qu'une personne concernée."))
        if not profile.available or (
            profile.unavailable_until and profile.unavailable_until >= today
        ):
            candidate.refusals.append(_("Indisponible."))
        if profile.user_id in seated:
            candidate.refusals.append(_("Déjà membre de cette commission."))
        if not candidate.trained:
            candidate.warnings.append(_("Pas encore formé·e."))
        if candidate.load >= profile.max_load:
            candidate.warnings.append(
                _("Charge maximale atteinte (%(n)d enquêtes).") % {"n": candidate.load}
            )
        candidates.append(candidate)
    return candidates


def suggest_pair(candidates: list[Candidate], languages: list[str]) -> list[Candidate]:
    """The best pair of eligible candidates: mixed, covering the languages, trained, least busy.

    Mixed-gender and bilingual pairs are the IMT's preference (plan 2024-2026, axe 4:
    "favoriser la mixité des binômes et le bilinguisme"); a suggestion, never a rule.
    """
    eligible = [c for c in candidates if c.eligible]
    if len(eligible) < 2:
        return eligible[:1]
    wanted = set(languages)

    def score(pair: tuple[Candidate, Candidate]) -> tuple[int, int, int, int]:
        a, b = pair
        mixed = int(
            a.profile.gender != b.profile.gender
            and Gender.OTHER not in (a.profile.gender, b.profile.gender)
        ) or int(Gender.OTHER in (a.profile.gender, b.profile.gender))
        spoken = set(a.profile.languages) | set(b.profile.languages)
        covered = len(wanted & spoken)
        trained = int(a.trained) + int(b.trained)
        spare = (a.profile.max_load - a.load) + (b.profile.max_load - b.load)
        return (covered, mixed, trained, spare)

    best = max(combinations(eligible, 2), key=score)
    return list(best)
