"""Steering counts protection fonctionnelle requests by decision, small counts masked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cases.models import Case, Party, ProtectionRequest, Role
from cases.services.cases import party_add
from cases.services.protection import protection_decide, protection_request_record
from indicators import periods
from indicators.selectors import Table, indicators
from tests.builders import case_for
from tests.indicators.helpers import refreshed
from tests.people import staff

TODAY = timezone.localdate()
# Figures stop at the end of the last complete month: the cases are dated last month.
LAST_MONTH = periods.add_months(TODAY.replace(day=1), -1)


def _requests(referent, director, entity, decisions: list[str]) -> None:
    for decision in decisions:
        case = case_for(referent, entity)
        Case.objects.filter(pk=case.pk).update(
            created_at=timezone.make_aware(
                dt.datetime.combine(LAST_MONTH.replace(day=2), dt.time(10))
            )
        )
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


def _protection(entity) -> dict[str, str]:
    refreshed()
    figures = indicators([entity], periods.year(LAST_MONTH.year), entity.name)
    table: Table = figures.table("protection")
    assert table.total is not None
    return {table.total.label: table.total.text} | {r.label: r.text for r in table.rows}


@pytest.mark.django_db
def test_requests_granted_and_refused_are_counted_and_small_cells_masked(school_a, referent_a):
    director = staff(Role.DIRECTOR, school_a)
    _requests(referent_a, director, school_a, ["granted"] * 6 + ["refused"] * 2 + ["pending"] * 5)
    cells = _protection(school_a)
    assert cells["Demandes reçues"] == "10–14"
    assert cells["Accordée"] == "5–9"
    assert cells["Refusée"] == "< 5"  # 2: below the threshold
    # Bands: the total less the others leaves the masked count between 1 and 4.
    assert cells["En attente de décision"] == "5–9"
    assert ProtectionRequest.objects.count() == 13


@pytest.mark.django_db
def test_a_school_with_few_requests_shows_only_masked_counts(school_a, referent_a):
    director = staff(Role.DIRECTOR, school_a)
    _requests(referent_a, director, school_a, ["granted", "refused"])
    cells = _protection(school_a)
    assert cells == {
        "Demandes reçues": "< 5",
        "En attente de décision": "0",
        "Accordée": "< 5",
        "Refusée": "< 5",
    }
