"""Recueil's URLs plus pages that do nothing: the throughput ceilings.

The ceiling page goes through the whole middleware stack (sessions, the second-factor
gate, axes, CSP, no-store headers) and returns at once, so a real page's throughput
as a fraction of it measures what the page itself costs. The public ceiling is the same
for pages reachable without an account (the reporting portal): registered public by
name, as the portal's own routes are.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.http import require_GET

from cases.core.security.middleware import public_url_names_register
from config.urls import urlpatterns as recueil_urlpatterns


@require_GET
def ceiling(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


@require_GET
def public_ceiling(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


public_url_names_register({"bench-public-ceiling"})

urlpatterns = [
    path("bench/ceiling/", ceiling, name="bench-ceiling"),
    path("bench/public-ceiling/", public_ceiling, name="bench-public-ceiling"),
    *recueil_urlpatterns,
]
