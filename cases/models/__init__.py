from cases.models.audit import AuditChainHead, AuditEvent
from cases.models.people import Entity, Role, RoleMembership, User

__all__ = ["AuditChainHead", "AuditEvent", "Entity", "Role", "RoleMembership", "User"]
