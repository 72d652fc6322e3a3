"""The enquiry pages in a browser: the referent opens the enquiry and appoints a mixed pair,
an investigator plans and holds an interview, writes the minutes, is refused a recording
without authorisation, drafts the report. Screenshots of each page in var/screenshots/."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Party
from enquiries.models import Enquiry, Interview
from tests.enquiries.conftest import case_waiting_for_enquiry, rostered, time_passes
from tests.people import staff
from tests.workflows.journey import open_task

MP3 = b"ID3\x03\x00\x00\x00" + b"\x00" * 64


def test_the_investigator_walks_through_the_enquiry_pages(
    logged_in_page, shoot, school_a, referent_a
):
    listener = staff("listener", school_a, username="listener.a")
    alice = rostered(school_a, "alice", gender="woman", languages=("fr", "en"), first_name="Alice")
    rostered(school_a, "bruno", gender="man", languages=("fr",), first_name="Bruno")
    rostered(
        school_a, "chloe", gender="woman", languages=("fr",), first_name="Chloé", trained=False
    )
    case = case_waiting_for_enquiry(listener, referent_a, school_a)
    task = open_task(case, "enquiry")

    # The referent opens the enquiry from the case's step.
    page = logged_in_page(referent_a, f"/tasks/{task.pk}/")
    shoot(page, "referent-enquiry-step")
    page.get_by_role("link", name="Ouvrir ou suivre l'enquête interne").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ouvrir une enquête interne")
    page.get_by_role("button", name="Ouvrir l'enquête").click()
    expect(page.locator(".error-summary")).to_be_visible()
    shoot(page, "referent-open-errors")
    page.get_by_label("Motifs de la décision").fill("Faits précis et répétés.")
    page.get_by_label("Mission confiée à la commission").fill(
        "Établir les faits décrits ; entendre la victime et la personne mise en cause."
    )
    page.get_by_role("checkbox", name="Anglais").check()
    shoot(page, "referent-open")
    page.get_by_role("button", name="Ouvrir l'enquête").click()

    # The roster, with the suggested mixed and bilingual pair.
    expect(page.get_by_role("heading", level=1)).to_have_text("Désigner la commission d'enquête")
    shoot(page, "referent-appoint")
    for label in page.locator("#id_investigators label").all():
        if "Bruno" in label.inner_text() or "Alice" in label.inner_text():
            label.locator("input").check()
    page.get_by_label("Motifs de la désignation").fill("Binôme mixte et bilingue, formé.")
    page.get_by_role("button", name="Désigner").click()
    expect(page.get_by_role("status")).to_contain_text("Commission désignée")
    shoot(page, "referent-enquiry")
    enquiry = Enquiry.objects.get(case=case)

    # The investigator's pages.
    page = logged_in_page(alice, "/enquiries/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enquêtes")
    shoot(page, "investigator-list")
    page.get_by_role("link", name=case.reference).click()
    shoot(page, "investigator-enquiry")
    page.get_by_role("link", name="Planifier un entretien").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Planifier un entretien")
    victim = case.parties.get(role=Party.Role.VICTIM)
    page.get_by_label("Personne entendue").select_option(value=str(victim.pk))
    when = timezone.localtime(timezone.now() + dt.timedelta(days=3))
    page.get_by_label("Date et heure").fill(when.strftime("%Y-%m-%dT10:00"))
    page.get_by_label("Lieu, ou modalités de connexion").fill("Salle du conseil, bâtiment B")
    page.get_by_label("Enregistrement envisagé").check()
    page.get_by_role("button", name="Planifier").click()
    expect(page.locator(".error-summary")).to_contain_text("délai de convocation est trop court")
    shoot(page, "investigator-plan-short-notice")
    page.get_by_label("La personne a demandé ou accepté un délai de convocation plus court").check()
    page.get_by_role("button", name="Planifier").click()
    expect(page.get_by_role("status")).to_contain_text("Entretien planifié")
    shoot(page, "investigator-interview")

    interview = Interview.objects.get(enquiry=enquiry)
    for box in (
        page.get_by_role("group", name="Qui a signé l'engagement").get_by_role("checkbox").all()
    ):
        box.check()
    page.get_by_role("button", name="Enregistrer les engagements signés").click()
    expect(page.get_by_role("status")).to_contain_text("4 engagements de confidentialité")
    time_passes(interview)
    page.reload()
    page.get_by_label("La personne a été informée de ses droits avant d'être entendue").check()
    page.get_by_role("button", name="Consigner et rédiger le compte rendu").click()
    expect(page.get_by_role("status")).to_contain_text("Entretien tenu")
    shoot(page, "investigator-interview-held")

    # Holding the interview lands in the editor of its minutes.
    expect(page.get_by_role("heading", level=1)).to_have_text("Compte rendu d'entretien")
    page.get_by_role("textbox", name="Compte rendu").fill(
        "La personne déclare avoir reçu des messages répétés."
    )
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.get_by_role("status")).to_contain_text("Compte rendu enregistré")
    page.get_by_role("button", name="Le texte a été relu avec la personne").click()
    shoot(page, "investigator-minutes-read-back")
    page.get_by_label("Je confirme : la version relue est signée").check()
    page.get_by_role("button", name="La personne a signé").click()
    expect(page.get_by_role("status")).to_contain_text("Signature du compte rendu consignée")
    shoot(page, "investigator-minutes-signed")

    # A recording without the written authorisation is refused, with a clear error.
    page.goto(f"/enquiries/{enquiry.pk}/attachments/new/?interview={interview.pk}")
    page.get_by_label("Type de pièce").select_option(value="recording")
    page.get_by_label("Fichier").set_input_files(
        files=[{"name": "entretien.mp3", "mimeType": "audio/mpeg", "buffer": MP3}]
    )
    page.get_by_role("button", name="Déposer").click()
    expect(page.locator(".error-summary")).to_contain_text("autorisation écrite")
    shoot(page, "investigator-recording-refused", allow_console=("400",))

    page.goto(f"/enquiries/{enquiry.pk}/report/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapport d'enquête")
    page.get_by_label("Faits établis").fill("Messages répétés à caractère sexuel.")
    page.get_by_label(re.compile("Analyse — ")).fill("Répétition établie.")
    page.get_by_role("checkbox", name="Mesures de prévention").check()
    page.get_by_role("button", name="Enregistrer le rapport").click()
    expect(page.get_by_role("status")).to_contain_text("Rapport enregistré")
    shoot(page, "investigator-report")
