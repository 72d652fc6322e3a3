"""Who signs a letter, what the signed letter says of them, and the access signing needs."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import AuditEvent, CaseGrant, Party, Role
from cases.services.cases import party_add
from templates_legal.letters import services as letters
from templates_legal.letters import signatories
from templates_legal.models import Letter
from templates_legal.preview import docx_blocks
from tests.people import login, staff
from tests.templates_legal.letter_helpers import ARTICLE40_VALUES, IMPLICATED
from tests.workflows.conftest import intake
from tests.workflows.journey import act, open_task
from workflows import engine

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def listener_a(school_a):
    return staff(Role.LISTENER, school_a, username="listener.a")


@pytest.fixture
def investigator_a(school_a):
    return staff(Role.INVESTIGATOR, school_a, username="investigator.a")


@pytest.fixture
def stand_in_pdf(monkeypatch):
    made: list[bytes] = []

    def convert(docx: bytes, **_kw) -> bytes:
        made.append(docx)
        return b"%PDF-1.4 stand-in %%EOF"

    monkeypatch.setattr(letters, "docx_to_pdf", convert)
    return made


def _text(docx: bytes) -> str:
    return " ".join(block.text for block in docx_blocks(docx) if getattr(block, "text", ""))


def _held(user, case) -> set[str]:
    return set(
        CaseGrant.objects.filter(user=user, content_object=case).values_list(
            "permission__codename", flat=True
        )
    )


def _referent_in_charge(listener, referent, school):
    case = intake(listener, school).case
    engine.task_claim(actor=referent, task=open_task(case, "acknowledge"))
    return case


def test_the_referent_in_charge_signs_the_acknowledgement_and_the_letter_names_them_with_their_title(
    listener_a, referent_a, school_a, stand_in_pdf
):
    referent_a.title = "Référente égalité"
    referent_a.save(update_fields=["title"])
    case = _referent_in_charge(listener_a, referent_a, school_a)
    letter = letters.letter_draft(actor=referent_a, case=case, kind="acknowledgement")
    letter = letters.letter_values_update(
        actor=referent_a, letter=letter, values={"recipient_name": "Alexandra Reporter"}
    )
    letter = letters.letter_finalise(actor=referent_a, letter=letter)
    assert letter.signatory == referent_a
    assert letter.status == Letter.Status.FINAL and not stand_in_pdf
    assert letters.can_sign(referent_a, letter)
    signed = letters.letter_sign(actor=referent_a, letter=letter)
    assert signed.signed_by == referent_a and signed.signed_title == "Référente égalité"
    text = _text(bytes(signed.docx))
    assert "Camille" in text and referent_a.get_full_name() in text
    assert "Référente égalité" in text
    # The PDF is made at signature, from the DOCX that names the signer.
    assert len(stand_in_pdf) == 1 and stand_in_pdf[0] == bytes(signed.docx)
    assert signed.pdf_status == Letter.PdfStatus.READY


def test_the_signature_block_names_who_actually_signed_not_who_was_asked(
    listener_a, referent_a, legal_a, school_a, stand_in_pdf
):
    legal_a.title = "Directrice des affaires juridiques"
    legal_a.save(update_fields=["title"])
    case = _referent_in_charge(listener_a, referent_a, school_a)
    letter = letters.letter_draft(actor=referent_a, case=case, kind="acknowledgement")
    letter = letters.letter_values_update(
        actor=referent_a, letter=letter, values={"recipient_name": "Alexandra Reporter"}
    )
    letter = letters.letter_finalise(actor=referent_a, letter=letter, signatory=legal_a)
    assert legal_a.get_full_name() in _text(bytes(letter.docx))
    # The referent in charge holds the case and may sign an acknowledgement too.
    signed = letters.letter_sign(actor=referent_a, letter=letter)
    text = _text(bytes(signed.docx))
    assert "Directrice des affaires juridiques" not in text
    assert str(Role.REFERENT.label) in text  # no title on the account: the role's label
    assert signed.register_number == letter.register_number
    # Signed: the person asked no longer holds the case for it.
    assert _held(legal_a, case) == set()


def test_a_director_asked_to_sign_holds_the_case_until_signature_even_after_the_step(
    listener_a,
    referent_a,
    legal_a,
    director_a,
    school_a,
    stand_in_pdf,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    from tests.workflows.test_access_follows_the_work import _triage

    case = intake(listener_a, school_a).case
    _triage(referent_a, case, ["article40"])
    party_add(
        actor=referent_a,
        case=case,
        role=Party.Role.IMPLICATED,
        identity=dict(IMPLICATED),
        status=Party.Status.STUDENT,
    )
    engine.task_claim(actor=legal_a, task=open_task(case, "article40"))
    assert _held(director_a, case) == set()
    letter = letters.letter_draft(actor=legal_a, case=case, kind="article40_referral")
    letter = letters.letter_values_update(actor=legal_a, letter=letter, values=ARTICLE40_VALUES)
    with django_capture_on_commit_callbacks(execute=True):
        letter = letters.letter_finalise(actor=legal_a, letter=letter, signatory=director_a)
    assert _held(director_a, case) == {"view_case", "sign_letter"}
    assert [m.to for m in mailoutbox] == [[director_a.email]]
    assert case.reference not in mailoutbox[0].body
    act(legal_a, case, "article40", {"sent_on": TODAY.isoformat(), "prosecutor_office": "Évry"})
    # The step is done: its owner lost the case; the director asked to sign keeps it.
    assert _held(legal_a, case) == set()
    assert _held(director_a, case) == {"view_case", "sign_letter"}
    page = login(Client(), director_a).get(
        reverse("letter-detail", kwargs={"case_id": case.pk, "letter_id": letter.pk})
    )
    assert page.status_code == 200 and "Signer le courrier" in page.content.decode()
    letters.letter_sign(actor=director_a, letter=letter)
    assert _held(director_a, case) == set()
    revoked = AuditEvent.objects.filter(action="access.revoked").last()
    assert revoked.details["reason_code"] == "letter_signed"


def test_withdrawing_the_letter_ends_the_signatory_access_in_the_same_transaction(
    listener_a, referent_a, director_a, school_a, stand_in_pdf
):
    case = _referent_in_charge(listener_a, referent_a, school_a)
    letter = letters.letter_draft(actor=referent_a, case=case, kind="acknowledgement")
    letter = letters.letter_values_update(
        actor=referent_a, letter=letter, values={"recipient_name": "Alexandra Reporter"}
    )
    letter = letters.letter_finalise(actor=referent_a, letter=letter, signatory=director_a)
    assert _held(director_a, case) == {"view_case", "sign_letter"}
    withdrawn = letters.letter_withdraw(actor=referent_a, letter=letter)
    assert withdrawn.status == Letter.Status.WITHDRAWN and withdrawn.number == letter.number
    assert _held(director_a, case) == set()
    with pytest.raises(ValidationError):
        letters.letter_sign(actor=referent_a, letter=withdrawn)


def test_a_role_that_may_not_sign_the_kind_is_never_asked_nor_given_access(
    listener_a, referent_a, investigator_a, school_a, stand_in_pdf
):
    case = _referent_in_charge(listener_a, referent_a, school_a)
    letter = letters.letter_draft(actor=referent_a, case=case, kind="acknowledgement")
    letter = letters.letter_values_update(
        actor=referent_a, letter=letter, values={"recipient_name": "Alexandra Reporter"}
    )
    assert investigator_a not in signatories.candidates(letter)
    with pytest.raises(ValidationError):
        letters.letter_finalise(actor=referent_a, letter=letter, signatory=investigator_a)
    assert Letter.objects.get(pk=letter.pk).is_draft
    assert _held(investigator_a, case) == set()
    letter = letters.letter_finalise(actor=referent_a, letter=Letter.objects.get(pk=letter.pk))
    assert _held(investigator_a, case) == set()
    with pytest.raises(PermissionDenied):
        letters.letter_sign(actor=investigator_a, letter=letter)


def test_a_person_in_conflict_is_never_a_candidate_signatory(
    listener_a, referent_a, director_a, school_a
):
    from cases.services.access import conflict_declare

    case = _referent_in_charge(listener_a, referent_a, school_a)
    letter = letters.letter_draft(actor=referent_a, case=case, kind="acknowledgement")
    assert director_a in signatories.candidates(letter)
    conflict_declare(actor=director_a, case=case, user=director_a, reason="Lien familial")
    assert director_a not in signatories.candidates(letter)


def test_the_register_shows_the_signer_and_their_title_at_signature(
    listener_a, referent_a, legal_a, school_a, stand_in_pdf
):
    referent_a.title = "Référente égalité"
    referent_a.save(update_fields=["title"])
    case = _referent_in_charge(listener_a, referent_a, school_a)
    letter = letters.letter_draft(actor=referent_a, case=case, kind="acknowledgement")
    letter = letters.letter_values_update(
        actor=referent_a, letter=letter, values={"recipient_name": "Alexandra Reporter"}
    )
    letter = letters.letter_finalise(actor=referent_a, letter=letter)
    letters.letter_sign(actor=referent_a, letter=letter)
    referent_a.title = "Ancienne fonction"
    referent_a.save(update_fields=["title"])
    page = login(Client(), legal_a).get(
        reverse("letter-register", kwargs={"entity_code": "school-a"})
    )
    html = page.content.decode()
    assert referent_a.get_full_name() in html and "Référente égalité" in html
    assert "Ancienne fonction" not in html


def test_the_letter_page_withdraws_a_final_letter_only_when_confirmed(
    listener_a, referent_a, director_a, school_a, stand_in_pdf
):
    case = _referent_in_charge(listener_a, referent_a, school_a)
    letter = letters.letter_draft(actor=referent_a, case=case, kind="acknowledgement")
    letter = letters.letter_values_update(
        actor=referent_a, letter=letter, values={"recipient_name": "Alexandra Reporter"}
    )
    letter = letters.letter_finalise(actor=referent_a, letter=letter, signatory=director_a)
    client = login(Client(), referent_a)
    url = reverse("letter-withdraw", kwargs={"case_id": case.pk, "letter_id": letter.pk})
    client.post(url)
    assert Letter.objects.get(pk=letter.pk).status == Letter.Status.FINAL
    client.post(url, {"confirm": "yes"})
    assert Letter.objects.get(pk=letter.pk).status == Letter.Status.WITHDRAWN
    assert AuditEvent.objects.filter(action="letter.withdrawn").count() == 1
    # The director asked to sign is no longer given the case for it.
    assert _held(director_a, case) == set()
    page = client.get(reverse("letter-detail", kwargs={"case_id": case.pk, "letter_id": letter.pk}))
    assert "courrier retiré" in page.content.decode()
