"""A director puts a legal hold on a closed case from the case page, and sees its
retention date and the rule behind it; desktop and 390 px, axe clean.

The closed case itself is built through the services (``tests.retention.helpers``), not
clicked through the whole procedure: the journey under test starts on the case page.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Role, User
from cases.services.access import access_grant
from retention.models import LegalHold
from tests.browser.test_case_journey import section
from tests.people import staff
from tests.retention.helpers import closed_case

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def test_a_director_holds_a_closed_case_from_its_page(
    logged_in_page, shoot, axe_check, school_a, referent_a: User
):
    director = staff(Role.DIRECTOR, school_a, username="director.a")
    case = closed_case(referent_a, school_a, closed_on=timezone.localdate() - dt.timedelta(days=5))
    access_grant(actor=None, case=case, user=director, permissions=["view_case"], reason="x")

    page = logged_in_page(director, f"/cases/{case.pk}/")
    card = section(page, "Conservation des données")
    expect(card).to_contain_text("Dossier clos sans suite disciplinaire ni judiciaire")
    expect(card).to_contain_text("2023-064")
    axe_check(page)
    page.set_viewport_size(DESKTOP)
    shoot(page, "case-retention-desktop")
    page.set_viewport_size(PHONE)
    shoot(page, "case-retention-phone")
    page.set_viewport_size(DESKTOP)

    card.get_by_role("link", name="Suspendre la conservation (gel)").click()
    page.get_by_label("Motif de la suspension").fill("Recours contentieux annoncé par courrier.")
    review = timezone.localdate() + dt.timedelta(days=60)
    page.get_by_label("À réexaminer le").fill(review.isoformat())
    axe_check(page)
    page.set_viewport_size(PHONE)
    shoot(page, "hold-form-phone")
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Conservation du dossier {case.reference}"
    )
    card = section(page, "Conservation des données")
    expect(card).to_contain_text("Conservation suspendue")
    expect(card).to_contain_text("Recours contentieux annoncé par courrier.")
    expect(card).to_contain_text("Anonymisation prévue le")
    axe_check(page)
    shoot(page, "held-phone")
    page.set_viewport_size(DESKTOP)
    shoot(page, "held-desktop")
    assert LegalHold.objects.get(case=case).placed_by == director


def test_a_case_closed_through_the_pages_shows_its_retention_and_the_director_holds_it_from_the_register(
    logged_in_page, shoot, axe_check, school_a, referent_a: User
):
    from tests.browser.test_case_journey import complete_step, take_task
    from tests.browser.test_persons_journey import acknowledge, log_report, open_case

    listener = staff(Role.LISTENER, school_a, username="listener.a")
    director = staff(Role.DIRECTOR, school_a, username="director.a")
    listening = logged_in_page(listener, "/intake/")
    case = log_report(listening, shoot, "Inès", "Morel", "Une remarque déplacée en TP.", "report")

    page = logged_in_page(referent_a, "/inbox/")
    acknowledge(page, shoot, case, "report")
    take_task(page, shoot, "Qualifier le signalement et décider des suites", "triage")
    page.get_by_label(
        "Je confirme n'avoir aucun conflit d'intérêts avec les personnes concernées"
    ).check()
    page.get_by_role("checkbox", name="Harcèlement sexuel").check()
    page.get_by_role("checkbox", name="Clore avec orientation").check()
    page.get_by_role("textbox", name="Motivation", exact=True).fill("Orientation seulement.")
    complete_step(page, shoot, "Qualifier le signalement et décider des suites", "triage")
    take_task(page, shoot, "Informer la personne des suites données", "feedback")
    page.get_by_role("combobox", name="Moyen", exact=True).select_option(label="Courriel")
    page.get_by_label("Ce qui a été communiqué").fill("Orientation proposée.")
    complete_step(page, shoot, "Informer la personne des suites données", "feedback")
    take_task(page, shoot, "Clore le dossier", "closure")
    page.get_by_label("Motif de clôture").select_option(label="Orientation de la personne")
    complete_step(page, shoot, "Clore le dossier", "closure")

    # The referent in charge sees the retention date and its rule on the case page.
    open_case(page, case)
    card = section(page, "Conservation des données")
    expect(card).to_contain_text("Dossier clos sans suite disciplinaire ni judiciaire")
    expect(card.get_by_role("link", name="Suspendre la conservation (gel)")).to_have_count(0)
    shoot(page, "referent-case-retention")

    # The director finds it in the register and suspends its retention.
    page = logged_in_page(director, "/inbox/")
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Conservation"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Conservation des dossiers clos")
    axe_check(page)
    page.set_viewport_size(PHONE)
    shoot(page, "register-phone")
    page.set_viewport_size(DESKTOP)
    shoot(page, "register-desktop")
    page.get_by_role("link", name=case.reference).click()
    section(page, "Conservation des données").get_by_role(
        "link", name="Suspendre la conservation (gel)"
    ).click()
    page.get_by_label("Motif de la suspension").fill("Demande du Défenseur des droits.")
    page.get_by_label("À réexaminer le").fill(
        (timezone.localdate() + dt.timedelta(days=90)).isoformat()
    )
    page.get_by_role("button", name="Enregistrer").click()
    expect(section(page, "Conservation des données")).to_contain_text("Conservation suspendue")
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Conservation"
    ).click()
    expect(page.get_by_role("row").filter(has_text=case.reference)).to_contain_text(
        "Conservation suspendue"
    )
    axe_check(page)
    shoot(page, "register-held")
