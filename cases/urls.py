from __future__ import annotations

from django.urls import path

from cases.views import administration, contacts, home
from cases.views import cases as case_views

urlpatterns = [
    path("cases/", case_views.case_list, name="case-list"),
    path("cases/<uuid:case_id>/", case_views.case_detail, name="case-detail"),
    path("cases/<uuid:case_id>/history/", case_views.case_history_view, name="case-history"),
    path("contacts/<uuid:contact_id>/", contacts.contact_detail, name="contact-detail"),
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
    path("", home.home, name="home"),
    path("healthz", home.healthz, name="healthz"),
    path("entities/<slug:code>/accounts/", administration.entity_accounts, name="entity-accounts"),
    path("entities/<slug:code>/details/", administration.entity_details, name="entity-details"),
    path(
        "entities/<slug:code>/accounts/<int:user_id>/",
        administration.account_detail,
        name="entity-account",
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
