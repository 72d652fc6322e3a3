from __future__ import annotations

from django.urls import path

from rights import views

urlpatterns = [
    path("rights/", views.request_list, name="rights-requests"),
    path("rights/new/", views.request_new, name="rights-request-new"),
    path("rights/<uuid:request_id>/", views.request_detail, name="rights-request"),
    path("rights/<uuid:request_id>/extend/", views.request_extend, name="rights-request-extend"),
    path("rights/<uuid:request_id>/close/", views.request_close, name="rights-request-close"),
    path("rights/<uuid:request_id>/export/", views.export_build, name="rights-export-build"),
    path(
        "rights/<uuid:request_id>/export/release/",
        views.export_release,
        name="rights-export-release",
    ),
    path("rights/<uuid:request_id>/export.pdf", views.export_download, name="rights-export-pdf"),
]
