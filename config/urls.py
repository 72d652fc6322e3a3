from __future__ import annotations

from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("cases.core.security.urls")),
    path("", include("cases.urls")),
    path("", include("indicators.urls")),
    path("", include("portal.urls")),
    path("", include("workflows.urls")),
    path("", include("templates_legal.urls")),
    path("", include("enquiries.urls")),
    path("", include("rights.urls")),
    path("", include("retention.urls")),
    path("", include("threads.urls")),
]
