"""The support directory: the entity administrator adds an entry beside the entity's
details; the listener offers it on the intake form; it shows on the listening record."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from cases.models import Role, SupportResource, User
from tests.people import staff

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def test_an_administrator_keeps_the_directory_and_the_listener_orients_from_it(
    logged_in_page, shoot, axe_check, school_a, admin_a: User
):
    page = logged_in_page(admin_a, f"/entities/{school_a.code}/accounts/")
    page.get_by_role("link", name="Gérer l'annuaire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Annuaire des ressources d'orientation"
    )
    expect(page.get_by_role("link", name="3919 — Violences Femmes Info")).to_be_visible()

    # A name is required: nothing is added without one.
    page.get_by_label("Type").select_option(label="Psychologue")
    page.get_by_role("button", name="Ajouter").click()
    expect(page.locator("#id_name_error")).to_be_visible()
    assert not SupportResource.objects.filter(kind="psychologist").exists()

    page.get_by_label(re.compile(r"^Nom\b")).fill("Psychologue du campus — Dr Durand")
    page.get_by_label("Comment la joindre (téléphone, adresse…)").fill("01 23 45 67 89, bât. B")
    page.get_by_role("button", name="Ajouter").click()
    expect(page.get_by_text("Ressource ajoutée à l'annuaire.")).to_be_visible()
    expect(page.get_by_role("link", name="Psychologue du campus — Dr Durand")).to_be_visible()
    axe_check(page)
    shoot(page, "directory-desktop")
    page.set_viewport_size(PHONE)
    shoot(page, "directory-phone")
    page.set_viewport_size(DESKTOP)

    # Withdraw the 114 line: no longer offered to listeners.
    page.get_by_role("link", name="114 — Urgences par SMS").click()
    page.get_by_label("proposé aux écoutant·es").uncheck()
    axe_check(page)
    shoot(page, "entry-edit")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page).to_have_url(re.compile(rf"/entities/{school_a.code}/support/$"))
    expect(page.get_by_role("row").filter(has_text="114")).to_contain_text("non (retirée)")

    listener = staff(Role.LISTENER, school_a, username="listener.a")
    intake = logged_in_page(listener, "/intake/")
    expect(intake.get_by_label("114 — Urgences par SMS")).to_have_count(0)
    intake.get_by_label("Canal").select_option(label="Accueil physique")
    intake.get_by_label("La personne qui prend contact est").select_option(label="Victime")
    intake.get_by_label("Son statut").select_option(label="Élève, étudiant·e, apprenti·e")
    intake.get_by_label("Agissement sexiste").check()
    intake.get_by_role("textbox", name="Récit", exact=True).fill("Remarques en amphithéâtre.")
    intake.get_by_label("Psychologue du campus — Dr Durand").check()
    intake.get_by_label("3919 — Violences Femmes Info").check()
    shoot(intake, "intake-orientation")
    intake.get_by_role("button", name="Enregistrer").click()
    expect(intake).to_have_url(re.compile(r"/contacts/$"))
    intake.get_by_role("row").nth(1).get_by_role("link").click()
    record = intake.locator("dl.facts").filter(has_text="Canal")
    expect(record).to_contain_text("Psychologue du campus — Dr Durand")
    expect(record).to_contain_text("3919 — Violences Femmes Info")
    shoot(intake, "record-orientation")
