from __future__ import annotations

from django.urls import path

from templates_legal.letters import views as letter_views
from templates_legal.templates_admin import views

SLOT = "letters/templates/<slug:entity_code>/<slug:kind>/<slug:language>/"
LETTER = "cases/<uuid:case_id>/letters/<uuid:letter_id>/"

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
    path("cases/<uuid:case_id>/letters/new/", letter_views.letter_new, name="letter-new"),
    path(LETTER, letter_views.letter_detail, name="letter-detail"),
    path(LETTER + "finalise/", letter_views.letter_finalise, name="letter-finalise"),
    path(LETTER + "sign/", letter_views.letter_sign, name="letter-sign"),
    path(LETTER + "withdraw/", letter_views.letter_withdraw, name="letter-withdraw"),
    path(LETTER + "pdf/", letter_views.letter_pdf, name="letter-pdf"),
    path(LETTER + "discard/", letter_views.letter_discard, name="letter-discard"),
    path(
        LETTER + "download/<slug:fmt>/",
        letter_views.letter_download,
        name="letter-download",
    ),
    path(
        "letters/signed/<uuid:letter_id>/download/<slug:fmt>/",
        letter_views.signed_letter_download,
        name="signed-letter-download",
    ),
    path("letters/register/", letter_views.register_home, name="letter-register-home"),
    path(
        "letters/register/<slug:entity_code>/",
        letter_views.register,
        name="letter-register",
    ),
]
