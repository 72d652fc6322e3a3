"""Re-authentication before sensitive acts: the second factor must have been typed
recently (THREATS, T4).

A stolen session — a laptop left open, a hijacked cookie — must not be enough to
export indicators, hand a case's task to someone else or reset a colleague's second
factor. Each such view is wrapped in ``recent_second_factor``: if the last code was
typed more than ``RECUEIL_REAUTH_SECONDS`` ago, the person is sent to type a fresh one
and comes back to the page they were on.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

SESSION_KEY = "recueil_second_factor_at"


def second_factor_mark(request: HttpRequest) -> None:
    """Record that a code was just typed and verified."""
    request.session[SESSION_KEY] = int(time.time())


def second_factor_recent(request: HttpRequest) -> bool:
    at = request.session.get(SESSION_KEY)
    window = int(settings.RECUEIL_REAUTH_SECONDS)
    return isinstance(at, int) and 0 <= time.time() - at <= window


def _return_path(request: HttpRequest) -> str:
    """Where to come back: this page for a GET, the page the form was on for a POST."""
    if request.method == "GET":
        return request.path
    referer = request.headers.get("referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return urlsplit(referer).path or "/"
    return reverse("home")


def recent_second_factor(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if second_factor_recent(request):
            return view(request, *args, **kwargs)
        if request.method != "GET":
            messages.info(
                request,
                _("Par sécurité, confirmez votre code, puis recommencez l'opération."),
            )
        target = reverse("login-confirm") + "?" + urlencode({"next": _return_path(request)})
        return HttpResponseRedirect(target)

    return wrapped
