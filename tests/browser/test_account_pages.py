"""An administrator creates an account; the new person replaces the initial password at
first login, gets new backup codes and signs another of their sessions out — all from
the pages ("Mon compte")."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from cases.models import User
from tests.browser.conftest import code_for, code_from_secret, path_is
from tests.people import totp_device

NEW_PASSWORD = "une phrase de passe bien longue 2026"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def log_in_by_hand(page: Page, username: str, password: str) -> None:
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login/\?next="))
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Continuer").click()


def test_a_new_account_changes_its_initial_password_then_manages_codes_and_sessions(
    logged_in_page, new_context, shoot, axe_check, admin_a: User
):
    # The administrator creates the account and reads the initial password once.
    admin = logged_in_page(admin_a, "/")
    admin.get_by_role("link", name="Comptes et rôles — École A").click()
    form = admin.locator("form").filter(has=admin.get_by_role("button", name="Créer le compte"))
    form.get_by_label("Identifiant").fill("nora-nouvelle")
    form.get_by_label("Prénom").fill("Nora")
    form.get_by_role("textbox", name="Nom", exact=True).fill("Nouvelle")
    form.get_by_label("Adresse électronique professionnelle").fill("nora@example.invalid")
    form.get_by_label("Référent·e").check()
    form.get_by_role("button", name="Créer le compte").click()
    notice = admin.get_by_role("status").filter(has_text="Compte créé")
    initial = notice.locator("code").inner_text()
    shoot(admin, "account-created")

    # First login: password, enrolment of the authenticator, backup codes...
    page = new_context().new_page()
    log_in_by_hand(page, "nora-nouvelle", initial)
    expect(page).to_have_url(re.compile(r"/login/enrol/"))
    page.get_by_text("Impossible de scanner ? Saisir la clé à la main").click()
    secret = page.locator("details code.secret").inner_text()
    page.get_by_label("Code à usage unique").fill(code_from_secret(secret))
    page.get_by_role("button", name="Activer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vos codes de secours")
    page.get_by_role("link", name="J'ai noté mes codes, continuer").click()

    # ... then no page but the password change until the initial password is replaced.
    expect(page).to_have_url(path_is("/account/password/"))
    expect(page.get_by_role("alert")).to_contain_text("fixé par un·e administrateur·rice")
    page.goto("/inbox/")
    expect(page).to_have_url(path_is("/account/password/"))
    shoot(page, "forced-password-change")
    axe_check(page)
    page.set_viewport_size(PHONE)
    shoot(page, "forced-password-change-phone")
    page.set_viewport_size(DESKTOP)
    page.get_by_label("Ancien mot de passe").fill(initial)
    # (Django's help text sits inside this label's accessible name: found by its field.)
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.get_by_label("Confirmation du nouveau mot de passe").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Enregistrer le nouveau mot de passe").click()
    expect(page).to_have_url(path_is("/account/"))
    expect(page.get_by_role("status")).to_contain_text("Mot de passe changé.")
    nora = User.objects.get(username="nora-nouvelle")
    assert not nora.must_change_password

    # The same person logs in on a phone as well.
    other = new_context().new_page()
    log_in_by_hand(other, "nora-nouvelle", NEW_PASSWORD)
    other.get_by_label("Code à usage unique").fill(code_for(totp_device(nora)))
    other.get_by_role("button", name="Valider").click()
    expect(other.get_by_role("heading", level=1)).to_contain_text("Bonjour")

    # "Mon compte" lists both sessions; new backup codes are one click away.
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Mon compte"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon compte")
    sessions = page.get_by_role("region", name="Sessions ouvertes")
    expect(sessions.get_by_role("listitem")).to_have_count(2)
    expect(sessions).to_contain_text("cette session")
    shoot(page, "account")
    axe_check(page)
    page.set_viewport_size(PHONE)
    shoot(page, "account-phone")
    axe_check(page)
    page.set_viewport_size(DESKTOP)

    page.get_by_role("button", name="Obtenir de nouveaux codes de secours").click()
    # The code typed at login is recent: no new code is asked for.
    expect(page.get_by_role("heading", level=1)).to_have_text("Vos codes de secours")
    expect(page.locator(".codes li")).to_have_count(10)
    expect(page.get_by_text("Ctrl+P")).to_be_visible()
    shoot(page, "new-backup-codes")
    page.get_by_role("link", name="J'ai noté mes codes, continuer").click()
    expect(page).to_have_url(path_is("/account/"))

    # Sign the phone's session out: its next page is the login page.
    sessions.get_by_role("button", name=re.compile("^Déconnecter la session")).click()
    expect(page.get_by_role("status")).to_contain_text("Cette session a été déconnectée.")
    expect(sessions.get_by_role("listitem")).to_have_count(1)
    shoot(page, "session-signed-out")
    other.goto("/inbox/")
    expect(other).to_have_url(re.compile(r"/login/\?next="))
