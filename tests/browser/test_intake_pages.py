"""Intake through the pages: a listening record kept, followed up and handed over later;
an urgent report pinned first in the referents' inbox; a report a referent received
directly. Desktop and phone width, axe on every page."""

from __future__ import annotations

import datetime as dt
import re

from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.models import Case, Contact, Role, User
from tests.people import staff

TODAY = timezone.localdate()
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def _both_widths(page: Page, shoot, axe_check, name: str) -> None:
    axe_check(page)
    shoot(page, f"{name}-desktop")
    page.set_viewport_size(PHONE)
    shoot(page, f"{name}-phone")
    page.set_viewport_size(DESKTOP)


def _log_contact(
    page: Page,
    *,
    narrative: str,
    on: dt.date | None = None,
    consent: bool = False,
    danger: bool = False,
) -> None:
    page.goto("/intake/")
    if on is not None:
        page.get_by_label("Date du contact").fill(on.isoformat())
    page.get_by_label("Canal").select_option(label="Téléphone")
    page.get_by_label("La personne qui prend contact est").select_option(label="Victime")
    page.get_by_label("Son statut").select_option(label="Élève, étudiant·e, apprenti·e")
    page.get_by_label("Prénom (facultatif)").fill("Léa")
    page.get_by_label("Nom (facultatif)", exact=True).fill("Martin")
    page.get_by_label("Harcèlement sexuel").check()
    page.get_by_role("textbox", name="Récit", exact=True).fill(narrative)
    if danger:
        page.get_by_label("Danger grave et immédiat").check()
    if consent:
        page.get_by_label("La personne consent à la transmission à un·e référent·e").check()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page).to_have_url(re.compile(r"/contacts/$"))


def test_a_kept_listening_record_is_reopened_followed_up_and_handed_over_later(
    logged_in_page, shoot, axe_check, school_a, referent_a: User
):
    listener = staff(Role.LISTENER, school_a, username="listener.a")
    page = logged_in_page(listener, "/intake/")
    expect(
        page.get_by_text("Les champs marqués d'un astérisque (*) sont obligatoires")
    ).to_be_visible()
    _both_widths(page, shoot, axe_check, "intake")

    # A week ago: she called, did not want anything passed on yet.
    week_ago = TODAY - dt.timedelta(days=7)
    _log_contact(page, narrative="Des remarques sexistes répétées en TP.", on=week_ago)
    _log_contact(page, narrative="Un autre appel, plus récent.")
    rows = page.get_by_role("row")
    expect(rows.nth(1)).to_contain_text("Fiche d'écoute")
    expect(rows.nth(2)).to_contain_text(str(week_ago.year))
    _both_widths(page, shoot, axe_check, "records")

    # Today she calls back: the listener reopens the record of last week.
    kept = Contact.objects.get(contacted_on=week_ago)
    rows.nth(2).get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/contacts/{kept.pk}/$"))
    expect(page.get_by_text("Des remarques sexistes répétées en TP.")).to_be_visible()
    follow_up = page.locator("form").filter(has=page.get_by_text("Noter un nouvel échange"))
    follow_up.get_by_label("Canal").select_option(label="Téléphone")
    follow_up.get_by_label("Note").fill("Elle rappelle : d'accord pour que le référent soit saisi.")
    page.get_by_role("button", name="Ajouter l'échange").click()
    expect(page.get_by_text("Échange ajouté à la fiche d'écoute.")).to_be_visible()
    expect(page.get_by_text("Elle rappelle : d'accord")).to_be_visible()

    # Handing over without consent nor basis is refused, with the reason by the field.
    page.get_by_role("button", name="Transmettre", exact=True).click()
    expect(page.get_by_text("Cochez le consentement de la personne")).to_be_visible()
    assert not Case.objects.exists()
    _both_widths(page, shoot, axe_check, "record-kept")

    page.get_by_label("La personne consent à la transmission à un·e référent·e").check()
    page.get_by_role("button", name="Transmettre", exact=True).click()
    case = Case.objects.get()
    expect(page.get_by_text(f"dossier {case.reference}").first).to_be_visible()
    expect(page.get_by_role("button", name="Ajouter l'échange")).to_have_count(0)
    _both_widths(page, shoot, axe_check, "record-handed-over")

    # The referent finds it in the pool.
    referent = logged_in_page(referent_a, "/inbox/")
    pool = referent.locator("section").filter(
        has=referent.get_by_role("heading", name="À prendre en charge dans votre entité")
    )
    expect(pool).to_contain_text(case.reference)
    expect(pool).to_contain_text("Accuser réception du signalement")
    shoot(referent, "referent-pool")


def test_an_urgent_report_is_pinned_first_with_its_badge_deadline_and_a_contentless_mail(
    logged_in_page, shoot, axe_check, school_a, referent_a: User
):
    director = staff(Role.DIRECTOR, school_a, username="director.a")
    listener = staff(Role.LISTENER, school_a, username="listener.a")
    page = logged_in_page(listener, "/intake/")
    _log_contact(page, narrative="Une situation ancienne, sans urgence.", consent=True)
    mail.outbox.clear()
    _log_contact(
        page, narrative="Il l'attend chaque soir devant la résidence.", consent=True, danger=True
    )
    urgent = Case.objects.get(first_contact__danger=True)

    # The referents and the director are told at once, with nothing of the report.
    recipients = {m.to[0] for m in mail.outbox}
    assert {referent_a.email, director.email} <= recipients
    assert listener.email not in recipients
    for message in mail.outbox:
        text = f"{message.subject}\n{message.body}"
        assert "résidence" not in text and "Martin" not in text and "Léa" not in text
        assert urgent.reference not in text
    # Beside the usual "something awaits you" notice of a new task, the urgent alert
    # itself leads straight to the inbox, where the report is pinned first.
    alerts = [m for m in mail.outbox if "demande votre attention" in m.subject]
    assert {m.to[0] for m in alerts} == {referent_a.email, director.email}
    assert all("/inbox/" in m.body for m in alerts)

    referent = logged_in_page(referent_a, "/inbox/")
    pool = referent.locator("section").filter(
        has=referent.get_by_role("heading", name="À prendre en charge dans votre entité")
    )
    first = pool.get_by_role("row").nth(1)
    expect(first).to_contain_text(urgent.reference)
    expect(first).to_contain_text("Urgent : danger grave et immédiat")
    due = urgent.deadlines.get(rule="urgent_triage").due_on
    assert due <= TODAY + dt.timedelta(days=1)
    expect(first).to_contain_text(str(due.day))
    expect(pool.get_by_role("row").nth(2)).not_to_contain_text("Urgent")
    _both_widths(referent, shoot, axe_check, "inbox-urgent-first")

    first.get_by_role("link").click()
    expect(referent.get_by_text("Urgent : danger grave et immédiat")).to_be_visible()
    referent.get_by_role("button", name="Prendre en charge").click()
    expect(referent.get_by_text("Urgent : danger grave et immédiat")).to_be_visible()
    _both_widths(referent, shoot, axe_check, "task-urgent")
    referent.get_by_role("link", name="Ouvrir la fiche complète du dossier").click()
    expect(referent.get_by_text("Urgent : danger grave et immédiat")).to_be_visible()
    _both_widths(referent, shoot, axe_check, "case-urgent")


def test_a_referent_logs_a_report_received_directly_and_owns_its_acknowledgement(
    logged_in_page, shoot, axe_check, school_a, referent_a: User
):
    page = logged_in_page(referent_a, "/inbox/")
    page.get_by_role("link", name="Signalement reçu directement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Signalement reçu directement")
    expect(
        page.get_by_label("La personne consent à la transmission à un·e référent·e")
    ).to_have_count(0)
    _both_widths(page, shoot, axe_check, "direct-intake")

    # Forgetting who the person is (victim, witness) is caught, nothing stored.
    page.get_by_label("Canal").select_option(label="Accueil physique")
    page.get_by_label("Harcèlement moral").check()
    page.get_by_role("textbox", name="Récit", exact=True).fill("Reçue à mon bureau ce matin.")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#id_contact_kind_error")).to_be_visible()
    assert not Case.objects.exists()
    shoot(page, "direct-intake-errors")

    page.get_by_label("La personne qui prend contact est").select_option(label="Témoin")
    page.get_by_label("Son statut").select_option(label="Personnel contractuel")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page).to_have_url(re.compile(r"/inbox/$"))
    case = Case.objects.get()
    mine = page.locator("section").filter(
        has=page.get_by_role("heading", name="À faire maintenant")
    )
    expect(mine).to_contain_text(case.reference)
    expect(mine).to_contain_text("Accuser réception du signalement")
    _both_widths(page, shoot, axe_check, "direct-inbox")
