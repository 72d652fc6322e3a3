"""The HTML preview of a letter is set in the family of the letter's own body font, as its
DOCX and PDF are (finding 10 of the user walk: the preview was in a serif, the PDF in Arial)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from templates_legal.defaults.layout import FONT
from templates_legal.letters.services import letter_draft
from templates_legal.preview import font_family
from tests.people import login
from tests.templates_legal.letter_helpers import LEGAL_PERMISSIONS, grant, letter_case

CSS = Path(__file__).resolve().parents[2] / "config" / "static" / "recueil.css"


@pytest.mark.parametrize(
    ("font", "family"),
    [
        ("Arial", "sans"),
        ("Liberation Sans", "sans"),
        ("DejaVu Sans", "sans"),
        ("Times New Roman", "serif"),
        ("DejaVu Serif", "serif"),
        ("Courier New", "mono"),
        (None, "sans"),
    ],
)
def test_a_docx_font_is_named_by_its_family(font, family):
    assert font_family(font) == family


def test_each_family_of_the_preview_has_its_rule_in_the_static_css():
    css = CSS.read_text(encoding="utf-8")
    for family in ("sans", "serif", "mono"):
        assert f".letter-preview.letter-font-{family} {{ font-family:" in css


@pytest.mark.django_db
def test_the_preview_of_a_default_letter_uses_the_sans_family_of_its_docx(
    client, legal_a, referent_a, school_a
):
    assert font_family(FONT) == "sans"
    case = letter_case(referent_a, school_a)
    grant(case, legal_a, LEGAL_PERMISSIONS)
    draft = letter_draft(actor=legal_a, case=case, kind="acknowledgement")
    login(client, legal_a)
    page = client.get(reverse("letter-detail", kwargs={"case_id": case.pk, "letter_id": draft.pk}))
    html = page.content.decode()
    assert 'class="letter-preview letter-font-sans"' in html
    assert "style=" not in html  # the CSP allows no inline style
