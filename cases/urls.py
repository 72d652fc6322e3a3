from __future__ import annotations

from django.urls import path

from cases.security import views as security
from cases.views import administration, contacts, home, indicators
from cases.views import cases as case_views

urlpatterns = [
    path("cases/", case_views.case_list, name="case-list"),
    path("contacts/<str:contact_id>/", contacts.contact_detail, name="contact-detail"),
    path("cases/<str:case_id>/", case_views.case_detail, name="case-detail"),
    path("cases/<str:case_id>/history/", case_views.case_history_view, name="case-history"),
    path(
        "cases/<str:case_id>/attachments/<str:attachment_id>/",
        case_views.attachment_download,
        name="case-attachment",
    ),
    path(
        "cases/<str:case_id>/parties/<str:party_id>/elsewhere/",
        case_views.party_elsewhere,
        name="party-elsewhere",
    ),
    path("indicators/", indicators.indicators_view, name="indicators"),
    path("indicators/export.csv", indicators.indicators_export, name="indicators-export"),
    path("", home.home, name="home"),
    path("healthz", home.healthz, name="healthz"),
    path("login/", security.PasswordLoginView.as_view(), name="login"),
    path("login/code/", security.otp_step, name="login-otp"),
    path("login/enrol/", security.enrol_step, name="login-enrol"),
    path("login/confirm/", security.confirm_step, name="login-confirm"),
    path("logout/", security.RecueilLogoutView.as_view(), name="logout"),
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
]
