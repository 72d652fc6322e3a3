"""A case ready for letters, built through the real services, and the people around it."""

from __future__ import annotations

from cases.models import Case, CaseCategory, Category, Entity, Party, User
from cases.services.access import access_grant
from cases.services.cases import party_add
from tests.builders import case_for

LEGAL_PERMISSIONS = ["view_case", "draft_letter", "sign_letter"]
DIRECTOR_PERMISSIONS = ["view_case", "sign_letter", "decide_case"]

REPORTING = {"first_name": "Alexandra", "last_name": "Reporter", "email": "alex@example.invalid"}
IMPLICATED = {"first_name": "Dominique", "last_name": "Implicated", "address": "1 rue X"}
NARRATIVE = "Le 10 février, dans la résidence, des gestes imposés à plusieurs reprises."


def letter_case(referent: User, entity: Entity, *, narrative: str = NARRATIVE) -> Case:
    case = case_for(referent, entity, narrative=narrative)
    party_add(
        actor=referent,
        case=case,
        role=Party.Role.REPORTING,
        identity=dict(REPORTING),
        status=Party.Status.STUDENT,
    )
    party_add(
        actor=referent,
        case=case,
        role=Party.Role.IMPLICATED,
        identity=dict(IMPLICATED),
        status=Party.Status.STUDENT,
    )
    category = Category.objects.get(code="agression-sexuelle")
    CaseCategory.objects.create(case=case, category=category)
    return case


def grant(case: Case, user: User, permissions: list[str]) -> None:
    access_grant(actor=None, case=case, user=user, permissions=permissions, reason="assignment")


# Free values a person completes before finalising, per kind used in the tests.
ARTICLE40_VALUES: dict[str, object] = {
    "court_name": "tribunal judiciaire d'Évry",
    "facts_dates": "10 février 2026",
    "facts_place": "Résidence étudiante",
}
