from __future__ import annotations

from django.urls import path

from enquiries import views

E = "enquiries/<str:enquiry_id>/"

urlpatterns = [
    path("enquiries/", views.enquiry_list, name="enquiry-list"),
    path("enquiries/open/<int:task_id>/", views.enquiry_open, name="enquiry-open"),
    path("enquiries/roster/<slug:code>/", views.roster, name="enquiry-roster"),
    path(
        "enquiries/roster/<slug:code>/<int:user_id>/",
        views.roster_entry,
        name="enquiry-roster-entry",
    ),
    path(E, views.enquiry_detail, name="enquiry-detail"),
    path(E + "commission/", views.enquiry_appoint, name="enquiry-appoint"),
    path(E + "end/", views.enquiry_end, name="enquiry-end"),
    path(E + "conflict/", views.enquiry_conflict, name="enquiry-conflict"),
    path(E + "witnesses/new/", views.witness_add, name="enquiry-witness-add"),
    path(E + "interviews/new/", views.interview_plan, name="enquiry-interview-plan"),
    path(
        E + "interviews/<str:interview_id>/",
        views.interview_detail,
        name="enquiry-interview",
    ),
    path(
        E + "interviews/<str:interview_id>/minutes/",
        views.minutes_edit,
        name="enquiry-minutes",
    ),
    path(E + "attachments/new/", views.attachment_add, name="enquiry-attachment-add"),
    path(
        E + "attachments/<str:attachment_id>/",
        views.attachment_download,
        name="enquiry-attachment",
    ),
    path(
        E + "letters/<int:due_id>/draft/",
        views.letter_due_draft,
        name="enquiry-letter-draft",
    ),
    path(E + "report/", views.report_edit, name="enquiry-report"),
    path(E + "report/submit/", views.report_submit, name="enquiry-report-submit"),
]
