"""The start page: a referent logs in and sees what is late and what is due this week,
with a countdown; the task page says the deadline and where it comes from."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from cases.models import Entity, Role, User
from tests.browser.conftest import path_is
from tests.people import staff
from workflows.deadlines import acknowledgement_deadline

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def section(page: Page, heading: str) -> Locator:
    return page.locator("section").filter(has=page.get_by_role("heading", name=heading, exact=True))


def log_contact(page: Page, contacted_on: dt.date, narrative: str) -> None:
    """The listener records a first contact handed over to the referents, dated ``contacted_on``."""
    page.goto("/intake/")
    page.get_by_label("Date du contact").fill(contacted_on.isoformat())
    page.get_by_label("Canal").select_option(label="Téléphone")
    page.get_by_label("La personne qui prend contact est").select_option(label="Victime")
    page.get_by_label("Son statut").select_option(label="Élève, étudiant·e, apprenti·e")
    page.get_by_label("Harcèlement sexuel").check()
    page.get_by_role("textbox", name="Récit", exact=True).fill(narrative)
    page.get_by_label("La personne consent à la transmission à un·e référent·e").check()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_contain_text("Contact enregistré et transmis")


def contact_date_due_in_days(today: dt.date, low: int, high: int) -> tuple[dt.date, int]:
    """A contact date whose acknowledgement falls ``low``..``high`` days from today."""
    for back in range(0, 30):
        contacted_on = today - dt.timedelta(days=back)
        left = (acknowledgement_deadline(contacted_on).due - today).days
        if low <= left <= high:
            return contacted_on, left
    raise AssertionError("no contact date gives that deadline")


def test_a_referent_lands_on_a_start_page_with_late_and_due_soon_tasks(
    logged_in_page, shoot, axe_check, school_a: Entity, referent_a: User, referent_b: User
):
    today = timezone.localdate()
    listener = staff(Role.LISTENER, school_a, username="listener.a")
    # Two reports entered by the listener, dated as the calls were: one whose
    # acknowledgement period has run out, one due within the week. The contact date is
    # what the legal period runs from, so no date needs moving in the database.
    late_on, late_days = contact_date_due_in_days(today, -30, -3)
    soon_on, soon_days = contact_date_due_in_days(today, 2, 7)
    page = logged_in_page(listener, "/intake/")
    log_contact(page, late_on, "Des remarques répétées en cours.")
    log_contact(page, soon_on, "Un message déplacé après un examen.")
    page.goto("/")
    expect(section(page, "Mes dernières fiches d'écoute").get_by_role("listitem")).to_have_count(2)
    shoot(page, "listener-home")

    # The referent logs in and lands on their start page: both wait in the pool.
    page = logged_in_page(referent_a, "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bonjour")
    pool = section(page, "À prendre en charge dans votre entité")
    expect(pool.get_by_role("listitem")).to_have_count(2)
    shoot(page, "home-pool")
    for _ in range(2):
        page.goto("/")
        section(page, "À prendre en charge dans votre entité").get_by_role(
            "link", name="Accuser réception du signalement"
        ).first.click()
        page.get_by_role("button", name="Prendre en charge").click()
        expect(page.get_by_role("status")).to_contain_text("Tâche prise en charge.")

    # Back home: one late with how late, one this week with how long is left.
    page.get_by_role("link", name="Recueil", exact=True).click()
    expect(page).to_have_url(path_is("/"))
    late = section(page, "En retard")
    expect(late.get_by_role("listitem")).to_have_count(1)
    expect(late).to_contain_text(f"en retard de {-late_days} jours")
    soon = section(page, "À faire cette semaine")
    expect(soon.get_by_role("listitem")).to_have_count(1)
    expect(soon).to_contain_text(re.compile(rf"dans {soon_days} jours"))
    expect(section(page, "À prendre en charge dans votre entité")).to_contain_text(
        "Aucune tâche en attente."
    )
    shoot(page, "home-desktop")
    axe_check(page)
    page.set_viewport_size(PHONE)
    shoot(page, "home-phone")
    axe_check(page)
    page.set_viewport_size(DESKTOP)

    # The task page says the deadline, the countdown and the legal source.
    late.get_by_role("link", name="Accuser réception du signalement").click()
    expect(page.get_by_text("Échéance :")).to_be_visible()
    expect(page.locator(".deadline")).to_contain_text(f"en retard de {-late_days} jours")
    expect(page.locator(".deadline")).to_contain_text("Décret n° 2022-1284")
    shoot(page, "task-deadline")

    # A referent of another school sees none of it.
    other = logged_in_page(referent_b, "/")
    expect(section(other, "En retard")).to_contain_text("Aucune tâche en retard.")
    expect(section(other, "À prendre en charge dans votre entité")).to_contain_text(
        "Aucune tâche en attente."
    )
    shoot(other, "other-school-home")
