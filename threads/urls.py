from __future__ import annotations

from django.urls import path

from threads import views

urlpatterns = [
    path("cases/<uuid:case_id>/exchanges/", views.case_thread, name="case-thread"),
    path(
        "cases/<uuid:case_id>/exchanges/files/<uuid:attachment_id>/",
        views.case_thread_file,
        name="case-thread-file",
    ),
    path("contacts/<uuid:contact_id>/exchanges/", views.question_thread, name="question-thread"),
    path(
        "contacts/<uuid:contact_id>/exchanges/files/<uuid:attachment_id>/",
        views.question_thread_file,
        name="question-thread-file",
    ),
]
