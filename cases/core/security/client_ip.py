"""The client's address, as the lockout sees it (T4).

Behind a reverse proxy every request comes from the proxy's address, so a lockout keyed
on ``REMOTE_ADDR`` would lock out everyone at once. ``X-Forwarded-For`` is trusted only
as far as it was written by proxies of ours: with ``RECUEIL_TRUSTED_PROXY_COUNT = n``,
the client is the address ``n`` hops from the right (each proxy appends the address it
received the request from; anything further left was written by the client and may be
forged). With 0, the default, the header is ignored.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The address to key lockouts on (``AXES_CLIENT_IP_CALLABLE``)."""
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = settings.RECUEIL_TRUSTED_PROXY_COUNT
    if trusted <= 0:
        return remote
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < trusted:
        # Shorter than our own proxies write it: not through them as configured.
        return remote
    return _address(hops[-trusted]) or remote
