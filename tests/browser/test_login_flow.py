"""The two-step login, enrolment and account administration, seen through a real browser."""

from __future__ import annotations

import re

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from cases.models import User
from tests.browser.conftest import (
    code_for,
    code_from_secret,
    code_step,
    password_step,
    path_is,
)
from tests.people import totp_device


def a_wrong_code(device: TOTPDevice) -> str:
    """A six-digit code that no time step near now would accept (the device allows drift)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    accepted = set()
    for offset in range(-3, 4):
        totp.drift = device.drift + offset
        accepted.add(f"{totp.token():06d}")
    return next(code for code in ("111111", "222222", "333333", "444444") if code not in accepted)


def test_first_login_enrols_an_authenticator_shows_backup_codes_once_then_the_inbox(
    page: Page, shoot, referent_a: User
):
    page.goto("/inbox/")
    expect(page).to_have_url(path_is("/login/?next=%2Finbox%2F"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion")
    shoot(page, "login")
    password_step(page, referent_a, "/inbox/")

    expect(page).to_have_url(re.compile(r"/login/enrol/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Activer la double authentification")
    qr = page.get_by_role("img", name="Code QR de configuration")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0"), "the QR code did not load"
    secret = page.locator("details code.secret")
    expect(secret).to_be_hidden()
    page.get_by_text("Impossible de scanner ? Saisir la clé à la main").click()
    expect(secret).to_be_visible()
    shoot(page, "enrol")

    page.get_by_label("Code à usage unique").fill(code_from_secret(secret.inner_text()))
    page.get_by_role("button", name="Activer").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Vos codes de secours")
    expect(page.get_by_text("Double authentification activée.")).to_be_visible()
    expect(page.locator(".codes li")).to_have_count(10)
    shoot(page, "backup-codes")
    assert TOTPDevice.objects.filter(user=referent_a, confirmed=True).count() == 1

    page.get_by_role("link", name="J'ai noté mes codes, continuer").click()
    expect(page).to_have_url(path_is("/inbox/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes tâches")
    shoot(page, "inbox")

    # The codes were shown once: the enrolment page does not come back.
    page.goto("/login/enrol/")
    expect(page).not_to_have_url(re.compile(r"/login/enrol/"))
    expect(page.get_by_text(re.compile(r"^[a-z2-9]{10}$"))).to_have_count(0)


def test_later_login_asks_for_the_code_then_opens_the_inbox(page: Page, shoot, referent_a: User):
    totp_device(referent_a)
    password_step(page, referent_a, "/inbox/")

    expect(page).to_have_url(re.compile(r"/login/code/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Code à usage unique")
    expect(page.get_by_label("Code à usage unique")).to_be_focused()
    shoot(page, "code")
    code_step(page, referent_a)

    expect(page).to_have_url(path_is("/inbox/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes tâches")
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    shoot(page, "inbox")


def test_a_wrong_code_shows_a_clear_error_next_to_the_field(page: Page, shoot, referent_a: User):
    device = totp_device(referent_a)
    password_step(page, referent_a)
    expect(page).to_have_url(re.compile(r"/login/code/"))

    page.get_by_label("Code à usage unique").fill(a_wrong_code(device))
    page.get_by_role("button", name="Valider").click()

    expect(page).to_have_url(re.compile(r"/login/code/"))
    field = page.locator(".field").filter(has=page.get_by_label("Code à usage unique"))
    expect(field.get_by_role("alert")).to_have_text("Ce code n'est pas valide ou a expiré.")
    code_field = page.get_by_label("Code à usage unique")
    expect(code_field).to_have_attribute("aria-invalid", "true")
    # A screen reader announces the error when the field gets the focus.
    expect(code_field).to_have_accessible_description(
        re.compile("Ce code n'est pas valide ou a expiré")
    )
    shoot(page, "wrong-code")

    # The right code still works afterwards.
    page.get_by_label("Code à usage unique").fill(code_for(device))
    page.get_by_role("button", name="Valider").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Bonjour "))


def test_a_password_only_session_cannot_reach_the_cases(page: Page, shoot, referent_a: User):
    totp_device(referent_a)
    password_step(page, referent_a)
    expect(page).to_have_url(re.compile(r"/login/code/"))

    for staff_page in ("/cases/", "/inbox/", "/"):
        page.goto(staff_page)
        expect(page).to_have_url(path_is("/login/code/"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Code à usage unique")
    shoot(page, "sent-back-to-code")


def test_entity_admin_creates_an_account_from_the_accounts_page(
    logged_in_page, shoot, admin_a: User, referent_a: User
):
    page = logged_in_page(admin_a, "/")
    shoot(page, "home-admin")
    page.get_by_role("link", name="Comptes et rôles — École A").click()

    expect(page).to_have_url(re.compile(r"/entities/school-a/accounts/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Comptes et rôles — École A")
    members = page.get_by_role("table")
    expect(members).to_contain_text("referent.a")
    shoot(page, "accounts-list")

    form = page.locator("form").filter(has=page.get_by_role("button", name="Créer le compte"))
    form.get_by_label("Identifiant").fill("alex-durand")
    form.get_by_label("Prénom").fill("Alex")
    form.get_by_role("textbox", name="Nom", exact=True).fill("Durand")
    form.get_by_label("Adresse électronique professionnelle").fill("alex-durand@example.invalid")
    form.get_by_label("Écoutant·e").check()
    form.get_by_role("button", name="Créer le compte").click()

    notice = page.get_by_role("status").filter(has_text="Compte créé")
    expect(notice).to_contain_text("Identifiant : alex-durand")
    expect(notice.locator("code")).to_have_text(re.compile(r"^\S{12,}$"))
    expect(members.get_by_role("row").filter(has_text="alex-durand")).to_contain_text("Écoutant·e")
    shoot(page, "account-created")
    assert User.objects.get(username="alex-durand").memberships.get().role == "listener"

    members.get_by_role("link", name="Alex Durand").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Alex Durand")
    expect(
        page.get_by_role("button", name="Réinitialiser la double authentification")
    ).to_be_visible()
    shoot(page, "account-detail")
