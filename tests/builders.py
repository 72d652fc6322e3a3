"""Whole cases for tests, built through the real services."""

from __future__ import annotations

from cases.models import Case, Entity, Party, User
from cases.services.access import access_grant
from cases.services.cases import attachment_add, case_create, note_add, party_add

REFERENT_PERMISSIONS = ["view_case", "change_case", "triage_case", "view_case_history"]


def case_for(referent: User, entity: Entity, narrative: str = "Récit de test") -> Case:
    case = case_create(actor=referent, entity=entity, narrative=narrative)
    access_grant(
        actor=None, case=case, user=referent, permissions=REFERENT_PERMISSIONS, reason="assignment"
    )
    return case


def implicated(
    case: Case, actor: User, first: str = "Jean", last: str = "Dupont", email: str = ""
) -> Party:
    identity = {"first_name": first, "last_name": last}
    if email:
        identity["email"] = email
    return party_add(
        actor=actor,
        case=case,
        role=Party.Role.IMPLICATED,
        identity=identity,
        status=Party.Status.STUDENT,
    )


def full_case(referent: User, entity: Entity, marker: str) -> Case:
    """A case with every kind of confidential content, each holding ``marker``."""
    case = case_for(referent, entity, narrative=f"Narrative {marker}-narrative")
    party_add(
        actor=referent,
        case=case,
        role=Party.Role.REPORTING,
        status=Party.Status.STUDENT,
        identity={
            "first_name": f"{marker}-first",
            "last_name": f"{marker}-last",
            "email": f"{marker}-mail@example.invalid",
            "phone": f"{marker}-phone",
        },
    )
    implicated(case, referent, first=f"{marker}-implicated", last="Person")
    note_add(actor=referent, case=case, body=f"Note {marker}-note")
    attachment_add(
        actor=referent,
        case=case,
        filename=f"{marker}-filename.pdf",
        content_type="application/pdf",
        data=b"%PDF-1.4 " + f"{marker}-attachment".encode() + b" %%EOF",
    )
    return case
