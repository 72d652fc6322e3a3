from __future__ import annotations

from django.urls import path

from cases.core.security import account, views

urlpatterns = [
    path("login/", views.PasswordLoginView.as_view(), name="login"),
    path("login/code/", views.otp_step, name="login-otp"),
    path("login/enrol/", views.enrol_step, name="login-enrol"),
    path("login/confirm/", views.confirm_step, name="login-confirm"),
    path("logout/", views.RecueilLogoutView.as_view(), name="logout"),
    path("account/", account.account, name="account"),
    path("account/password/", account.password_change, name="account-password"),
    path("account/backup-codes/", account.backup_codes, name="account-backup-codes"),
    path(
        "account/sessions/<uuid:session_id>/sign-out/",
        account.session_sign_out,
        name="account-session-sign-out",
    ),
    path(
        "account/sessions/sign-out-others/",
        account.sessions_sign_out_others,
        name="account-sessions-sign-out-others",
    ),
]
