"""Steering counts protection fonctionnelle requests by decision, small counts masked."""

from __future__ import annotations

import pytest
from django.utils import timezone

from cases.models import Party, ProtectionRequest, Role
from cases.services.cases import party_add
from cases.services.protection import protection_decide, protection_request_record
from indicators.selectors import Breakdown, indicators
from tests.builders import case_for
from tests.people import staff

TODAY = timezone.localdate()


def _requests(referent, director, entity, decisions: list[str]) -> None:
    for decision in decisions:
        case = case_for(referent, entity)
        victim = party_add(
            actor=referent,
            case=case,
            role=Party.Role.VICTIM,
            identity={"last_name": "Roux"},
            status=Party.Status.STAFF_CONTRACT,
        )
        request = protection_request_record(
            actor=referent, case=case, party=victim, requested_on=TODAY, facts="Menaces"
        )
        if decision != "pending":
            protection_decide(
                actor=director,
                request=request,
                decision=decision,
                decided_on=TODAY,
                reasons="Motifs",
                expected_version=1,
            )


def _protection(entity) -> Breakdown:
    figures = indicators([entity], TODAY.year, entity.name)
    return next(b for b in figures.breakdowns if b.title.startswith("Demandes de protection"))


@pytest.mark.django_db
def test_requests_granted_and_refused_are_counted_and_small_cells_masked(school_a, referent_a):
    director = staff(Role.DIRECTOR, school_a)
    _requests(referent_a, director, school_a, ["granted"] * 6 + ["refused"] * 2 + ["pending"] * 5)
    cells = {c.label: c.shown for c in _protection(school_a).cells}
    assert cells["Demandes reçues"] == "13"
    assert cells["Accordée"] == "6"
    assert cells["Refusée"] == "< 5"  # 2: below the threshold
    # One masked cell alone would be given away by the total: the next smallest goes too.
    assert cells["En attente de décision"] == "< 5"
    assert ProtectionRequest.objects.count() == 13


@pytest.mark.django_db
def test_a_school_with_few_requests_shows_only_masked_counts(school_a, referent_a):
    director = staff(Role.DIRECTOR, school_a)
    _requests(referent_a, director, school_a, ["granted", "refused"])
    cells = {c.label: c.shown for c in _protection(school_a).cells}
    assert cells == {
        "Demandes reçues": "< 5",
        "En attente de décision": "0",
        "Accordée": "< 5",
        "Refusée": "< 5",
    }
