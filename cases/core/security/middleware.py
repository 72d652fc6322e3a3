"""Every staff page needs a password AND a verified second factor (T4), and an account
whose password an administrator set reaches no page but the password change until the
person chose their own.

The allow-list is by URL name, so a new route is protected unless someone
deliberately makes it public; ``tests/cases/security/test_urlconf_protection.py``
walks the URLconf to prove it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode

from cases.core.security.sessions import session_seen

# Reachable by anyone.
PUBLIC_URL_NAMES = frozenset({"login", "set_language", "healthz"})
# Routes a higher app declares public in its ``AppConfig.ready`` (the reporting portal),
# by namespaced name: the core does not import it, and a route is public only if its app
# says so by name.
_registered_public: set[str] = set()


def public_url_names_register(names: frozenset[str] | set[str]) -> None:
    _registered_public.update(names)


def url_name_is_public(name: str | None) -> bool:
    return name in PUBLIC_URL_NAMES or name in _registered_public


# Reachable with a password but before the second factor.
SECOND_FACTOR_URL_NAMES = frozenset({"login-otp", "login-enrol", "logout"})
PUBLIC_PATH_PREFIXES = ("/static/",)
# Reachable while an administrator's initial password waits to be replaced.
PASSWORD_CHANGE_URL_NAMES = frozenset({"account-password", "logout", "login-confirm"})


def _url_name(request: HttpRequest) -> str | None:
    """The route's name with its namespace (``portal:home``), as registered."""
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return None


class SecondFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(PUBLIC_PATH_PREFIXES):
            return self.get_response(request)
        name = _url_name(request)
        if url_name_is_public(name):
            return self.get_response(request)
        user = request.user
        if not user.is_authenticated:
            # Only the path goes into ``next``: query strings never carry content,
            # and we do not echo them.
            target = reverse("login") + "?" + urlencode({"next": request.path})
            return HttpResponseRedirect(target)
        if name in SECOND_FACTOR_URL_NAMES:
            return self.get_response(request)
        if not user.is_verified():  # type: ignore[union-attr,attr-defined]
            return HttpResponseRedirect(reverse("login-otp"))
        # The session is listed on "Mon compte" once both factors were given.
        session_seen(request)
        if user.must_change_password and name not in PASSWORD_CHANGE_URL_NAMES:  # type: ignore[union-attr]
            # The administrator saw the initial password: the person chooses their own first.
            return HttpResponseRedirect(reverse("account-password"))
        return self.get_response(request)


class NoStoreMiddleware:
    """No staff page may be kept by a browser or proxy cache (shared computers)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path_info.startswith(PUBLIC_PATH_PREFIXES):
            response["Cache-Control"] = "no-store, max-age=0"
            response["Pragma"] = "no-cache"
        return response


# Browser features no page of Recueil uses, turned off for the page and any frame.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


class PermissionsPolicyMiddleware:
    """``Permissions-Policy`` on every response (Django has no setting for it)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
