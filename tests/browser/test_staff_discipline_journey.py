"""A civil servant's disciplinary track clicked through from the report to the closure.

The listener logs a report about a teacher; the referent records the implicated civil
servant, triages to an internal enquiry, opens it and has the commission appointed from
the school's roster (kept by its administrator on the roster page); the decision to open
and the appointment letters are finalised as PDF. An investigator writes and submits the
report; the director, on a page showing the report and the persons, decides a
disciplinary procedure and records a precautionary suspension (its 4-month legal end a
case deadline). The legal directorate engages the staff procedure (communication of the
whole file, defenders, right to silence, conseil de discipline summoned 15 days before),
the summons letter finalised as PDF; then records the sanction of the 2nd group after the
conseil de discipline, and finalises its notification as PDF. The director lifts the
suspension; the referent informs the victim and closes. Screenshots at desktop and 390 px
in var/screenshots/, each letter's first page as a PNG in var/screenshots/staff-discipline/.
"""

from __future__ import annotations

import datetime as dt

from django.utils import formats, timezone, translation
from playwright.sync_api import Page, expect

from cases.models import Case, DisciplinaryOutcome, Role, Suspension, User
from enquiries.models import Enquiry
from tests.browser.journeys import both_widths, inform_and_close
from tests.browser.letters import draft_from_case_page, finalise, look_at_pdf, sign
from tests.browser.test_case_journey import SUBMIT_STEP, complete_step, section, take_task
from tests.browser.test_persons_journey import acknowledge, log_report, open_case
from tests.people import staff

TODAY = timezone.localdate()
FOLDER = "staff-discipline"
SECTION = "Personnel : protection fonctionnelle et suspension"
SIGNER = {
    "Prénom et nom de la personne qui signe": "Claire Directrice",
    "Fonction de la personne qui signe": "Directrice de l'école",
}


def fr_date(day: dt.date) -> str:
    with translation.override("fr"):
        return formats.date_format(day, "DATE_FORMAT")


def add_implicated_civil_servant(page: Page, shoot) -> None:
    section(page, "Personnes concernées").get_by_role("link", name="Ajouter une personne").click()
    page.get_by_role("combobox", name="Qualité dans le dossier").select_option(
        label="Personne mise en cause"
    )
    page.get_by_label("Prénom", exact=True).fill("Marc")
    page.get_by_label("Nom", exact=True).fill("Petit")
    page.get_by_role("combobox", name="Statut", exact=True).select_option(
        label="Personnel fonctionnaire"
    )
    page.get_by_label("Service, laboratoire ou employeur (personnel, personne extérieure)").fill(
        "Département informatique"
    )
    shoot(page, "implicated-civil-servant")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Marc Petit : autres dossiers")


def fill_engagement(lawyer: Page) -> None:
    """The staff track's own fields: the conseil de discipline's sitting, décret 84-961."""
    lawyer.get_by_label("Convocation envoyée le").fill(str(TODAY - dt.timedelta(days=20)))
    lawyer.get_by_label("Dossier communiqué à partir du").fill(str(TODAY - dt.timedelta(days=20)))
    lawyer.get_by_label("Date de la séance du conseil de discipline").fill(str(TODAY))
    lawyer.get_by_label("La convocation informe la personne de son droit de se taire").check()
    lawyer.get_by_label(
        "La personne est informée de son droit à la communication intégrale de son dossier"
    ).check()


def roster_investigator(page: Page, shoot, name: str, gender: str) -> None:
    """The administrator completes an investigator's roster entry on the roster page."""
    page.goto("/enquiries/roster/school-a/")
    page.get_by_role("link", name=name).click()
    page.get_by_role("combobox", name="Genre").select_option(label=gender)
    page.get_by_label("Formé·e le").fill(str(TODAY - dt.timedelta(days=90)))
    shoot(page, f"roster-{name.split()[0].lower()}")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_be_visible()


def enquiry_letter(
    page: Page, signer: Page, enquiry: Enquiry, kind: str, kind_label: str, shoot, name: str
):
    """From the enquiry page's « Courriers à produire », draft and finalise one; the person
    asked to sign signs it from its page; look at the PDF."""
    page.goto(f"/enquiries/{enquiry.pk}/")
    row = section(page, "Courriers à produire").get_by_role("row").filter(has_text=kind_label).first
    row.get_by_role("button", name=f"Préparer le courrier — {kind_label}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(kind_label)
    shoot(page, f"{name}-draft")
    letter = finalise(page, enquiry.case, kind, SIGNER)
    shoot(page, f"{name}-final")
    letter = sign(signer, letter)
    look_at_pdf(letter, FOLDER, name)
    return letter


def test_a_civil_servant_is_suspended_sanctioned_and_the_case_closed_through_the_pages(
    logged_in_page, shoot, axe_check, school_a, referent_a: User
):
    listener = staff(Role.LISTENER, school_a, username="listener.a")
    director = staff(Role.DIRECTOR, school_a, username="director.a")
    legal = staff(Role.LEGAL, school_a, username="legal.a")
    admin = staff(Role.ENTITY_ADMIN, school_a, username="admin.a")
    alice = staff(Role.INVESTIGATOR, school_a, username="alice")
    bruno = staff(Role.INVESTIGATOR, school_a, username="bruno")
    for person, first, last in (
        (director, "Claire", "Directrice"),
        (alice, "Alice", "Enquêtrice"),
        (bruno, "Bruno", "Enquêteur"),
    ):
        person.first_name, person.last_name = first, last
        person.save(update_fields=["first_name", "last_name"])

    # Intake, acknowledgement, the implicated civil servant recorded, triage to an enquiry.
    listening = logged_in_page(listener, "/intake/")
    case: Case = log_report(
        listening, shoot, "Léa", "Martin", "Un enseignant me harcèle depuis la rentrée.", "staff"
    )
    page = logged_in_page(referent_a, "/inbox/")
    acknowledge(page, shoot, case, "staff")
    open_case(page, case)
    add_implicated_civil_servant(page, shoot)
    take_task(page, shoot, "Qualifier le signalement et décider des suites", "triage")
    page.get_by_label(
        "Je confirme n'avoir aucun conflit d'intérêts avec les personnes concernées"
    ).check()
    page.get_by_role("checkbox", name="Harcèlement sexuel").check()
    page.get_by_role("checkbox", name="Ouvrir une enquête interne").check()
    page.get_by_role("textbox", name="Motivation", exact=True).fill("Faits précis : enquête.")
    complete_step(page, shoot, "Qualifier le signalement et décider des suites", "triage")

    # The administrator enters the two investigators in the school's roster.
    administering = logged_in_page(admin, "/enquiries/roster/school-a/")
    roster_investigator(administering, shoot, "Alice Enquêtrice", "Femme")
    roster_investigator(administering, shoot, "Bruno Enquêteur", "Homme")

    # The referent opens the enquiry and appoints the commission.
    take_task(page, shoot, "Suivre l'enquête interne et recevoir son rapport", "enquiry")
    page.get_by_role("link", name="Ouvrir ou suivre l'enquête interne").click()
    page.get_by_label("Mission confiée à la commission").fill(
        "Établir les faits ; entendre la victime et la personne mise en cause."
    )
    shoot(page, "enquiry-open")
    page.get_by_role("button", name="Ouvrir l'enquête").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Désigner la commission d'enquête")
    for name in ("Alice", "Bruno"):
        page.locator("#id_investigators label").filter(has_text=name).locator("input").check()
    page.get_by_label("Motifs de la désignation").fill("Binôme mixte, formé.")
    page.get_by_role("button", name="Désigner").click()
    expect(page.get_by_role("status")).to_contain_text("Commission désignée")
    enquiry = Enquiry.objects.get(case=case)
    both_widths(page, shoot, axe_check, "enquiry-page")
    # The director signs the enquiry's letters the referent prepares (letter to sign).
    signer = logged_in_page(director, "/inbox/")
    enquiry_letter(
        page,
        signer,
        enquiry,
        "enquiry_opening",
        "Décision d'ouverture d'une enquête administrative interne",
        shoot,
        "enquiry-opening",
    )
    enquiry_letter(
        page,
        signer,
        enquiry,
        "commission_appointment",
        "Désignation de la commission d'enquête",
        shoot,
        "commission-appointment",
    )

    # An investigator writes the report and submits it: the case goes to the director.
    investigating = logged_in_page(alice, f"/enquiries/{enquiry.pk}/")
    investigating.get_by_role("link", name="Rapport d'enquête", exact=True).click()
    investigating.get_by_label("Faits établis").fill(
        "Messages à caractère sexuel envoyés de façon répétée à une étudiante."
    )
    investigating.get_by_label("Faits non établis").fill("Les menaces alléguées.")
    investigating.get_by_label("Analyse — Harcèlement sexuel").fill(
        "Propos répétés à connotation sexuelle : harcèlement sexuel caractérisé."
    )
    investigating.get_by_role("checkbox", name="Engager une procédure disciplinaire").check()
    investigating.get_by_role("button", name="Enregistrer le rapport").click()
    expect(investigating.get_by_role("status")).to_contain_text("Rapport enregistré.")
    investigating.get_by_label("Je remets le rapport à l'autorité de décision").check()
    shoot(investigating, "report")
    investigating.get_by_role("button", name="Remettre le rapport").click()
    expect(investigating.get_by_role("status")).to_be_visible()

    # The director decides on a page showing the commission's report and the persons.
    deciding = logged_in_page(director, "/inbox/")
    take_task(deciding, shoot, "Décider des suites de l'enquête", "decision")
    expect(deciding.get_by_text("Messages à caractère sexuel envoyés")).to_be_visible()
    expect(section(deciding, "Personnes concernées")).to_contain_text(
        "Marc Petit — Personne mise en cause — Personnel fonctionnaire"
    )
    deciding.get_by_role("checkbox", name="Procédure disciplinaire").check()
    deciding.get_by_role("textbox", name="Motivation", exact=True).fill(
        "Le harcèlement sexuel d'une étudiante est établi par le rapport."
    )
    both_widths(deciding, shoot, axe_check, "decision")
    complete_step(deciding, shoot, "Décider des suites de l'enquête", "decision")

    # The director records the precautionary suspension: its legal end is a case deadline.
    open_case(deciding, case)
    section(deciding, SECTION).get_by_role(
        "link", name="Enregistrer une suspension conservatoire"
    ).click()
    deciding.get_by_label("Membre du personnel mis en cause").select_option(
        label="Marc Petit (Personnel fonctionnaire)"
    )
    deciding.get_by_label("Motifs : la faute grave reprochée (chiffrés)").fill(
        "Harcèlement sexuel d'une étudiante : éloigner l'enseignant pendant la procédure."
    )
    both_widths(deciding, shoot, axe_check, "suspension-form")
    deciding.get_by_role("button", name="Enregistrer").click()
    expect(deciding.get_by_role("status")).to_contain_text("Suspension conservatoire enregistrée")
    suspension = Suspension.objects.get(case=case)
    expect(section(deciding, SECTION)).to_contain_text(
        f"Limite légale : {fr_date(suspension.legal_end_on)}"
    )
    end_row = (
        section(deciding, "Échéances")
        .get_by_role("row")
        .filter(has_text="Fin de la suspension conservatoire (fonctionnaire, 4 mois)")
    )
    expect(end_row).to_contain_text(fr_date(suspension.legal_end_on))
    days_left = (suspension.legal_end_on - TODAY).days
    expect(end_row).to_contain_text(f"à venir dans {days_left} jours")
    both_widths(deciding, shoot, axe_check, "case-suspended")

    # The legal directorate engages the staff procedure: the file, the defenders, silence,
    # the conseil de discipline summoned at least 15 days ahead.
    lawyer = logged_in_page(legal, "/inbox/")
    title = "Engager la procédure disciplinaire"
    take_task(lawyer, shoot, title, "disciplinary")
    fill_engagement(lawyer)
    both_widths(lawyer, shoot, axe_check, "disciplinary-staff")

    # While holding the step, the summons to the conseil de discipline, finalised as PDF.
    draft_from_case_page(
        lawyer,
        case,
        "Engagement de la procédure disciplinaire et convocation devant le conseil de "
        "discipline (fonctionnaire)",
    )
    # Drafted in the civil servant's own texts (décret n° 84-961), not the students'.
    preview = section(lawyer, "Aperçu")
    expect(preview).to_contain_text("article 4 du décret n° 84-961")
    expect(preview).to_contain_text("devant le conseil de discipline")
    expect(preview).not_to_contain_text("R. 811-31")
    expect(preview).not_to_contain_text("dix jours")
    shoot(lawyer, "summons-draft")
    summons = finalise(
        lawyer,
        case,
        "staff_charge_civil",
        {
            **SIGNER,
            "Prénom et nom de la personne destinataire": "Marc Petit",
            "Adresse postale de la personne destinataire": "3 rue des Mines, 42000 Saint-Étienne",
            "Griefs : faits reprochés": "Messages à caractère sexuel répétés à une étudiante.",
            "Date limite des observations écrites": str(TODAY - dt.timedelta(days=2)),
            "Date à partir de laquelle le dossier est consultable": str(
                TODAY - dt.timedelta(days=20)
            ),
            "Date à partir de laquelle le dossier individuel complet peut être communiqué": str(
                TODAY - dt.timedelta(days=20)
            ),
            "Lieu et modalités de consultation du dossier": "Direction des ressources humaines",
            "Date de la séance": str(TODAY),
            "Heure de la séance": "10 h 00",
            "Lieu de la séance": "Salle du conseil, bâtiment A",
        },
    )
    both_widths(lawyer, shoot, axe_check, "summons-final")
    lawyer.get_by_label("Je confirme avoir relu la version finale").check()
    lawyer.get_by_role("button", name="Signer le courrier").click()
    expect(lawyer.get_by_role("status")).to_contain_text("Signature enregistrée")
    summons.refresh_from_db()
    look_at_pdf(summons, FOLDER, "summons")
    # Back to the step to record the dates.
    take_task(lawyer, shoot, title, "disciplinary-back")
    fill_engagement(lawyer)
    complete_step(lawyer, shoot, title, "disciplinary")

    # The sanction: refused without the conseil de discipline for the 2nd group, then kept.
    title = "Enregistrer la sanction prononcée"
    take_task(lawyer, shoot, title, "sanction")
    lawyer.get_by_label("Personne mise en cause").select_option(
        label="Marc Petit — Personnel fonctionnaire"
    )
    lawyer.get_by_label("Sanction prononcée").select_option(
        label="Groupe 2 — Exclusion temporaire de fonctions (4 à 15 jours)"
    )
    lawyer.get_by_label("Décision prononcée le").fill(str(TODAY))
    lawyer.get_by_label("Motifs de la décision").fill(
        "Harcèlement sexuel d'une étudiante, établi par l'enquête."
    )
    lawyer.get_by_role("button", name=SUBMIT_STEP).click()
    expect(lawyer.get_by_role("alert")).to_contain_text("conseil de discipline")
    lawyer.get_by_label("Instance disciplinaire consultée le").fill(str(TODAY))
    both_widths(lawyer, shoot, axe_check, "sanction")
    complete_step(lawyer, shoot, title, "sanction")
    outcome = DisciplinaryOutcome.objects.get(case=case)
    assert (outcome.scale, outcome.group) == ("civil_servant", 2)

    # The director, who pronounces the sanction, has its notification drafted from it,
    # finalised as PDF, and signs it.
    draft_from_case_page(deciding, case, "Notification de la décision disciplinaire")
    expect(section(deciding, "Aperçu")).to_contain_text("Exclusion temporaire de fonctions")
    # The authority decides after the conseil's opinion; no « de le conseil ».
    expect(section(deciding, "Aperçu")).to_contain_text("l’autorité investie du pouvoir")
    expect(section(deciding, "Aperçu")).not_to_contain_text("de l'employeur")
    expect(section(deciding, "Aperçu")).not_to_contain_text("de le ")
    notification = finalise(
        deciding,
        case,
        "disciplinary_decision",
        {
            **SIGNER,
            "Adresse postale de la personne destinataire": "3 rue des Mines, 42000 Saint-Étienne",
            "Tribunal administratif compétent pour un recours": "tribunal administratif de Lyon",
        },
    )
    deciding.get_by_label("Je confirme avoir relu la version finale").check()
    deciding.get_by_role("button", name="Signer le courrier").click()
    expect(deciding.get_by_role("status")).to_contain_text("Signature enregistrée")
    both_widths(deciding, shoot, axe_check, "notification-signed")
    notification.refresh_from_db()
    look_at_pdf(notification, FOLDER, "notification")

    # The director lifts the suspension: its deadline is met.
    open_case(deciding, case)
    section(deciding, SECTION).get_by_role("link", name="Lever la suspension").click()
    deciding.get_by_role("button", name="Enregistrer").click()
    expect(deciding.get_by_role("status")).to_contain_text("Suspension levée.")
    # The suspension was the director's last reason to hold the case: access ends with it,
    # and they land on their start page. The referent in charge sees it lifted, met.
    expect(deciding.get_by_role("heading", level=1)).to_contain_text("Bonjour")
    open_case(page, case)
    expect(section(page, SECTION)).to_contain_text(f"levée le {fr_date(TODAY)}")
    expect(
        section(page, "Échéances")
        .get_by_role("row")
        .filter(has_text="Fin de la suspension conservatoire")
    ).to_contain_text(f"respectée le {fr_date(TODAY)}")
    both_widths(page, shoot, axe_check, "suspension-lifted")

    # The referent informs the victim, with a letter, and closes the case.
    inform_and_close(
        page,
        shoot,
        axe_check,
        case,
        folder=FOLDER,
        measures="Une procédure disciplinaire a été menée et une sanction prononcée.",
        communicated="Une procédure disciplinaire a été menée et une sanction prononcée.",
    )
