from __future__ import annotations

from django.urls import path

from enquiries.views import commission, files, interviews, letters, minutes, report, roster

E = "enquiries/<uuid:enquiry_id>/"

urlpatterns = [
    path("enquiries/", commission.enquiry_list, name="enquiry-list"),
    path("enquiries/open/<int:task_id>/", commission.enquiry_open, name="enquiry-open"),
    path("enquiries/roster/<slug:code>/", roster.roster, name="enquiry-roster"),
    path(
        "enquiries/roster/<slug:code>/<int:user_id>/",
        roster.roster_entry,
        name="enquiry-roster-entry",
    ),
    path(E, commission.enquiry_detail, name="enquiry-detail"),
    path(E + "commission/", commission.enquiry_appoint, name="enquiry-appoint"),
    path(E + "end/", commission.enquiry_end, name="enquiry-end"),
    path(E + "conflict/", commission.enquiry_conflict, name="enquiry-conflict"),
    path(E + "witnesses/new/", interviews.witness_add, name="enquiry-witness-add"),
    path(E + "interviews/new/", interviews.interview_plan, name="enquiry-interview-plan"),
    path(
        E + "interviews/<uuid:interview_id>/",
        interviews.interview_detail,
        name="enquiry-interview",
    ),
    path(
        E + "interviews/<uuid:interview_id>/minutes/",
        minutes.minutes_edit,
        name="enquiry-minutes",
    ),
    path(E + "attachments/new/", files.attachment_add, name="enquiry-attachment-add"),
    path(
        E + "attachments/<uuid:attachment_id>/",
        files.attachment_download,
        name="enquiry-attachment",
    ),
    path(
        E + "letters/<int:due_id>/draft/",
        letters.letter_due_draft,
        name="enquiry-letter-draft",
    ),
    path(E + "report/", report.report_edit, name="enquiry-report"),
    path(E + "report/submit/", report.report_submit, name="enquiry-report-submit"),
]
