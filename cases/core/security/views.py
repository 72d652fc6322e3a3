"""Login in two steps: password, then a one-time code (or enrolment on first login)."""

from __future__ import annotations

import base64

import segno
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from cases.core.accounts.models import User
from cases.core.security import services
from cases.core.security.forms import (
    DelayedAuthenticationForm,
    TokenForm,
    lockout_minutes,
    wait_message,
)
from cases.core.security.recent import second_factor_mark
from cases.core.security.throttle import login_success_record, login_wait_minutes


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


class PasswordLoginView(auth_views.LoginView):
    template_name = "security/login.html"
    redirect_authenticated_user = False
    authentication_form = DelayedAuthenticationForm

    def get_success_url(self) -> str:
        user = self.request.user
        step = "login-otp" if services.has_confirmed_totp(user) else "login-enrol"  # type: ignore[arg-type]
        nxt = self.get_redirect_url()
        url = reverse(step)
        return f"{url}?next={nxt}" if nxt else url


def _locked_out(request: HttpRequest, user: User) -> bool:
    return AxesProxyHandler.is_locked(request, {"username": user.get_username()})


def _delayed(form: TokenForm, user: User) -> bool:
    """While the account waits (``cases.core.security.throttle``), no code is even tried."""
    minutes = login_wait_minutes(user.get_username())
    if minutes:
        form.add_error("otp_token", wait_message(minutes))
    return bool(minutes)


def _lockout_response(request: HttpRequest) -> HttpResponse:
    logout(request)
    return lockout_response(request)


def lockout_response(
    request: HttpRequest, original_response: object = None, credentials: object = None
) -> HttpResponse:
    """The lockout page, saying how long it lasts (also django-axes' ``AXES_LOCKOUT_CALLABLE``)."""
    return render(request, "security/locked_out.html", {"minutes": lockout_minutes()}, status=429)


@never_cache
@require_http_methods(["GET", "POST"])
def otp_step(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if request.user.is_verified():  # type: ignore[union-attr]
        return HttpResponseRedirect(_safe_next(request))
    if not services.has_confirmed_totp(user):
        return redirect("login-enrol")
    if _locked_out(request, user):
        return _lockout_response(request)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not _delayed(form, user):
        device = services.second_factor_verify(
            request=request, user=user, token=form.cleaned_data["otp_token"]
        )
        if device is not None:
            otp_login(request, device)
            second_factor_mark(request)
            login_success_record(user.get_username())
            return HttpResponseRedirect(_safe_next(request))
        if _locked_out(request, user):
            return _lockout_response(request)
        form.add_error("otp_token", _("Ce code n'est pas valide ou a expiré."))
    return render(request, "security/otp.html", {"form": form, "next": _safe_next(request)})


@never_cache
@require_http_methods(["GET", "POST"])
def enrol_step(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if services.has_confirmed_totp(user):
        # Re-enrolment goes through an entity administrator's reset, never here.
        return redirect("login-otp")
    if _locked_out(request, user):
        return _lockout_response(request)
    device = services.totp_pending_device(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not _delayed(form, user):
        enrolment = services.totp_enrolment_confirm(
            request=request, user=user, token=form.cleaned_data["otp_token"]
        )
        if enrolment is not None:
            otp_login(request, enrolment.device)
            second_factor_mark(request)
            login_success_record(user.get_username())
            messages.success(request, _("Double authentification activée."))
            return render(
                request,
                "security/backup_codes.html",
                {"codes": enrolment.backup_codes, "next": _safe_next(request)},
            )
        form.add_error(
            "otp_token", _("Ce code ne correspond pas. Vérifiez l'heure de votre téléphone.")
        )
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "qr_data_uri": qr.svg_data_uri(scale=5, dark="#1a1a1a"),
        "secret": base64.b32encode(device.bin_key).decode().rstrip("="),
        "next": _safe_next(request),
    }
    return render(request, "security/enrol.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def confirm_step(request: HttpRequest) -> HttpResponse:
    """Type a fresh code before a sensitive act (see ``cases.core.security.recent``)."""
    user: User = request.user  # type: ignore[assignment]
    if _locked_out(request, user):
        return _lockout_response(request)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not _delayed(form, user):
        device = services.second_factor_verify(
            request=request, user=user, token=form.cleaned_data["otp_token"]
        )
        if device is not None:
            second_factor_mark(request)
            login_success_record(user.get_username())
            return HttpResponseRedirect(_safe_next(request))
        if _locked_out(request, user):
            return _lockout_response(request)
        form.add_error(
            "otp_token",
            _("Ce code n'est pas valide ou a déjà servi : attendez le suivant."),
        )
    return render(request, "security/confirm.html", {"form": form, "next": _safe_next(request)})


class RecueilLogoutView(auth_views.LogoutView):
    pass
