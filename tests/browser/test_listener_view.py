"""The listener's view of a case they handed over: their own record, its reference and
status, nothing of the referent's work — at desktop and phone width."""

from __future__ import annotations

import re

from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Case, Category, Contact, Role, User
from tests.people import staff
from tests.workflows.journey import act

TODAY = timezone.localdate()


def test_a_listener_sees_their_own_record_and_the_case_status_and_nothing_else(
    logged_in_page, shoot, school_a, referent_a: User
):
    listener = staff(Role.LISTENER, school_a, username="listener.a")

    # The listener logs a phone call through the pages and hands it over (consent).
    page = logged_in_page(listener, "/intake/")
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
    page.get_by_role("button", name="Enregistrer").click()
    expect(page).to_have_url(re.compile(r"/contacts/$"))
    case = Case.objects.get()
    contact = Contact.objects.get()

    # The referent works the case: acknowledgement, then triage with a reasoning.
    act(referent_a, case, "acknowledge", {"sent_on": TODAY.isoformat(), "means": "email"})
    act(
        referent_a,
        case,
        "triage",
        {
            "no_conflict_confirmed": "on",
            "categories": [Category.objects.get(code="harcelement-sexuel").pk],
            "outcomes": ["information"],
            "reasoning": "Raisonnement du référent réservé au dossier.",
        },
    )

    # The listener opens their record from the list of their contacts.
    page.goto("/contacts/")
    page.get_by_role("row").filter(has_text=case.reference).get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/contacts/{contact.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ma fiche d'écoute du")
    follow_up = page.locator("section").filter(has=page.get_by_role("heading", name="Suite donnée"))
    expect(follow_up).to_contain_text(case.reference)
    expect(follow_up).to_contain_text("Ouvert")
    record = page.locator("section").filter(
        has=page.get_by_role("heading", name="Ce que j'ai recueilli")
    )
    expect(record).to_contain_text("Des messages insistants d'un enseignant")
    expect(record).to_contain_text("3919 — Violences Femmes Info")
    expect(record).to_contain_text("Léa Martin")
    expect(page.get_by_text("Raisonnement du référent")).to_have_count(0)
    expect(page.get_by_role("link", name=case.reference)).to_have_count(0)
    shoot(page, "own-record-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    shoot(page, "own-record-phone")

    # The case itself is not theirs any more.
    page.set_viewport_size({"width": 1280, "height": 800})
    response = page.goto(f"/cases/{case.pk}/")
    assert response is not None and response.status == 404
    expect(page.get_by_text("Raisonnement du référent")).to_have_count(0)
    shoot(page, "case-refused", allow_console=("404",))
