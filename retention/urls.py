from __future__ import annotations

from django.urls import path

from retention import views

urlpatterns = [
    path("retention/", views.register, name="retention-register"),
    path("retention/cases/<uuid:case_id>/", views.case_retention_page, name="retention-case"),
    path("retention/cases/<uuid:case_id>/hold/", views.hold_place, name="retention-hold"),
    path(
        "retention/cases/<uuid:case_id>/procedure-end/",
        views.procedure_end,
        name="retention-procedure-end",
    ),
    path("retention/holds/<uuid:hold_id>/lift/", views.hold_lift, name="retention-lift"),
]
