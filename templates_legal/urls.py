from __future__ import annotations

from django.urls import path

from templates_legal import views

SLOT = "letters/templates/<slug:entity_code>/<slug:kind>/<slug:language>/"

urlpatterns = [
    path(
        "letters/templates/<slug:entity_code>/",
        views.template_list,
        name="letter-template-list",
    ),
    path(SLOT, views.template_detail, name="letter-template-detail"),
    path(SLOT + "upload/", views.template_upload_view, name="letter-template-upload"),
    path(
        SLOT + "<int:version>/download/",
        views.template_download,
        name="letter-template-download",
    ),
    path(
        SLOT + "<int:version>/activate/",
        views.template_activate_view,
        name="letter-template-activate",
    ),
]
