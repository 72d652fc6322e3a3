"""Letters in a browser journey: drafted from the case page, finalised, and looked at.

``letter_from_case_page`` drafts a letter of a kind from the case page's « Courriers »
card, fills what the draft still misses, finalises it (register number) and returns it;
``look_at_pdf`` writes its PDF (made by LibreOffice) next to the screenshots and renders
its first page as a PNG (``pdftoppm -r 60``) for a person to look at.
"""

from __future__ import annotations

import re
import shutil
import subprocess

from playwright.sync_api import Page, expect

from cases.models import Case
from templates_legal.models import Letter
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_case_journey import section

CONFIRM_FINAL = "Je confirme : le courrier reçoit un numéro du registre"


def fill_missing(page: Page, values: dict[str, str]) -> None:
    """Fill each labelled field of the draft form that is present and still empty."""
    for label, value in values.items():
        field = page.get_by_label(label, exact=True)
        if field.count() == 0:
            field = page.get_by_label(label)  # a label that goes on ("…, délégation comprise")
        if field.count() == 1 and not field.input_value():
            field.fill(value)


def draft_from_case_page(page: Page, case: Case, kind_label: str) -> None:
    page.goto(f"/cases/{case.pk}/")
    section(page, "Courriers").get_by_role("link", name="Préparer un courrier").click()
    page.get_by_label(re.compile(r"^Courrier")).select_option(label=kind_label)
    page.get_by_role("button", name="Créer le brouillon").click()
    expect(section(page, "Aperçu")).to_be_visible()


def finalise(page: Page, case: Case, kind: str, values: dict[str, str]) -> Letter:
    """On a draft's page: fill what is missing, save, finalise; the letter as stored."""
    fill_missing(page, values)
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.get_by_role("status")).to_contain_text("Brouillon enregistré.")
    page.get_by_label(CONFIRM_FINAL).check()
    # LibreOffice makes the PDF during the request: seconds, more on a loaded machine.
    page.get_by_role("button", name="Finaliser et enregistrer au registre").click(timeout=60_000)
    expect(page.get_by_role("status")).to_contain_text("enregistré au registre", timeout=60_000)
    letter = Letter.objects.filter(case=case, kind=kind).order_by("-created_at").first()
    assert letter is not None
    expect(page.get_by_role("status")).to_contain_text(letter.register_number)
    assert letter.status in (Letter.Status.FINAL, Letter.Status.ISSUED)
    # A letter to sign gets its PDF at signature, naming who signed (``sign``).
    return letter


def sign(page: Page, letter: Letter) -> Letter:
    """The page's person, asked to sign, signs ``letter`` from its page; the PDF is made."""
    page.goto(f"/cases/{letter.case_id}/letters/{letter.pk}/")
    page.get_by_label("Je confirme avoir relu la version finale").check()
    # LibreOffice makes the PDF during the request: seconds, more on a loaded machine.
    page.get_by_role("button", name="Signer le courrier").click(timeout=60_000)
    expect(page.get_by_role("status")).to_contain_text("Signature enregistrée", timeout=60_000)
    letter.refresh_from_db()
    assert letter.pdf_status == Letter.PdfStatus.READY, letter.pdf_status
    return letter


def look_at_pdf(letter: Letter, folder: str, name: str) -> None:
    """Write the finalised letter's PDF and the PNG of its first page under var/screenshots."""
    target = SCREENSHOTS / folder
    target.mkdir(parents=True, exist_ok=True)
    pdf = target / f"{name}.pdf"
    pdf.write_bytes(bytes(letter.pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftoppm"):
        subprocess.run(  # noqa: S603 — fixed arguments, a file this test wrote
            ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(pdf), str(target / name)],  # noqa: S607
            check=True,
        )
