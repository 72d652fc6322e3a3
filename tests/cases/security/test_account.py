""" "Mon compte": one's own password, backup codes and sessions — and an administrator's
initial or reset password, which must be replaced before any other page."""

from __future__ import annotations

import time

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken

from cases.core.accounts.services import password_reset, staff_account_create
from cases.core.security.recent import SESSION_KEY as SECOND_FACTOR_AT
from cases.core.security.sessions import device_summary
from cases.models import AuditEvent, Role, SessionRecord
from tests.people import PASSWORD, login, login_password_only, staff

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "une phrase de passe bien longue 2026"
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
PHONE = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Mobile Safari/537.36"
)


def _change(client: Client, old: str = PASSWORD, new: str = NEW_PASSWORD):
    return client.post(
        reverse("account-password"),
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


def test_the_device_summary_names_only_the_browser_and_the_system():
    assert device_summary(FIREFOX) == "Firefox — Windows"
    assert device_summary(PHONE) == "Chrome — Android"
    assert device_summary("") == "?"


def test_an_account_created_by_an_administrator_must_change_its_password_first(admin_a, school_a):
    person, initial = staff_account_create(
        actor=admin_a,
        entity=school_a,
        username="new.person",
        first_name="Nora",
        last_name="Nouvelle",
        email="nora@example.invalid",
        roles=[Role.REFERENT],
    )
    assert person.must_change_password
    client = login(Client(), person)
    for name in ("home", "inbox", "account", "case-list"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"] == reverse("account-password")
    assert client.get(reverse("account-password")).status_code == 200
    response = _change(client, old=initial)
    assert response.status_code == 302
    person.refresh_from_db()
    assert not person.must_change_password and person.check_password(NEW_PASSWORD)
    assert client.get(reverse("home")).status_code == 200
    assert AuditEvent.objects.filter(action="account.password_changed", actor=person).exists()


def test_a_wrong_current_password_or_a_weak_one_changes_nothing(referent_a):
    client = login(Client(), referent_a)
    response = _change(client, old="pas le bon")
    assert response.status_code == 200
    assert "old_password_error" in response.content.decode()
    assert _change(client, new="123").status_code == 200
    referent_a.refresh_from_db()
    assert referent_a.check_password(PASSWORD)
    assert not AuditEvent.objects.filter(action="account.password_changed").exists()


def test_changing_ones_password_signs_out_the_other_sessions(referent_a):
    here = login(Client(HTTP_USER_AGENT=FIREFOX), referent_a)
    there = login(Client(HTTP_USER_AGENT=PHONE), referent_a)
    here.get(reverse("account"))
    there.get(reverse("account"))
    assert SessionRecord.objects.filter(user=referent_a).count() == 2
    _change(here)
    assert here.get(reverse("home")).status_code == 200
    assert there.get(reverse("home")).status_code == 302  # back to the login page
    assert SessionRecord.objects.filter(user=referent_a).count() == 1


def test_an_administrator_reset_sets_the_flag_and_is_traced(admin_a, school_a, referent_a):
    password = password_reset(actor=admin_a, entity=school_a, user=referent_a)
    referent_a.refresh_from_db()
    assert referent_a.must_change_password and referent_a.check_password(password)
    assert AuditEvent.objects.filter(action="account.password_reset", actor=admin_a).exists()


def test_the_reset_page_is_refused_to_an_administrator_of_another_school_and_to_the_person(
    admin_a, admin_b, referent_a
):
    url = reverse("entity-password-reset", kwargs={"code": "school-a", "user_id": referent_a.pk})
    assert login(Client(), admin_b).post(url).status_code == 404
    assert login(Client(), referent_a).post(url).status_code == 404
    response = login(Client(), admin_a).post(url)
    assert response.status_code == 200
    assert "Mot de passe provisoire" in response.content.decode()
    referent_a.refresh_from_db()
    assert referent_a.must_change_password


def test_new_backup_codes_need_a_fresh_code_and_replace_the_old_ones(referent_a):
    client = login(Client(), referent_a)
    session = client.session
    session[SECOND_FACTOR_AT] = int(time.time()) - 3600
    session.save()
    response = client.post(reverse("account-backup-codes"), HTTP_REFERER="/account/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("login-confirm"))
    assert not StaticToken.objects.filter(device__user=referent_a).exists()
    login(client, referent_a)
    first = client.post(reverse("account-backup-codes"))
    assert first.status_code == 200
    old = set(StaticToken.objects.filter(device__user=referent_a).values_list("token", flat=True))
    assert len(old) > 0 and all(code in first.content.decode() for code in old)
    client.post(reverse("account-backup-codes"))
    new = set(StaticToken.objects.filter(device__user=referent_a).values_list("token", flat=True))
    assert new and not new & old


def test_one_sees_ones_sessions_and_signs_one_out(referent_a):
    here = login(Client(HTTP_USER_AGENT=FIREFOX), referent_a)
    there = login(Client(HTTP_USER_AGENT=PHONE), referent_a)
    there.get(reverse("home"))
    page = here.get(reverse("account")).content.decode()
    assert "Firefox — Windows" in page and "Chrome — Android" in page
    assert str(there.session.session_key) not in page  # sessions are named by opaque ids
    record = SessionRecord.objects.get(session_key=there.session.session_key)
    response = here.post(reverse("account-session-sign-out", kwargs={"session_id": record.pk}))
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=record.session_key).exists()
    assert there.get(reverse("home")).status_code == 302
    assert here.get(reverse("home")).status_code == 200
    assert AuditEvent.objects.filter(action="account.session_ended", actor=referent_a).exists()


def test_all_other_sessions_can_be_signed_out_at_once(referent_a):
    here = login(Client(HTTP_USER_AGENT=FIREFOX), referent_a)
    others = [login(Client(HTTP_USER_AGENT=PHONE), referent_a) for _ in range(2)]
    for other in others:
        other.get(reverse("home"))
    here.get(reverse("account"))
    here.post(reverse("account-sessions-sign-out-others"))
    assert all(other.get(reverse("home")).status_code == 302 for other in others)
    assert here.get(reverse("home")).status_code == 200
    event = AuditEvent.objects.get(action="account.sessions_ended")
    assert event.details == {"count": 2}


def test_nobody_can_sign_out_someone_elses_session(referent_a, referent_b, school_a):
    victim = login(Client(HTTP_USER_AGENT=PHONE), referent_a)
    victim.get(reverse("home"))
    record = SessionRecord.objects.get(session_key=victim.session.session_key)
    url = reverse("account-session-sign-out", kwargs={"session_id": record.pk})
    for intruder in (referent_b, staff(Role.ENTITY_ADMIN, school_a, username="admin.x")):
        login(Client(), intruder).post(url)
    assert victim.get(reverse("home")).status_code == 200
    assert SessionRecord.objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize(
    ("method", "name", "kwargs"),
    [
        ("get", "account", {}),
        ("get", "account-password", {}),
        ("post", "account-backup-codes", {}),
        ("post", "account-sessions-sign-out-others", {}),
        (
            "post",
            "account-session-sign-out",
            {"session_id": "00000000-0000-0000-0000-000000000000"},
        ),
    ],
)
def test_the_account_pages_need_both_factors(referent_a, method, name, kwargs):
    url = reverse(name, kwargs=kwargs)
    anonymous = getattr(Client(), method)(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))
    half = getattr(login_password_only(Client(), referent_a), method)(url)
    assert half.status_code == 302 and half["Location"] == reverse("login-otp")
