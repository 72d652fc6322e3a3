"""Letters of a closed case: no new letter, no draft changed; a letter already finalised is
still signed, and the protection decision (owed whatever becomes of the report) is drafted."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from cases.models import Case
from cases.services.closed import CaseClosed
from templates_legal.letters import services as letters
from templates_legal.models import Letter
from tests.people import login
from tests.templates_legal.letter_helpers import (
    ARTICLE40_VALUES,
    LEGAL_PERMISSIONS,
    grant,
    letter_case,
)

pytestmark = pytest.mark.django_db
CLOSED = "Le dossier est clos : rouvrez-le pour le modifier."


def close(case: Case) -> None:
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED)
    case.refresh_from_db()


@pytest.fixture
def case_a(referent_a, school_a, legal_a):
    case = letter_case(referent_a, school_a)
    grant(case, legal_a, LEGAL_PERMISSIONS)
    return case


def _final(case, legal_a) -> Letter:
    letter = letters.letter_draft(actor=legal_a, case=case, kind="article40_referral")
    letter = letters.letter_values_update(actor=legal_a, letter=letter, values=ARTICLE40_VALUES)
    return letters.letter_finalise(actor=legal_a, letter=letter)


def test_no_letter_is_drafted_on_a_closed_case(case_a, legal_a):
    close(case_a)
    with pytest.raises(CaseClosed, match="rouvrez-le"):
        letters.letter_draft(actor=legal_a, case=case_a, kind="acknowledgement")
    assert not Letter.objects.filter(case=case_a).exists()


def test_a_draft_of_a_closed_case_is_neither_changed_finalised_nor_discarded(case_a, legal_a):
    draft = letters.letter_draft(actor=legal_a, case=case_a, kind="article40_referral")
    close(case_a)
    with pytest.raises(CaseClosed):
        letters.letter_values_update(actor=legal_a, letter=draft, values=ARTICLE40_VALUES)
    with pytest.raises(CaseClosed):
        letters.letter_finalise(actor=legal_a, letter=draft)
    with pytest.raises(CaseClosed):
        letters.letter_discard(actor=legal_a, letter=draft)
    stored = Letter.objects.get(pk=draft.pk)
    assert stored.is_draft and stored.number is None and stored.values == draft.values


def test_the_protection_decision_is_still_drafted_on_a_closed_case(case_a, legal_a):
    close(case_a)
    letter = letters.letter_draft(actor=legal_a, case=case_a, kind="protection_decision")
    assert letter.is_draft


def test_a_letter_finalised_before_the_closure_is_still_signed(case_a, legal_a, fake_pdf):
    final = _final(case_a, legal_a)
    close(case_a)
    signed = letters.letter_sign(actor=final.signatory, letter=final)
    assert signed.status == Letter.Status.SIGNED


def test_the_new_letter_page_of_a_closed_case_offers_only_the_kinds_drafted_after_closure(
    client, case_a, legal_a
):
    close(case_a)
    login(client, legal_a)
    page = client.get(reverse("letter-new", kwargs={"case_id": case_a.pk})).content.decode()
    assert 'value="protection_decision"' in page
    assert 'value="acknowledgement"' not in page
    response = client.post(
        reverse("letter-new", kwargs={"case_id": case_a.pk}),
        {"kind": "acknowledgement", "language": "fr"},
    )
    assert response.status_code == 400
    assert not Letter.objects.filter(case=case_a).exists()


def test_the_new_letter_page_refuses_when_no_kind_is_left(client, case_a, legal_a, monkeypatch):
    monkeypatch.setattr(letters, "kind_writable", lambda case, kind: case.status == "open")
    close(case_a)
    login(client, legal_a)
    response = client.get(reverse("letter-new", kwargs={"case_id": case_a.pk}))
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [CLOSED]


def test_the_draft_page_of_a_closed_case_shows_no_form_nor_finalisation(client, case_a, legal_a):
    draft = letters.letter_draft(actor=legal_a, case=case_a, kind="article40_referral")
    close(case_a)
    login(client, legal_a)
    url = reverse("letter-detail", kwargs={"case_id": case_a.pk, "letter_id": draft.pk})
    page = client.get(url).content.decode()
    finalise = reverse("letter-finalise", kwargs={"case_id": case_a.pk, "letter_id": draft.pk})
    assert finalise not in page
    assert client.post(url, ARTICLE40_VALUES).status_code == 404
