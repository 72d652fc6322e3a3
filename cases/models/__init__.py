from cases.models.audit import AuditChainHead, AuditEvent
from cases.models.cases import (
    Attachment,
    Case,
    CaseGrant,
    CaseNote,
    CasePermission,
    CaseSequence,
    ConflictDeclaration,
    Party,
    PartyIndexEntry,
)
from cases.models.keys import CaseKey
from cases.models.people import Entity, Role, RoleMembership, User

__all__ = [
    "Attachment",
    "AuditChainHead",
    "AuditEvent",
    "Case",
    "CaseGrant",
    "CaseKey",
    "CaseNote",
    "CasePermission",
    "CaseSequence",
    "ConflictDeclaration",
    "Entity",
    "Party",
    "PartyIndexEntry",
    "Role",
    "RoleMembership",
    "User",
]
