"""Letter pages and the register: 404 for anyone without the right on the case or entity."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import AuditEvent, Role
from templates_legal.letters.services import letter_draft, letter_finalise, letter_values_update
from templates_legal.models import Letter
from tests.people import login, login_password_only, staff
from tests.templates_legal.letter_helpers import (
    ARTICLE40_VALUES,
    DIRECTOR_PERMISSIONS,
    LEGAL_PERMISSIONS,
    grant,
    letter_case,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_a(referent_a, school_a, legal_a, director_a):
    case = letter_case(referent_a, school_a)
    grant(case, legal_a, LEGAL_PERMISSIONS)
    grant(case, director_a, DIRECTOR_PERMISSIONS)
    return case


@pytest.fixture
def draft_and_final(case_a, legal_a, fake_pdf):
    draft = letter_draft(actor=legal_a, case=case_a, kind="acknowledgement")
    final = letter_draft(actor=legal_a, case=case_a, kind="article40_referral")
    final = letter_values_update(actor=legal_a, letter=final, values=ARTICLE40_VALUES)
    final = letter_finalise(actor=legal_a, letter=final)
    return draft, final


def _routes(case, draft, final) -> list[tuple[str, str, dict]]:
    def on(letter):
        return {"case_id": case.pk, "letter_id": letter.pk}

    return [
        ("get", "letter-new", {"case_id": case.pk}),
        ("post", "letter-new", {"case_id": case.pk}),
        ("get", "letter-detail", on(draft)),
        ("post", "letter-detail", on(draft)),
        ("get", "letter-detail", on(final)),
        ("post", "letter-finalise", on(draft)),
        ("post", "letter-discard", on(draft)),
        ("post", "letter-sign", on(final)),
        ("post", "letter-withdraw", on(final)),
        ("post", "letter-pdf", on(final)),
        ("get", "letter-download", {**on(final), "fmt": "docx"}),
        ("get", "letter-download", {**on(final), "fmt": "pdf"}),
        ("get", "letter-register", {"entity_code": "school-a"}),
        ("get", "letter-register-home", {}),
    ]


POST_DATA = {
    "kind": "acknowledgement",
    "language": "fr",
    "recipient_name": "X",
    "confirm": "yes",
}


@pytest.mark.parametrize("who", ["legal_b", "unassigned_legal", "referent_b"])
def test_it_checks_access(client, request, who, school_a, case_a, draft_and_final):
    draft, final = draft_and_final
    if who == "unassigned_legal":
        person = staff(Role.LEGAL, school_a)  # right role, right entity, no grant on the case
        expected_register = 200  # the register is the entity's; the case stays masked
    else:
        person = request.getfixturevalue(who)
        expected_register = 404
    login(client, person)
    for method, name, kwargs in _routes(case_a, draft, final):
        response = getattr(client, method)(reverse(name, kwargs=kwargs), POST_DATA)
        if name.startswith("letter-register"):
            assert response.status_code in {expected_register, 302}, (who, name)
            continue
        assert response.status_code == 404, (who, name, response.status_code)
    assert Letter.objects.count() == 2
    assert Letter.objects.get(pk=draft.pk).status == Letter.Status.DRAFT
    assert Letter.objects.get(pk=final.pk).status == Letter.Status.FINAL


def test_a_case_viewer_without_draft_letter_may_not_draft_sign_or_see_drafts(
    client, referent_a, legal_a, case_a, draft_and_final
):
    draft, final = draft_and_final
    login(client, referent_a)  # view, change, triage on the case; no letter permission
    for method, name, kwargs in _routes(case_a, draft, final):
        if name == "letter-detail" and kwargs["letter_id"] == final.pk:
            continue  # a final letter's page is part of the case they may read
        response = getattr(client, method)(reverse(name, kwargs=kwargs), POST_DATA)
        assert response.status_code == 404, (name, response.status_code)
    page = client.get(
        reverse("letter-detail", kwargs={"case_id": case_a.pk, "letter_id": final.pk})
    )
    assert page.status_code == 200
    assert b"/download/" not in page.content
    assert "Signer le courrier" not in page.content.decode()
    # ...while the legal officer who drafts letters does see the review copy.
    legal = login(Client(), legal_a).get(
        reverse("letter-detail", kwargs={"case_id": case_a.pk, "letter_id": final.pk})
    )
    assert b"/download/docx/" in legal.content and b"/download/pdf/" not in legal.content


def test_without_the_second_factor_every_route_sends_to_the_code_page(
    client, legal_a, case_a, draft_and_final
):
    draft, final = draft_and_final
    login_password_only(client, legal_a)
    for method, name, kwargs in _routes(case_a, draft, final):
        response = getattr(client, method)(reverse(name, kwargs=kwargs), POST_DATA)
        assert response.status_code == 302, name
        assert response["Location"] == reverse("login-otp"), name
    assert Letter.objects.get(pk=draft.pk).status == Letter.Status.DRAFT


def test_an_unknown_letter_or_format_is_404(client, legal_a, case_a, draft_and_final):
    _draft, final = draft_and_final
    login(client, legal_a)
    kwargs = {"case_id": case_a.pk, "letter_id": final.pk}
    assert (
        client.get(reverse("letter-download", kwargs={**kwargs, "fmt": "odt"})).status_code == 404
    )
    assert client.get(f"/cases/{case_a.pk}/letters/not-a-uuid/").status_code == 404


def test_the_whole_path_from_the_case_page_to_the_signed_pdf(
    client, legal_a, director_a, case_a, fake_pdf
):
    login(client, legal_a)
    case_page = client.get(reverse("case-detail", kwargs={"case_id": case_a.pk}))
    assert "Courriers" in case_page.content.decode()
    new_url = reverse("letter-new", kwargs={"case_id": case_a.pk})
    assert new_url in case_page.content.decode()

    created = client.post(new_url, {"kind": "article40_referral", "language": "fr"})
    assert created.status_code == 302
    letter = Letter.objects.get()
    detail_url = reverse("letter-detail", kwargs={"case_id": case_a.pk, "letter_id": letter.pk})
    assert created["Location"] == detail_url

    preview = client.get(detail_url).content.decode()
    assert case_a.reference in preview and "[à compléter]" in preview
    assert 'name="court_name"' in preview and 'name="case_reference"' not in preview

    refused = client.post(
        reverse("letter-finalise", kwargs={"case_id": case_a.pk, "letter_id": letter.pk}),
        {"confirm": "yes"},
        follow=True,
    )
    assert "Complétez d&#x27;abord" in refused.content.decode()
    assert Letter.objects.get().status == Letter.Status.DRAFT
    # The browser sends back every field with what it shows (prefilled values included).
    shown = {k: v for k, v in Letter.objects.get().values.items() if v is not True}
    saved = client.post(
        detail_url, {**shown, **ARTICLE40_VALUES, "facts_summary": "Exposé révisé."}
    )
    assert saved.status_code == 302
    assert Letter.objects.get().values["facts_summary"] == "Exposé révisé."

    done = client.post(
        reverse("letter-finalise", kwargs={"case_id": case_a.pk, "letter_id": letter.pk}),
        {"confirm": "yes"},
        follow=True,
    )
    year = timezone.localdate().year
    assert f"{year}-0001" in done.content.decode()
    assert Letter.objects.get().status == Letter.Status.FINAL
    pdf_url = reverse(
        "letter-download", kwargs={"case_id": case_a.pk, "letter_id": letter.pk, "fmt": "pdf"}
    )
    assert client.get(pdf_url).status_code == 404  # not signed yet

    director = login(Client(), director_a)
    signed = director.post(
        reverse("letter-sign", kwargs={"case_id": case_a.pk, "letter_id": letter.pk}),
        {"confirm": "yes"},
    )
    assert signed.status_code == 302
    assert Letter.objects.get().signed_by == director_a
    download = director.get(pdf_url)
    assert download.status_code == 200 and download.content.startswith(b"%PDF")
    assert download["Content-Disposition"] == (
        f'attachment; filename="courrier-school-a-{year}-0001.pdf"'
    )
    assert download["X-Content-Type-Options"] == "nosniff"
    assert AuditEvent.objects.filter(
        action="case.read", actor=director_a, details__item=f"{letter.pk}:pdf"
    ).exists()


def test_the_register_masks_recipients_of_cases_the_reader_may_not_see(
    client, referent_a, school_a, legal_a, director_a, case_a, fake_pdf
):
    hidden_case = letter_case(referent_a, school_a)
    grant(hidden_case, legal_a, LEGAL_PERMISSIONS)  # the director has no access to it
    for case in (case_a, hidden_case):
        letter = letter_draft(actor=legal_a, case=case, kind="acknowledgement")
        letter_finalise(actor=legal_a, letter=letter)
    login(client, director_a)
    home = client.get(reverse("letter-register-home"))
    assert home["Location"] == reverse("letter-register", kwargs={"entity_code": "school-a"})
    page = client.get(home["Location"]).content.decode()
    year = timezone.localdate().year
    assert f"{year}-0001" in page and f"{year}-0002" in page
    assert case_a.reference in page and hidden_case.reference in page
    assert page.count("Alexandra Reporter") == 1
    assert "masqué" in page
    assert AuditEvent.objects.filter(action="letter.register_read").count() == 1


def test_the_register_link_is_in_the_menu_of_legal_and_direction_only(client, legal_a, referent_a):
    register = reverse("letter-register-home")
    assert register in login(client, legal_a).get(reverse("inbox")).content.decode()
    assert register not in login(Client(), referent_a).get(reverse("inbox")).content.decode()
    assert login(Client(), referent_a).get(register).status_code == 404


def test_the_acknowledgement_task_page_links_to_its_letter(school_a, referent_a):
    from tests.workflows.conftest import intake
    from tests.workflows.journey import open_task

    listener = staff(Role.LISTENER, school_a)
    contact = intake(listener, school_a)
    task = open_task(contact.case, "acknowledge")
    client = login(Client(), referent_a)
    client.post(reverse("task-claim", kwargs={"task_id": task.pk}))
    page = client.get(reverse("task", kwargs={"task_id": task.pk})).content.decode()
    link = reverse("letter-new", kwargs={"case_id": contact.case.pk}) + "?kind=acknowledgement"
    assert link in page and "Générer le courrier" in page
    form = client.get(link).content.decode()
    assert 'value="acknowledgement" selected' in form


@pytest.mark.parametrize("given", ["0", "9" * 30, "abc", "²"])
def test_the_register_for_a_year_that_is_not_valid_shows_the_latest_with_a_message(
    school_a, director_a, given
):
    client = login(Client(raise_request_exception=True), director_a)
    response = client.get(
        reverse("letter-register", kwargs={"entity_code": school_a.code}), {"year": given}
    )
    assert response.status_code == 200
    assert response.context["year"] == timezone.localdate().year
    assert "pas valide" in response.content.decode()
