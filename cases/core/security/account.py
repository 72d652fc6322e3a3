""" "Mon compte": change one's password, regenerate backup codes, see and end sessions."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.core.accounts.models import User
from cases.core.security import services
from cases.core.security.account_forms import RecueilPasswordChangeForm
from cases.core.security.recent import recent_second_factor
from cases.core.security.sessions import session_end, sessions_end_others, sessions_of


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@require_GET
def account(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "security/account.html",
        {"sessions": sessions_of(user, request.session.session_key)},
    )


@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = RecueilPasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.password_change(
            request=request, user=user, new_password=form.cleaned_data["new_password1"]
        )
        messages.success(
            request,
            _("Mot de passe changé. Vos autres sessions ont été déconnectées."),
        )
        return redirect("account")
    return render(
        request,
        "security/password_change.html",
        {"form": form, "forced": user.must_change_password},
    )


@require_POST
@recent_second_factor
def backup_codes(request: HttpRequest) -> HttpResponse:
    codes = services.backup_codes_regenerate(user=_user(request))
    return render(
        request,
        "security/backup_codes.html",
        {"codes": codes, "next": reverse("account"), "printable": True},
    )


@require_POST
def session_sign_out(request: HttpRequest, session_id: uuid.UUID) -> HttpResponse:
    ended = session_end(
        actor=_user(request), session_id=session_id, current_key=request.session.session_key
    )
    if ended:
        messages.success(request, _("Cette session a été déconnectée."))
    else:
        messages.error(request, _("Cette session n'existe plus ou n'est pas la vôtre."))
    return redirect("account")


@require_POST
def sessions_sign_out_others(request: HttpRequest) -> HttpResponse:
    count = sessions_end_others(actor=_user(request), current_key=request.session.session_key)
    messages.success(request, _("Autres sessions déconnectées : %(count)d.") % {"count": count})
    return redirect("account")
