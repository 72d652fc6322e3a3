"""Recueil's URLs plus an authenticated page that does nothing: the throughput ceiling.

The ceiling page goes through the whole middleware stack (sessions, the second-factor
gate, axes, CSP, no-store headers) and returns at once, so a real page's throughput
as a fraction of it measures what the page itself costs.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.http import require_GET

from config.urls import urlpatterns as recueil_urlpatterns


@require_GET
def ceiling(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


urlpatterns = [path("bench/ceiling/", ceiling, name="bench-ceiling"), *recueil_urlpatterns]
