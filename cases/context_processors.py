from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from cases.core.accounts.selectors import request_roles


def navigation(request: HttpRequest) -> dict[str, object]:
    """Which menu entries to show: by the roles the verified user holds."""
    user = getattr(request, "user", None)
    verified = bool(user is not None and user.is_authenticated and user.is_verified())  # type: ignore[union-attr]
    # No menu while an administrator's password waits to be replaced: no page but that one opens.
    verified = verified and not getattr(user, "must_change_password", False)
    roles: frozenset[str] = frozenset()
    if verified:
        roles = frozenset(role for _, role in request_roles(request))
    return {
        "nav_verified": verified,
        "nav_roles": roles,
        "nav_links": menu_links(roles, get_language(), get_script_prefix()) if verified else "",
    }


@lru_cache(maxsize=256)
def menu_links(roles: frozenset[str], language: str | None, script_prefix: str) -> SafeString:
    """The menu's links for a set of roles, rendered once per process and language.

    Every page shows them twice (wide screen, and folded on a phone) and they depend on
    nothing else: no name, no case, only which roles are held. Rendering them took
    about half the layout's time on every page (docs/PERFORMANCE.md). The language and
    the script prefix are part of the key because the labels and addresses follow them.
    """
    return render_to_string("includes/nav_links.html", {"nav_roles": roles})


@receiver(setting_changed)
def _menu_forget(*, setting: str, **_: Any) -> None:
    """A test that swaps the URLs or the templates must not read the old menu."""
    if setting in {"ROOT_URLCONF", "TEMPLATES", "LANGUAGES"}:
        menu_links.cache_clear()
