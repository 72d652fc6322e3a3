"""A report from the listening cell's first contact to its closure, clicked through in a
browser by the listener, the referent and the director; and a stranger refused."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from cases.models import Case, Role, User
from tests.people import staff

SUBMIT_STEP = "Enregistrer et passer à l'étape suivante"


def section(page: Page, heading: str) -> Locator:
    """The card titled ``heading``."""
    return page.locator("section").filter(has=page.get_by_role("heading", name=heading, exact=True))


def take_task(page: Page, shoot, title: str, shot: str) -> None:
    """From the inbox, open the task ``title`` and take it on if it waits in the pool."""
    page.goto("/inbox/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes tâches")
    link = page.get_by_role("link", name=title)
    expect(link).to_have_count(1)
    shoot(page, f"inbox-{shot}")
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    claim = page.get_by_role("button", name="Prendre en charge")
    if claim.count():
        shoot(page, f"task-{shot}-to-claim")
        claim.click()
        expect(page.get_by_role("status")).to_contain_text("Tâche prise en charge.")
    expect(page.get_by_role("button", name=SUBMIT_STEP)).to_be_visible()


def complete_step(page: Page, shoot, title: str, shot: str) -> None:
    shoot(page, f"task-{shot}")
    page.get_by_role("button", name=SUBMIT_STEP).click()
    expect(page).to_have_url(re.compile(r"/inbox/$"))
    expect(page.get_by_role("status")).to_contain_text(f"Étape enregistrée : {title}.")


def test_a_report_goes_from_the_listening_cell_to_closure(
    logged_in_page, shoot, school_a, referent_a: User
):
    listener = staff(Role.LISTENER, school_a, username="listener.a")
    director = staff(Role.DIRECTOR, school_a, username="director.a")

    # The listener logs a phone call; the person consents to a referent being told.
    page = logged_in_page(listener, "/intake/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouveau premier contact")
    page.get_by_label("Canal").select_option(label="Téléphone")
    page.get_by_label("La personne qui prend contact est").select_option(label="Victime")
    page.get_by_label("Son statut").select_option(label="Élève, étudiant·e, apprenti·e")
    page.get_by_label("Prénom (facultatif)").fill("Léa")
    page.get_by_label("Nom (facultatif)", exact=True).fill("Martin")
    page.get_by_label("Harcèlement sexuel").check()
    page.get_by_role("textbox", name="Récit", exact=True).fill(
        "Des messages insistants d'un enseignant depuis la rentrée."
    )
    page.get_by_label("3919 — Violences Femmes Info").check()
    page.get_by_label("La personne consent à la transmission à un·e référent·e").check()
    shoot(page, "intake")
    page.get_by_role("button", name="Enregistrer").click()

    case = Case.objects.get()
    expect(page).to_have_url(re.compile(r"/contacts/$"))
    expect(page.get_by_role("status")).to_contain_text(
        f"Contact enregistré et transmis aux référent·es (dossier {case.reference})."
    )
    expect(page.get_by_role("row").filter(has_text=case.reference)).to_contain_text("Transmis")
    shoot(page, "contacts")

    # The referent finds the report in the pool of their entity, takes it on, acknowledges.
    page = logged_in_page(referent_a, "/inbox/")
    pool = page.get_by_role("region", name="À prendre en charge dans votre entité")
    expect(pool.get_by_role("row").filter(has_text=case.reference)).to_contain_text(
        "Accuser réception du signalement"
    )
    take_task(page, shoot, "Accuser réception du signalement", "acknowledge")
    expect(page.get_by_text("Des messages insistants d'un enseignant")).to_be_visible()
    page.get_by_role("combobox", name="Moyen", exact=True).select_option(label="Courriel")
    complete_step(page, shoot, "Accuser réception du signalement", "acknowledge")

    # Triage: an internal enquiry, whose report then goes to the director.
    take_task(page, shoot, "Qualifier le signalement et décider des suites", "triage")
    page.get_by_label(
        "Je confirme n'avoir aucun conflit d'intérêts avec les personnes concernées"
    ).check()
    page.get_by_role("checkbox", name="Harcèlement sexuel").check()
    page.get_by_role("checkbox", name="Ouvrir une enquête interne").check()
    page.get_by_role("textbox", name="Motivation", exact=True).fill(
        "Faits précis et répétés : enquête interne."
    )
    complete_step(page, shoot, "Qualifier le signalement et décider des suites", "triage")

    take_task(page, shoot, "Suivre l'enquête interne et recevoir son rapport", "enquiry")
    page.get_by_label("Conclusions du rapport d'enquête").fill("Faits établis.")
    complete_step(page, shoot, "Suivre l'enquête interne et recevoir son rapport", "enquiry")

    # The director decides.
    director_page = logged_in_page(director, "/inbox/")
    take_task(director_page, shoot, "Décider des suites de l'enquête", "decision")
    director_page.get_by_role("checkbox", name="Médiation").check()
    director_page.get_by_role("textbox", name="Motivation", exact=True).fill(
        "Les deux personnes acceptent une médiation."
    )
    complete_step(director_page, shoot, "Décider des suites de l'enquête", "decision")

    # The referent tells the person what follows, then closes the case.
    take_task(page, shoot, "Informer la personne des suites données", "feedback")
    page.get_by_role("combobox", name="Moyen", exact=True).select_option(label="Courrier")
    page.get_by_label("Ce qui a été communiqué").fill("Une médiation est proposée.")
    complete_step(page, shoot, "Informer la personne des suites données", "feedback")

    take_task(page, shoot, "Clore le dossier", "closure")
    page.get_by_label("Motif de clôture").select_option(label="Procédure terminée")
    complete_step(page, shoot, "Clore le dossier", "closure")
    expect(page.get_by_text("Aucune tâche ne vous est attribuée.")).to_be_visible()
    shoot(page, "inbox-empty")

    # The case page tells the whole story.
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Mes dossiers"
    ).click()
    expect(page.get_by_role("row").filter(has_text=case.reference)).to_contain_text("Clos")
    shoot(page, "case-list")
    page.get_by_role("link", name=case.reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Dossier {case.reference}")
    expect(page).to_have_title(f"Dossier {case.reference} · Recueil")
    deadlines = section(page, "Échéances")
    expect(deadlines.get_by_role("row").filter(has_text="Accusé de réception")).to_contain_text(
        "respectée"
    )
    timeline = section(page, "Déroulé de la procédure")
    expect(timeline.get_by_role("listitem")).not_to_have_count(0)
    expect(timeline).to_contain_text("Médiation")
    shoot(page, "case-detail")
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED


def test_a_referent_of_another_school_cannot_open_the_case(
    logged_in_page, shoot, school_a, referent_b: User
):
    from tests.workflows.conftest import intake

    listener = staff(Role.LISTENER, school_a, username="listener.a")
    case = intake(listener, school_a).case
    assert case is not None

    page = logged_in_page(referent_b, "/inbox/")
    expect(page.get_by_role("row").filter(has_text=case.reference)).to_have_count(0)
    response = page.goto(f"/cases/{case.pk}/")
    assert response is not None and response.status in (403, 404)
    expect(page.get_by_role("heading", level=1)).to_have_text("Page introuvable")
    expect(page.get_by_text("Des messages insistants")).to_have_count(0)
    shoot(page, "refused", allow_console=("404", "403"))
