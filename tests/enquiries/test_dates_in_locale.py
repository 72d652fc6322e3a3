"""Dates are written in the reader's language, one way across the site: the locale's own
format, never a hand-written pattern ("30 Nov 2026" in French, "14 Mai" mid-sentence,
"30 November 2026" beside "November 30, 2026" in English)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from cases.models import Party
from enquiries.models import LetterDue
from enquiries.services import commitment_record, interview_hold, minutes_save
from templates_legal.models import Letter
from tests.enquiries.conftest import TODAY, plan, time_passes
from tests.people import login

ENGLISH_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
ENGLISH_SHORT = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
FRENCH_MONTHS = (
    "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
)


def _text(html: str) -> str:
    """What a reader sees: no tags, scripts or styles; not the letter itself, which is in
    its own language (marked with ``lang``)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r'<div class="letter-preview[^"]*"[^>]*>.*?</div>', " ", html, flags=re.S)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    # A citation keeps its own style: case law ("CE, 9 May 2025, no. 499277") and the
    # titles of French texts ("Décret n° 2022-1284 du 3 octobre 2022"), in any language.
    text = re.sub(r"\b(CE|Conseil d.État), \d{1,2} \w+ \d{4}", " ", text)
    return re.sub(r"\b[Dd]écret n° [\d-]+ du \d{1,2} \w+ \d{4}", " ", text)


@pytest.fixture
def pages(commission, enquiry, alice, referent_a) -> dict[str, tuple[object, str]]:
    """Representative pages that show dates, each with who may read it."""
    victim = enquiry.case.parties.get(role=Party.Role.VICTIM)
    implicated = enquiry.case.parties.get(role=Party.Role.IMPLICATED)
    held = plan(enquiry, alice, victim)
    for member in commission:
        commitment_record(
            actor=alice, interview=held, signer="interviewer", member=member, signed_on=TODAY
        )
    commitment_record(actor=alice, interview=held, signer="interviewee", signed_on=TODAY)
    time_passes(held)
    minutes = interview_hold(actor=alice, interview=held, rights_stated=True)
    minutes_save(actor=alice, minutes=minutes, body="Déclarations.", expected_version=0)
    upcoming = plan(enquiry, alice, implicated)
    due = LetterDue.objects.get(interview=upcoming, kind="interview_summons")
    login(Client(), referent_a).post(
        reverse("enquiry-letter-draft", kwargs={"enquiry_id": enquiry.pk, "due_id": due.pk})
    )
    letter = Letter.objects.get(origin=f"enquiries.letterdue:{due.pk}")
    e = {"enquiry_id": enquiry.pk}
    return {
        "enquiry (referent)": (referent_a, reverse("enquiry-detail", kwargs=e)),
        "enquiry (investigator)": (alice, reverse("enquiry-detail", kwargs=e)),
        "enquiry list": (alice, reverse("enquiry-list")),
        "interview": (alice, reverse("enquiry-interview", kwargs={**e, "interview_id": held.pk})),
        "upcoming interview": (
            alice,
            reverse("enquiry-interview", kwargs={**e, "interview_id": upcoming.pk}),
        ),
        "minutes": (alice, reverse("enquiry-minutes", kwargs={**e, "interview_id": held.pk})),
        "letter": (
            referent_a,
            reverse("letter-detail", kwargs={"case_id": enquiry.case_id, "letter_id": letter.pk}),
        ),
        "case": (referent_a, reverse("case-detail", kwargs={"case_id": enquiry.case_id})),
        "inbox": (referent_a, reverse("inbox")),
    }


def _read(user, url: str, language: str) -> str:
    client = login(Client(), user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200, url
    return _text(response.content.decode())


@pytest.mark.django_db
def test_french_pages_write_their_dates_in_french_only(pages):
    for name, (user, url) in pages.items():
        text = _read(user, url, "fr")
        english = re.findall(rf"\b({ENGLISH_MONTHS}|{ENGLISH_SHORT})\b\.?", text)
        assert english == [], f"{name}: English month in French: {english}"
        # A month is not capitalised mid-sentence in French ("14 Mai 2026").
        capitalised = re.findall(rf"\d\s+({FRENCH_MONTHS.title()})\b", text)
        assert capitalised == [], f"{name}: capitalised month: {capitalised}"
        assert re.search(rf"\d{{1,2}} ({FRENCH_MONTHS}) \d{{4}}", text), f"{name}: no date"


@pytest.mark.django_db
def test_english_pages_write_their_dates_in_english_only_and_one_way(pages):
    for name, (user, url) in pages.items():
        text = _read(user, url, "en")
        french = re.findall(rf"\b({FRENCH_MONTHS})\b", text, flags=re.I)
        where = [m.group(0) for m in re.finditer(rf".{{60}}\b({FRENCH_MONTHS})\b.{{20}}", text)]
        assert french == [], f"{name}: French month in English: {french} {where}"
        # The English format is "Nov. 30, 2026": never a day written before its month.
        # ("art. 9 Dec. 8, 2026": an article number before a date is no day.)
        day_first = re.findall(
            rf"(?<!art\. )\b\d{{1,2}} ({ENGLISH_MONTHS}|{ENGLISH_SHORT})\b", text
        )
        assert day_first == [], f"{name}: hand-written date pattern: {day_first}"
