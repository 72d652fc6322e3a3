from __future__ import annotations

from django.urls import path

from cases.views import administration, case_file, contacts, home, persons, protection
from cases.views import cases as case_views

urlpatterns = [
    path("cases/", case_views.case_list, name="case-list"),
    path("cases/<uuid:case_id>/", case_views.case_detail, name="case-detail"),
    path("cases/<uuid:case_id>/history/", case_views.case_history_view, name="case-history"),
    path("contacts/<uuid:contact_id>/", contacts.contact_detail, name="contact-detail"),
    path(
        "contacts/<uuid:contact_id>/follow-ups/",
        contacts.contact_follow_up,
        name="contact-follow-up",
    ),
    path(
        "contacts/<uuid:contact_id>/handover/",
        contacts.contact_handover_view,
        name="contact-handover",
    ),
    path(
        "cases/<uuid:case_id>/attachments/<uuid:attachment_id>/",
        case_views.attachment_download,
        name="case-attachment",
    ),
    path(
        "cases/<uuid:case_id>/parties/<uuid:party_id>/elsewhere/",
        case_views.party_elsewhere,
        name="party-elsewhere",
    ),
    path("cases/<uuid:case_id>/persons/add/", persons.person_add_view, name="person-add"),
    path(
        "cases/<uuid:case_id>/persons/<uuid:party_id>/",
        persons.person_edit_view,
        name="person-edit",
    ),
    path("cases/<uuid:case_id>/notes/add/", case_file.note_add_view, name="case-note-add"),
    path("cases/<uuid:case_id>/narrative/", case_file.narrative_edit_view, name="case-narrative"),
    path(
        "cases/<uuid:case_id>/attachments/add/",
        case_file.attachment_add_view,
        name="case-attachment-add",
    ),
    path(
        "cases/<uuid:case_id>/protection/request/",
        protection.protection_request_view,
        name="protection-request",
    ),
    path(
        "cases/<uuid:case_id>/protection/<uuid:request_id>/decide/",
        protection.protection_decide_view,
        name="protection-decide",
    ),
    path(
        "cases/<uuid:case_id>/protection/<uuid:request_id>/measures/add/",
        protection.protection_measure_view,
        name="protection-measure",
    ),
    path(
        "cases/<uuid:case_id>/suspensions/new/",
        protection.suspension_add_view,
        name="suspension-add",
    ),
    path(
        "cases/<uuid:case_id>/suspensions/<uuid:suspension_id>/end/",
        protection.suspension_end_view,
        name="suspension-end",
    ),
    path("", home.home, name="home"),
    path("healthz", home.healthz, name="healthz"),
    path("entities/<slug:code>/accounts/", administration.entity_accounts, name="entity-accounts"),
    path("entities/<slug:code>/details/", administration.entity_details, name="entity-details"),
    path("entities/<slug:code>/support/", administration.support_directory, name="entity-support"),
    path(
        "entities/<slug:code>/support/<int:resource_id>/",
        administration.support_resource_edit,
        name="entity-support-edit",
    ),
    path(
        "entities/<slug:code>/accounts/<int:user_id>/",
        administration.account_detail,
        name="entity-account",
    ),
    path(
        "entities/<slug:code>/accounts/<int:user_id>/title/",
        administration.account_title,
        name="entity-account-title",
    ),
    path(
        "entities/<slug:code>/accounts/<int:user_id>/roles/",
        administration.role_grant,
        name="entity-role-grant",
    ),
    path(
        "entities/<slug:code>/accounts/<int:user_id>/roles/<int:membership_id>/revoke/",
        administration.role_revoke,
        name="entity-role-revoke",
    ),
    path(
        "entities/<slug:code>/accounts/<int:user_id>/second-factor/reset/",
        administration.second_factor_reset_view,
        name="entity-second-factor-reset",
    ),
    path(
        "entities/<slug:code>/accounts/<int:user_id>/password/reset/",
        administration.password_reset_view,
        name="entity-password-reset",
    ),
]
