"""Letters an enquiry calls for: prepared from the enquiry page by whoever drafts the case's
letters, finalised on the letter page, and then marked produced on the enquiry."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import AuditEvent, Party
from enquiries.models import LetterDue
from templates_legal.letters.services import letter_draft, letter_finalise
from templates_legal.models import Letter
from tests.enquiries.conftest import appoint, case_waiting_for_enquiry, open_enquiry, plan, rostered
from tests.people import login

PLACE = "Salle du conseil, bâtiment B"


@pytest.fixture
def fake_pdf(monkeypatch):
    """LibreOffice takes seconds per letter: a stand-in converter (as tests/templates_legal)."""
    from templates_legal.letters import services as letters

    monkeypatch.setattr(letters, "docx_to_pdf", lambda docx, **_kw: b"%PDF-1.4 stand-in %%EOF")


@pytest.fixture
def summons(enquiry, commission, alice) -> LetterDue:
    implicated = enquiry.case.parties.get(role=Party.Role.IMPLICATED)
    interview = plan(enquiry, alice, implicated, place=PLACE)
    return LetterDue.objects.get(interview=interview, kind="interview_summons")


def _page(enquiry) -> str:
    return reverse("enquiry-detail", kwargs={"enquiry_id": enquiry.pk})


def _draft_url(due: LetterDue) -> str:
    return reverse("enquiry-letter-draft", kwargs={"enquiry_id": due.enquiry_id, "due_id": due.pk})


@pytest.mark.django_db
def test_the_referent_drafts_the_summons_of_a_planned_interview_from_the_enquiry_page(
    summons, referent_a, fake_pdf
):
    client = login(Client(), referent_a)
    page = client.get(_page(summons.enquiry)).content.decode()
    assert "Convocation à un entretien" in page
    assert _draft_url(summons) in page

    response = client.post(_draft_url(summons))

    letter = Letter.objects.get(origin=f"enquiries.letterdue:{summons.pk}")
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "letter-detail", kwargs={"case_id": letter.case_id, "letter_id": letter.pk}
    )
    interview = summons.interview
    assert interview is not None
    local = timezone.localtime(interview.scheduled_at)
    assert letter.kind == "interview_summons" and letter.is_draft
    assert letter.values["interview_date"] == local.date().isoformat()
    assert letter.values["interview_time"] == local.strftime("%H:%M")
    assert letter.values["interview_place"] == PLACE
    assert letter.values["recipient_name"] == "Max Durand"
    # The enquiry page now offers the draft back rather than a second one.
    page = client.get(_page(summons.enquiry)).content.decode()
    assert "Reprendre le brouillon" in page and _draft_url(summons) not in page
    client.post(_draft_url(summons))
    assert Letter.objects.filter(origin=letter.origin).count() == 1


@pytest.mark.django_db
def test_finalising_the_letter_marks_the_due_row_produced(summons, referent_a, fake_pdf):
    client = login(Client(), referent_a)
    client.post(_draft_url(summons))
    letter = Letter.objects.get(origin=f"enquiries.letterdue:{summons.pk}")
    summons.refresh_from_db()
    assert summons.produced_at is None  # a draft is not a letter yet

    client.post(
        reverse("letter-finalise", kwargs={"case_id": letter.case_id, "letter_id": letter.pk}),
        {"confirm": "yes"},
    )

    letter.refresh_from_db()
    summons.refresh_from_db()
    assert not letter.is_draft and letter.register_number
    assert summons.produced_at is not None
    assert summons.produced_by == referent_a
    assert summons.letter_ref == str(letter.pk)
    assert AuditEvent.objects.filter(
        action="enquiry.letter_produced", details__letter=str(letter.pk)
    ).exists()
    page = client.get(_page(summons.enquiry)).content.decode()
    letter_url = reverse(
        "letter-detail", kwargs={"case_id": letter.case_id, "letter_id": letter.pk}
    )
    assert f'href="{letter_url}"' in page and "produit le" in page


@pytest.mark.django_db
def test_a_second_letter_for_a_row_already_produced_is_not_finalised(summons, referent_a, fake_pdf):
    client = login(Client(), referent_a)
    client.post(_draft_url(summons))
    first = Letter.objects.get()
    # Two tabs: a second draft for the same row, made before the first was finalised.
    second = letter_due_draft_again(summons, referent_a)
    letter_finalise(actor=referent_a, letter=first)

    with pytest.raises(ValidationError):
        letter_finalise(actor=referent_a, letter=second)

    second.refresh_from_db()
    summons.refresh_from_db()
    assert second.is_draft and second.number is None  # its register number was given back
    assert summons.letter_ref == str(first.pk)


def letter_due_draft_again(due: LetterDue, actor) -> Letter:
    from enquiries.letters import letter_context, origin_of

    return letter_draft(
        actor=actor,
        case=due.enquiry.case,
        kind=due.kind,
        extra=letter_context(due),
        origin=origin_of(due),
    )


@pytest.mark.django_db
def test_the_investigator_of_the_enquiry_sees_the_letters_due_but_cannot_draft_them(summons, alice):
    client = login(Client(), alice)
    page = client.get(_page(summons.enquiry)).content.decode()
    assert "Convocation à un entretien" in page and "à produire" in page
    assert _draft_url(summons) not in page and "Préparer le courrier" not in page

    assert client.post(_draft_url(summons)).status_code == 404
    assert not Letter.objects.exists()


@pytest.mark.django_db
def test_an_investigator_of_another_enquiry_sees_nothing(summons, listener_a, referent_a, school_a):
    other_case = case_waiting_for_enquiry(listener_a, referent_a, school_a)
    chloe = rostered(school_a, "chloe", first_name="Chloé")
    appoint(open_enquiry(other_case, referent_a), referent_a, chloe)
    client = login(Client(), chloe)

    assert client.get(_page(summons.enquiry)).status_code == 404
    assert client.post(_draft_url(summons)).status_code == 404
    assert not Letter.objects.exists()


@pytest.mark.django_db
def test_a_user_without_access_is_refused_on_the_draft_route(summons, referent_b):
    assert login(Client(), referent_b).post(_draft_url(summons)).status_code == 404
    anonymous = Client().post(_draft_url(summons))
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    assert not Letter.objects.exists()


@pytest.mark.django_db
def test_the_minutes_are_not_drafted_from_the_case(summons, referent_a):
    minutes = LetterDue.objects.create(
        enquiry=summons.enquiry, step="minutes", kind="interview_minutes"
    )
    client = login(Client(), referent_a)
    assert _draft_url(minutes) not in client.get(_page(summons.enquiry)).content.decode()
    assert client.post(_draft_url(minutes)).status_code == 404
    assert not Letter.objects.exists()


@pytest.mark.django_db
def test_the_audit_holds_no_plaintext_of_the_letter(summons, referent_a, fake_pdf):
    client = login(Client(), referent_a)
    client.post(_draft_url(summons))
    letter = Letter.objects.get()
    client.post(
        reverse("letter-finalise", kwargs={"case_id": letter.case_id, "letter_id": letter.pk}),
        {"confirm": "yes"},
    )
    events = AuditEvent.objects.filter(
        action__in=["letter.drafted", "letter.finalised", "enquiry.letter_produced"]
    )
    assert events.count() == 3
    dumped = json.dumps([e.details for e in AuditEvent.objects.all()], ensure_ascii=False)
    for secret in (PLACE, "Durand", "Max "):
        assert secret not in dumped


def test_cancelling_an_interview_drops_its_letters_not_yet_produced(summons, alice, referent_a):
    from enquiries.services.interviews import interview_cancel

    interview = summons.interview
    assert LetterDue.objects.filter(interview=interview, produced_at__isnull=True).exists()
    interview_cancel(actor=alice, interview=interview)
    assert not LetterDue.objects.filter(interview=interview, produced_at__isnull=True).exists()
    event = AuditEvent.objects.filter(action="enquiry.interview_cancelled").latest("sequence")
    assert event.details["letters_no_longer_due"] >= 1
