from __future__ import annotations

from django.urls import path

from cases.core.security import views

urlpatterns = [
    path("login/", views.PasswordLoginView.as_view(), name="login"),
    path("login/code/", views.otp_step, name="login-otp"),
    path("login/enrol/", views.enrol_step, name="login-enrol"),
    path("login/confirm/", views.confirm_step, name="login-confirm"),
    path("logout/", views.RecueilLogoutView.as_view(), name="logout"),
]
