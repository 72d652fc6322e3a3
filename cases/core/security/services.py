"""Second-factor enrolment, verification and reset.

Callers: the login views (the user themself) and entity administrators (reset).
Audited: enrolment, backup-code generation, every failed code, resets.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.http import HttpRequest
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.core.accounts.models import User
from cases.core.audit.services import audit_record
from cases.core.security.sessions import session_key_moved, sessions_end_others
from cases.core.security.throttle import login_failure_record

ENROLMENT_DEVICE_NAME = "enrolment"
BACKUP_DEVICE_NAME = "backup"


def has_confirmed_totp(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def totp_pending_device(user: User) -> TOTPDevice:
    """The unconfirmed device shown as a QR code until the user proves they scanned it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=ENROLMENT_DEVICE_NAME, confirmed=False)
    return device


@dataclass(frozen=True)
class Enrolment:
    device: TOTPDevice
    backup_codes: list[str]


def totp_enrolment_confirm(*, request: HttpRequest, user: User, token: str) -> Enrolment | None:
    """Confirm the pending TOTP device with a code; issue fresh backup codes.

    A wrong code counts towards the lockout like a wrong password.
    """
    device = totp_pending_device(user)
    if not device.verify_token(token.replace(" ", "").strip()):
        _count_failure(request, user)
        audit_record(actor=user, action="security.enrolment_failed", target=user)
        return None
    with transaction.atomic():
        device.confirmed = True
        device.name = "totp"
        device.save(update_fields=["confirmed", "name"])
        codes = backup_codes_regenerate(user=user)
        audit_record(actor=user, action="security.enrolled", target=user)
    return Enrolment(device=device, backup_codes=codes)


def backup_codes_regenerate(*, user: User) -> list[str]:
    """Replace the user's backup codes; the clear codes exist only in this return value."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
        codes = [_backup_code() for _ in range(settings.RECUEIL_BACKUP_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
        audit_record(actor=user, action="security.backup_codes_issued", target=user)
    return codes


def _backup_code() -> str:
    # 10 characters from a 32-letter alphabet without look-alikes: 50 bits.
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))


def second_factor_verify(*, request: HttpRequest, user: User, token: str):  # type: ignore[no-untyped-def]
    """The device that accepts ``token``, or None.

    A failure counts towards the same lockout as a wrong password (django-axes,
    keyed on user and address, and the per-account delay of
    ``cases.core.security.throttle``), so guessing codes locks out like guessing passwords.
    """
    device = match_token(user, token.replace(" ", "").strip())
    if device is None:
        _count_failure(request, user)
        audit_record(actor=user, action="security.second_factor_failed", target=user)
    return device


def _count_failure(request: HttpRequest, user: User) -> None:
    login_failure_record(user.get_username())
    user_login_failed.send(
        sender=__name__, credentials={"username": user.get_username()}, request=request
    )


def second_factor_reset(*, actor: User, user: User) -> None:
    """Remove every device of ``user``: they enrol again at their next login.

    Only an entity administrator of an entity the user belongs to may call this
    (checked by the caller through ``cases.core.accounts.selectors``).
    """
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        audit_record(actor=actor, action="security.second_factor_reset", target=user)


def password_change(*, request: HttpRequest, user: User, new_password: str) -> None:
    """The person sets their own password (checked by the caller's form); this session
    stays open, the account's other sessions end (their password hash no longer matches)."""
    with transaction.atomic():
        user.set_password(new_password)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        audit_record(actor=user, action="account.password_changed", target=user)
        old_key = request.session.session_key
        sessions_end_others(actor=user, current_key=old_key)
    update_session_auth_hash(request, user)  # gives this session a new key: its row follows
    session_key_moved(old_key, request.session.session_key)
