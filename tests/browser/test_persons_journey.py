"""The persons of a case, clicked through: the referent records the implicated student on
the case page, the director's disciplinary decision then goes through, and the same person
named in later reports is found by the prior-history check (listed to the referent who
holds both cases, only counted for another referent)."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from cases.models import Case, Party, Role, User
from tests.browser.test_case_journey import complete_step, section, take_task
from tests.people import staff

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def log_report(page: Page, shoot, first: str, last: str, narrative: str, shot: str) -> Case:
    """The listener logs a phone call and hands it over with the person's consent."""
    page.goto("/intake/")
    page.get_by_label("Canal").select_option(label="Téléphone")
    page.get_by_label("La personne qui prend contact est").select_option(label="Victime")
    page.get_by_label("Son statut").select_option(label="Élève, étudiant·e, apprenti·e")
    page.get_by_label("Prénom (facultatif)").fill(first)
    page.get_by_label("Nom (facultatif)", exact=True).fill(last)
    page.get_by_label("Harcèlement sexuel").check()
    page.get_by_role("textbox", name="Récit", exact=True).fill(narrative)
    page.get_by_label("La personne consent à la transmission à un·e référent·e").check()
    shoot(page, f"intake-{shot}")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_contain_text("Contact enregistré et transmis")
    return Case.objects.order_by("-created_at").first()  # type: ignore[return-value]


def acknowledge(page: Page, shoot, case: Case, shot: str) -> None:
    title = "Accuser réception du signalement"
    take_task(page, shoot, title, f"acknowledge-{shot}")
    expect(page.get_by_text(f"Dossier {case.reference}")).to_be_visible()
    page.get_by_role("combobox", name="Moyen", exact=True).select_option(label="Courriel")
    complete_step(page, shoot, title, f"acknowledge-{shot}")


def open_case(page: Page, case: Case) -> None:
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Mes dossiers"
    ).click()
    page.get_by_role("link", name=case.reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Dossier {case.reference}")


def add_implicated_student(page: Page, shoot, axe_check, shot: str) -> None:
    persons = section(page, "Personnes concernées")
    persons.get_by_role("link", name="Ajouter une personne").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ajouter une personne")
    page.get_by_role("combobox", name="Qualité dans le dossier").select_option(
        label="Personne mise en cause"
    )
    page.get_by_label("Prénom", exact=True).fill("Hugo")
    page.get_by_label("Nom", exact=True).fill("Bernard")
    page.get_by_role("combobox", name="Statut", exact=True).select_option(
        label="Élève, étudiant·e, apprenti·e"
    )
    page.get_by_label("Formation (élève, doctorant·e)").fill("Cycle ingénieur")
    page.get_by_label("Année d'études").fill("2e année")
    axe_check(page)
    shoot(page, f"person-form-{shot}")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hugo Bernard : autres dossiers")
    expect(
        page.get_by_text("La recherche d'antécédents a été faite automatiquement")
    ).to_be_visible()


def test_the_implicated_student_is_recorded_from_the_case_page_and_found_in_later_reports(
    logged_in_page, shoot, axe_check, school_a, referent_a: User
):
    listener = staff(Role.LISTENER, school_a, username="listener.a")
    director = staff(Role.DIRECTOR, school_a, username="director.a")
    other_referent = staff(Role.REFERENT, school_a, username="referent.a2")

    # A first report, acknowledged, qualified and enquired into by the referent.
    listening = logged_in_page(listener, "/intake/")
    first = log_report(
        listening, shoot, "Léa", "Martin", "Des messages insistants d'un camarade.", "first"
    )
    page = logged_in_page(referent_a, "/inbox/")
    acknowledge(page, shoot, first, "first")
    take_task(page, shoot, "Qualifier le signalement et décider des suites", "triage")
    page.get_by_label(
        "Je confirme n'avoir aucun conflit d'intérêts avec les personnes concernées"
    ).check()
    page.get_by_role("checkbox", name="Harcèlement sexuel").check()
    page.get_by_role("checkbox", name="Ouvrir une enquête interne").check()
    page.get_by_role("textbox", name="Motivation", exact=True).fill("Faits précis : enquête.")
    complete_step(page, shoot, "Qualifier le signalement et décider des suites", "triage")
    take_task(page, shoot, "Suivre l'enquête interne et recevoir son rapport", "enquiry")
    page.get_by_label("Conclusions du rapport d'enquête").fill("Faits établis.")
    complete_step(page, shoot, "Suivre l'enquête interne et recevoir son rapport", "enquiry")

    # The director's disciplinary decision is refused: nobody knows the person's status yet.
    deciding = logged_in_page(director, "/inbox/")
    take_task(deciding, shoot, "Décider des suites de l'enquête", "decision")
    deciding.get_by_role("checkbox", name="Procédure disciplinaire").check()
    deciding.get_by_role("textbox", name="Motivation", exact=True).fill("Faits graves.")
    deciding.get_by_role("button", name="Enregistrer et passer à l'étape suivante").click()
    expect(deciding.get_by_role("alert")).to_contain_text(
        "Le statut de la personne mise en cause est inconnu"
    )
    shoot(deciding, "decision-refused")

    # The referent records the implicated student on the case page.
    open_case(page, first)
    add_implicated_student(page, shoot, axe_check, "first")
    expect(page.get_by_text("n'est citée dans aucun autre dossier")).to_be_visible()
    shoot(page, "elsewhere-first")
    page.get_by_role("link", name=f"← Retour au dossier {first.reference}").click()
    persons = section(page, "Personnes concernées")
    expect(persons).to_contain_text("Hugo Bernard")
    expect(persons).to_contain_text("Cycle ingénieur (2e année)")
    expect(persons).to_contain_text("Léa Martin")
    axe_check(page)
    shoot(page, "case-page")
    page.set_viewport_size(PHONE)
    shoot(page, "case-page-phone")
    page.get_by_role("link", name="Corriger Hugo Bernard").click()
    expect(page.get_by_label("Formation (élève, doctorant·e)")).to_have_value("Cycle ingénieur")
    axe_check(page)
    shoot(page, "person-form-phone")
    page.set_viewport_size(DESKTOP)
    assert Party.objects.get(case=first, role="implicated").status == Party.Status.STUDENT

    # Now the director's decision goes through, on the student disciplinary track.
    expect(deciding.get_by_role("checkbox", name="Procédure disciplinaire")).to_be_checked()
    complete_step(deciding, shoot, "Décider des suites de l'enquête", "decision")

    # A second report naming the same student: the referent holding both sees the first.
    second = log_report(
        listening, shoot, "Inès", "Petit", "Le même camarade m'envoie des messages.", "second"
    )
    acknowledge(page, shoot, second, "second")
    open_case(page, second)
    add_implicated_student(page, shoot, axe_check, "second")
    expect(page.get_by_role("heading", name="Dossiers que vous suivez")).to_be_visible()
    expect(page.get_by_role("link", name=first.reference)).to_be_visible()
    shoot(page, "elsewhere-second")
    page.get_by_role("link", name=f"← Retour au dossier {second.reference}").click()
    expect(section(page, "Personnes concernées")).to_contain_text("Antécédents")
    expect(
        section(page, "Personnes concernées").get_by_role("link", name=first.reference)
    ).to_be_visible()
    shoot(page, "case-page-prior-history")

    # A third report taken by another referent: the other cases are only counted.
    third = log_report(listening, shoot, "Noé", "Roux", "Des messages du même camarade.", "third")
    other = logged_in_page(other_referent, "/inbox/")
    acknowledge(other, shoot, third, "third")
    open_case(other, third)
    add_implicated_student(other, shoot, axe_check, "third")
    expect(
        other.get_by_text("aussi citée dans 2 dossiers auxquels vous n'avez pas accès")
    ).to_be_visible()
    expect(other.get_by_role("link", name=first.reference)).to_have_count(0)
    other.set_viewport_size(PHONE)
    shoot(other, "elsewhere-counted-phone")


def test_the_referent_keeps_notes_documents_and_narrative_corrections_on_the_case_page(
    logged_in_page, shoot, axe_check, school_a, referent_a: User
):
    listener = staff(Role.LISTENER, school_a, username="listener.a")
    listening = logged_in_page(listener, "/intake/")
    case = log_report(listening, shoot, "Léa", "Martin", "Messages reçus en mars.", "report")
    page = logged_in_page(referent_a, "/inbox/")
    # Before claiming, the referent sees who is named (not the narrative) to check conflicts.
    page.get_by_role("link", name="Accuser réception du signalement").click()
    named = section(page, "Personnes citées dans le dossier")
    expect(named).to_contain_text("Léa Martin — Victime")
    expect(page.get_by_text("Messages reçus en mars.")).to_have_count(0)
    axe_check(page)
    shoot(page, "names-before-claim")
    acknowledge(page, shoot, case, "report")
    open_case(page, case)

    section(page, "Notes").get_by_role("link", name="Ajouter une note").click()
    page.get_by_label("Note").fill("Appel de la victime : elle souhaite être reçue.")
    shoot(page, "note-form")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_contain_text("Note enregistrée (chiffrée).")
    expect(section(page, "Notes")).to_contain_text("elle souhaite être reçue")

    section(page, "Pièces jointes").get_by_role("link", name="Ajouter un document").click()
    page.get_by_label("Fichier").set_input_files(
        {"name": "capture.png", "mimeType": "image/png", "buffer": b"\x89PNG\r\n\x1a\n"}
    )
    axe_check(page)
    shoot(page, "document-form")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_contain_text("Document enregistré (chiffré).")
    expect(section(page, "Pièces jointes").get_by_role("link", name="capture.png")).to_be_visible()

    section(page, "Récit").get_by_role("link", name="Corriger le récit").click()
    page.get_by_label("Récit corrigé").fill("Messages reçus en avril.")
    page.get_by_label("Pourquoi cette correction ?").fill("La victime a précisé le mois.")
    shoot(page, "narrative-form")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_contain_text("Récit corrigé")
    narrative = section(page, "Récit")
    expect(narrative).to_contain_text("Messages reçus en avril.")
    narrative.get_by_text("1 version précédente").click()
    expect(narrative).to_contain_text("Messages reçus en mars.")
    expect(narrative).to_contain_text("La victime a précisé le mois.")
    axe_check(page)
    shoot(page, "case-file")
    page.set_viewport_size(PHONE)
    shoot(page, "case-file-phone")
    page.set_viewport_size(DESKTOP)

    # The history, filtered to the notes.
    page.get_by_role("link", name="Qui a consulté ou modifié ce dossier").click()
    page.get_by_label("Type d'action").select_option(label="Ajout d'une note")
    page.get_by_role("button", name="Filtrer").click()
    journal = section(page, "Journal")
    expect(journal.get_by_role("row")).to_have_count(2)  # the header and the note
    expect(journal).to_contain_text("1 action")
    axe_check(page)
    shoot(page, "history-filtered")
    page.set_viewport_size(PHONE)
    shoot(page, "history-filtered-phone")
