"""An Article 40 referral and the protection fonctionnelle of a staff victim, clicked through.

The listener logs a report from a member of staff threatened by a colleague; the referent
acknowledges it, gives the victim her staff status, records the implicated colleague and
the victim's request for protection, and triages to the legal directorate under Article 40.
The legal directorate drafts the letter to the procureur (full facts, both identities),
finalises it as PDF, signs it and records the referral. The director decides the
protection with reasons and finalises the decision letter as PDF; the referent records the
measures, informs the victim and closes the case. Screenshots at desktop and 390 px in
var/screenshots/, each letter's first page as a PNG in var/screenshots/article40/.
"""

from __future__ import annotations

from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Article40Referral, Case, ProtectionRequest, Role, User
from tests.browser.journeys import both_widths, inform_and_close
from tests.browser.letters import draft_from_case_page, finalise, look_at_pdf
from tests.browser.test_case_journey import complete_step, section, take_task
from tests.browser.test_persons_journey import acknowledge, log_report, open_case
from tests.browser.test_protection_journey import SECTION, back_to_case, give_staff_status
from tests.people import staff

TODAY = timezone.localdate()
FOLDER = "article40"


def test_the_prosecutor_is_informed_and_a_staff_victim_protected_through_the_pages(
    logged_in_page, shoot, axe_check, school_a, referent_a: User
):
    listener = staff(Role.LISTENER, school_a, username="listener.a")
    director = staff(Role.DIRECTOR, school_a, username="director.a")
    legal = staff(Role.LEGAL, school_a, username="legal.a")
    for person, first, last in ((director, "Claire", "Directrice"), (legal, "Jules", "Juriste")):
        person.first_name, person.last_name = first, last
        person.save(update_fields=["first_name", "last_name"])

    listening = logged_in_page(listener, "/intake/")
    case: Case = log_report(
        listening, shoot, "Nadia", "Roux", "Menaces de mort répétées d'un collègue.", "a40"
    )
    page = logged_in_page(referent_a, "/inbox/")
    acknowledge(page, shoot, case, "a40")
    open_case(page, case)
    give_staff_status(page, shoot, axe_check)
    back_to_case(page, case)

    # The victim's request for protection, recorded by the referent.
    section(page, SECTION).get_by_role(
        "link", name="Enregistrer une demande de protection fonctionnelle"
    ).click()
    page.get_by_label("Membre du personnel qui demande la protection").select_option(
        label="Nadia Roux (Personnel fonctionnaire)"
    )
    page.get_by_label("Faits à l'origine de la demande (chiffrés)").fill(
        "Menaces de mort reçues à propos de ses notes de jury."
    )
    both_widths(page, shoot, axe_check, "protection-request")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_contain_text("la direction est prévenue")

    # Triage: death threats are an offence; the legal directorate refers under Article 40.
    take_task(page, shoot, "Qualifier le signalement et décider des suites", "triage")
    page.get_by_label(
        "Je confirme n'avoir aucun conflit d'intérêts avec les personnes concernées"
    ).check()
    page.get_by_role("checkbox", name="Harcèlement moral").check()
    page.get_by_role("checkbox", name="Saisir la direction juridique (article 40)").check()
    page.get_by_role("textbox", name="Motivation", exact=True).fill(
        "Menaces de mort : délit, signalement au procureur sans délai."
    )
    complete_step(page, shoot, "Qualifier le signalement et décider des suites", "triage")

    # The legal directorate writes to the procureur, finalises, signs, then records it.
    lawyer = logged_in_page(legal, "/inbox/")
    title = "Transmettre au procureur de la République (article 40)"
    take_task(lawyer, shoot, title, "article40")
    draft_from_case_page(
        lawyer,
        case,
        "Signalement au procureur de la République (article 40 du code de procédure pénale)",
    )
    preview = section(lawyer, "Aperçu")
    expect(preview).to_contain_text("Nadia Roux")
    expect(preview).to_contain_text("Marc Petit")
    both_widths(lawyer, shoot, axe_check, "article40-draft")
    letter = finalise(
        lawyer,
        case,
        "article40_referral",
        {
            "Tribunal judiciaire compétent (« tribunal judiciaire d'Évry »)": (
                "tribunal judiciaire de Saint-Étienne"
            ),
            "Date ou période des faits": "de septembre à novembre 2026",
            "Lieu des faits": "Campus de Saint-Étienne, bâtiment A",
            "Exposé complet et circonstancié des faits": (
                "Mme Nadia Roux, enseignante, a reçu de M. Marc Petit, collègue, des menaces "
                "de mort répétées à propos de ses notes de jury."
            ),
            "Prénom et nom de la personne qui signe": "Jules Juriste",
            "Fonction de la personne qui signe": "Directeur juridique, par délégation",
        },
    )
    lawyer.get_by_label("Je confirme avoir relu la version finale").check()
    lawyer.get_by_role("button", name="Signer le courrier").click()
    expect(lawyer.get_by_role("status")).to_contain_text("Signature enregistrée")
    both_widths(lawyer, shoot, axe_check, "article40-signed")
    letter.refresh_from_db()
    look_at_pdf(letter, FOLDER, "article40")
    take_task(lawyer, shoot, title, "article40")
    lawyer.get_by_label("Parquet destinataire").fill("Parquet de Saint-Étienne")
    complete_step(lawyer, shoot, title, "article40")
    referral = Article40Referral.objects.get(case=case)
    assert referral.sent_on == TODAY

    # The director grants the protection, with reasons, and finalises the decision letter.
    deciding = logged_in_page(director, "/inbox/")
    open_case(deciding, case)
    section(deciding, SECTION).get_by_role("link", name="Décider de la demande").click()
    deciding.get_by_label("Protection accordée").check()
    deciding.get_by_label("Motifs de la décision").fill(
        "Les menaces visent l'agente à raison de ses fonctions de jury."
    )
    both_widths(deciding, shoot, axe_check, "protection-decision")
    deciding.get_by_role("button", name="Enregistrer").click()
    expect(deciding.get_by_role("status")).to_contain_text("Décision enregistrée.")

    # The referent records the measures.
    open_case(page, case)
    for kind in ("Prise en charge des frais de procédure et d'avocat", "Soutien psychologique"):
        section(page, SECTION).get_by_role("link", name="Ajouter une mesure de protection").click()
        page.get_by_role("combobox", name="Mesure", exact=True).select_option(label=kind)
        page.get_by_role("button", name="Enregistrer").click()
        expect(page.get_by_role("status")).to_contain_text("Mesure de protection enregistrée.")

    draft_from_case_page(deciding, case, "Décision sur une demande de protection fonctionnelle")
    preview = section(deciding, "Aperçu")
    expect(preview).to_contain_text("cette protection vous est accordée")
    expect(preview).to_contain_text("Soutien psychologique")
    decision = finalise(
        deciding,
        case,
        "protection_decision",
        {
            "Prénom et nom de la personne qui signe": "Claire Directrice",
            "Fonction de la personne qui signe": "Directrice de l'école",
        },
    )
    deciding.get_by_label("Je confirme avoir relu la version finale").check()
    deciding.get_by_role("button", name="Signer le courrier").click()
    expect(deciding.get_by_role("status")).to_contain_text("Signature enregistrée")
    both_widths(deciding, shoot, axe_check, "protection-letter-signed")
    decision.refresh_from_db()
    look_at_pdf(decision, FOLDER, "protection-decision")
    request = ProtectionRequest.objects.get(case=case)
    assert request.decision == ProtectionRequest.Decision.GRANTED
    assert request.measures.count() == 2

    # The case page tells it all: the referral, the protection and its measures.
    open_case(page, case)
    expect(section(page, SECTION)).to_contain_text("Accordée")
    expect(section(page, SECTION)).to_contain_text("Soutien psychologique")
    both_widths(page, shoot, axe_check, "case-page")

    # The referent informs the victim and closes the case.
    inform_and_close(
        page,
        shoot,
        axe_check,
        case,
        folder=FOLDER,
        measures=(
            "Le procureur de la République a été saisi ; la protection fonctionnelle vous "
            "est accordée."
        ),
        communicated="Le procureur a été saisi ; la protection fonctionnelle est accordée.",
    )
