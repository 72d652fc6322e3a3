from __future__ import annotations

from django.http import HttpRequest

from cases.core.accounts.selectors import request_roles


def navigation(request: HttpRequest) -> dict[str, object]:
    """Which menu entries to show: by the roles the verified user holds."""
    user = getattr(request, "user", None)
    verified = bool(user is not None and user.is_authenticated and user.is_verified())  # type: ignore[union-attr]
    # No menu while an administrator's password waits to be replaced: no page but that one opens.
    verified = verified and not getattr(user, "must_change_password", False)
    roles: set[str] = set()
    if verified:
        roles = {role for _, role in request_roles(request)}
    return {"nav_verified": verified, "nav_roles": roles}
