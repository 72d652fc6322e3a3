"""What a new user's walk through the enquiry pages found (issue #14, part 4): the opening
reasons start from the triage, holding an interview opens its minutes, versions count
from 1, no recording form when none is planned, several commitments at once, the next
useful action first once the commission sits, languages chosen by name."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from cases.models import Party
from enquiries.models import (
    ConfidentialityCommitment,
    Enquiry,
    Interview,
    LetterDue,
    Minutes,
    MinutesVersion,
)
from enquiries.selectors import triage_reasoning_for
from enquiries.services import commitment_record, interview_hold, minutes_read_back, minutes_save
from templates_legal.models import Letter
from tests.enquiries.conftest import TODAY, plan, time_passes
from tests.people import login
from tests.workflows.journey import open_task


def _victim(enquiry: Enquiry) -> Party:
    return enquiry.case.parties.get(role=Party.Role.VICTIM)


def _interview_url(interview) -> str:
    return reverse(
        "enquiry-interview",
        kwargs={"enquiry_id": interview.enquiry_id, "interview_id": interview.pk},
    )


def _minutes_url(interview) -> str:
    return reverse(
        "enquiry-minutes",
        kwargs={"enquiry_id": interview.enquiry_id, "interview_id": interview.pk},
    )


@pytest.mark.django_db
def test_the_opening_reasons_start_from_the_latest_triage_reasoning(waiting_case, referent_a):
    task = open_task(waiting_case, "enquiry")
    page = login(Client(), referent_a).get(reverse("enquiry-open", kwargs={"task_id": task.pk}))
    assert page.status_code == 200
    assert page.context["form"].initial["reason"] == "Faits précis et répétés : enquête interne."
    assert "Faits précis et répétés : enquête interne." in page.content.decode()


@pytest.mark.django_db
def test_a_listener_of_the_case_is_given_no_triage_reasoning(waiting_case, listener_a):
    assert triage_reasoning_for(listener_a, waiting_case) == ""


@pytest.mark.django_db
def test_holding_the_interview_lands_in_the_editor_of_its_minutes(commission, enquiry, alice):
    interview = plan(enquiry, alice, _victim(enquiry))
    client = login(Client(), alice)
    signers = [f"member:{m.pk}" for m in commission] + ["interviewee"]
    client.post(
        _interview_url(interview),
        {
            "action": "commitment",
            "commitment-signers": signers,
            "commitment-signed_on": TODAY.isoformat(),
        },
    )
    time_passes(interview)
    response = client.post(
        _interview_url(interview), {"action": "hold", "hold-rights_stated": "on"}
    )
    assert response.status_code == 302
    assert response["Location"] == _minutes_url(interview)
    editor = client.get(response["Location"])
    assert 'class="editor"' in editor.content.decode()


@pytest.mark.django_db
def test_several_people_present_are_recorded_at_once_one_commitment_each(
    commission, enquiry, alice
):
    interview = plan(enquiry, alice, _victim(enquiry))
    response = login(Client(), alice).post(
        _interview_url(interview),
        {
            "action": "commitment",
            "commitment-signers": [f"member:{m.pk}" for m in commission] + ["interviewee"],
            "commitment-signed_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 302
    signed = ConfidentialityCommitment.objects.filter(interview=interview)
    assert sorted((c.signer, c.member_id) for c in signed) == sorted(
        [("interviewer", m.pk) for m in commission] + [("interviewee", None)]
    )


@pytest.mark.django_db
def test_one_refused_signer_among_several_stores_none_of_them(commission, enquiry, alice):
    interview = plan(enquiry, alice, _victim(enquiry))
    commitment_record(actor=alice, interview=interview, signer="interviewee", signed_on=TODAY)
    response = login(Client(), alice).post(
        _interview_url(interview),
        {
            "action": "commitment",
            # The interviewee's commitment is already recorded: the whole submit is refused.
            "commitment-signers": [f"member:{commission[0].pk}", "interviewee"],
            "commitment-signed_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 400
    assert ConfidentialityCommitment.objects.filter(interview=interview).count() == 1


@pytest.mark.django_db
def test_minutes_count_their_versions_from_one(commission, enquiry, alice):
    interview = plan(enquiry, alice, _victim(enquiry))
    for member in commission:
        commitment_record(
            actor=alice, interview=interview, signer="interviewer", member=member, signed_on=TODAY
        )
    commitment_record(actor=alice, interview=interview, signer="interviewee", signed_on=TODAY)
    time_passes(interview)
    client = login(Client(), alice)
    client.post(_interview_url(interview), {"action": "hold", "hold-rights_stated": "on"})
    minutes = Minutes.objects.get(interview=interview)
    assert "pas encore enregistré" in client.get(_minutes_url(interview)).content.decode()
    minutes_save(actor=alice, minutes=minutes, body="Déclarations.", expected_version=0)
    assert list(
        MinutesVersion.objects.filter(minutes=minutes).values_list("number", flat=True)
    ) == [1]
    assert "Version 1" in client.get(_minutes_url(interview)).content.decode()


@pytest.mark.django_db
def test_with_no_recording_planned_the_recording_form_is_folded_and_not_required(
    commission, enquiry, alice
):
    interview = plan(enquiry, alice, _victim(enquiry), recording=False)
    client = login(Client(), alice)
    page = client.get(_interview_url(interview)).content.decode()
    assert "Aucun enregistrement prévu" in page
    # The form is offered only inside a folded <details>, never as a step to fill in.
    assert page.index("<details") < page.index('name="authorisation-granted"')
    client.post(
        _interview_url(interview),
        {
            "action": "commitment",
            "commitment-signers": [f"member:{m.pk}" for m in commission] + ["interviewee"],
            "commitment-signed_on": TODAY.isoformat(),
        },
    )
    time_passes(interview)
    response = client.post(
        _interview_url(interview), {"action": "hold", "hold-rights_stated": "on"}
    )
    assert response.status_code == 302
    assert not hasattr(interview, "recording_authorisation")


@pytest.mark.django_db
def test_once_appointed_the_enquiry_page_offers_planning_first_and_folds_the_commission(
    commission, enquiry, alice, referent_a
):
    url = reverse("enquiry-detail", kwargs={"enquiry_id": enquiry.pk})
    page = login(Client(), alice).get(url).content.decode()
    actions = page[page.index('<nav class="actions"') :]
    assert actions.index("Planifier un entretien") < actions.index("</nav>")
    assert actions.index('<a class="button"') == actions.index(
        '<a class="button" href="' + reverse("enquiry-interview-plan", args=[enquiry.pk])
    )
    referent_page = login(Client(), referent_a).get(url).content.decode()
    nav = referent_page[referent_page.index('<nav class="actions"') :]
    assert "Désigner la commission" not in nav[: nav.index("</nav>")]
    assert "<summary>Commission désignée (2 membres)" in referent_page


@pytest.mark.django_db
def test_before_appointment_the_referent_is_offered_to_appoint_first(enquiry, referent_a):
    page = login(Client(), referent_a).get(
        reverse("enquiry-detail", kwargs={"enquiry_id": enquiry.pk})
    )
    html = page.content.decode()
    nav = html[html.index('<nav class="actions"') :]
    nav = nav[: nav.index("</nav>")]
    assert nav.index("Désigner la commission") < nav.index("Clore sans rapport")


@pytest.mark.django_db
def test_interview_languages_are_chosen_by_name_and_stored_as_codes(commission, enquiry, alice):
    client = login(Client(), alice)
    url = reverse("enquiry-interview-plan", kwargs={"enquiry_id": enquiry.pk})
    page = client.get(url).content.decode()
    assert '<option value="en">Anglais</option>' in page
    interview = plan(enquiry, alice, _victim(enquiry), language="en")
    interview.refresh_from_db()
    assert interview.language == "en"
    assert "Langue de l&#x27;entretien : Anglais" in client.get(
        _interview_url(interview)
    ).content.decode().replace("'", "&#x27;")


@pytest.mark.django_db
def test_an_unknown_interview_language_is_refused(commission, enquiry, alice):
    with pytest.raises(ValidationError, match="langue"):
        plan(enquiry, alice, _victim(enquiry), language="xx")


@pytest.mark.django_db
def test_the_opening_languages_are_ticked_by_name(waiting_case, referent_a):
    task = open_task(waiting_case, "enquiry")
    client = login(Client(), referent_a)
    page = client.get(reverse("enquiry-open", kwargs={"task_id": task.pk})).content.decode()
    assert 'value="en"' in page and "Anglais" in page
    assert "Codes à deux lettres" not in page


# --- Irreversible acts are confirmed, server-side -------------------------------------------


@pytest.mark.django_db
def test_a_letter_is_not_finalised_without_its_confirmation_box(
    commission, enquiry, alice, referent_a
):
    upcoming = plan(enquiry, alice, _victim(enquiry))
    due = LetterDue.objects.get(interview=upcoming, kind="interview_summons")
    client = login(Client(), referent_a)
    client.post(
        reverse("enquiry-letter-draft", kwargs={"enquiry_id": enquiry.pk, "due_id": due.pk})
    )
    letter = Letter.objects.get(origin=f"enquiries.letterdue:{due.pk}")
    kwargs = {"case_id": letter.case_id, "letter_id": letter.pk}
    page = client.post(reverse("letter-finalise", kwargs=kwargs), follow=True)
    letter.refresh_from_db()
    assert letter.status == Letter.Status.DRAFT and not letter.register_number
    assert "cochez la case de confirmation" in page.content.decode()
    client.post(reverse("letter-discard", kwargs=kwargs))
    assert Letter.objects.filter(pk=letter.pk).exists()


@pytest.mark.django_db
def test_an_interview_is_not_cancelled_without_its_confirmation_box(commission, enquiry, alice):
    interview = plan(enquiry, alice, _victim(enquiry))
    client = login(Client(), alice)
    refused = client.post(_interview_url(interview), {"action": "cancel"})
    assert refused.status_code == 400
    assert "confirmer l&#x27;annulation" in refused.content.decode()
    interview.refresh_from_db()
    assert interview.status == Interview.Status.PLANNED
    done = client.post(_interview_url(interview), {"action": "cancel", "confirm": "yes"})
    assert done.status_code == 302
    interview.refresh_from_db()
    assert interview.status == Interview.Status.CANCELLED


@pytest.mark.django_db
def test_a_conflict_is_not_declared_without_its_confirmation_box(commission, enquiry, bruno):
    login(Client(), bruno).post(reverse("enquiry-conflict", kwargs={"enquiry_id": enquiry.pk}))
    assert enquiry.members.filter(investigator=bruno, ended_at__isnull=True).exists()


@pytest.mark.django_db
def test_minutes_are_not_signed_without_their_confirmation_box(commission, enquiry, alice):
    interview = plan(enquiry, alice, _victim(enquiry))
    for member in commission:
        commitment_record(
            actor=alice, interview=interview, signer="interviewer", member=member, signed_on=TODAY
        )
    commitment_record(actor=alice, interview=interview, signer="interviewee", signed_on=TODAY)
    time_passes(interview)
    minutes = interview_hold(actor=alice, interview=interview, rights_stated=True)
    minutes = minutes_save(actor=alice, minutes=minutes, body="Texte.", expected_version=0)
    minutes = minutes_read_back(actor=alice, minutes=minutes, expected_version=1)
    client = login(Client(), alice)
    for action in ("sign", "refuse"):
        refused = client.post(
            _minutes_url(interview),
            {"action": action, "version": 2, "signed_on": TODAY.isoformat(), "note": "Conteste."},
        )
        assert refused.status_code == 400
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.READ_BACK
