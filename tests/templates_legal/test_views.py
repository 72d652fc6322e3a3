"""The template pages: for the entity's legal directorate and administrators, 404 for anyone else."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Role
from templates_legal.defaults import default_path
from templates_legal.models import LetterTemplate
from templates_legal.templates_admin.services import template_upload
from tests.people import login, staff
from tests.templates_legal.helpers import bad_crc, docx_with, rezip

SLOT = {"entity_code": "school-a", "kind": "acknowledgement", "language": "fr"}
GOOD = docx_with("{{ case_reference }} — {{ entity_name }}")


def _docx(data: bytes = GOOD, name: str = "accuse.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def _every_route(version: int) -> list[tuple[str, str, dict]]:
    return [
        ("get", "letter-template-list", {"entity_code": "school-a"}),
        ("get", "letter-template-detail", SLOT),
        ("post", "letter-template-upload", SLOT),
        ("get", "letter-template-download", {**SLOT, "version": version}),
        ("get", "letter-template-download", {**SLOT, "version": 0}),
        ("post", "letter-template-activate", {**SLOT, "version": version}),
        ("post", "letter-template-activate", {**SLOT, "version": 0}),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who", ["referent_a", "legal_b", "admin_b", "director_a", "investigator_a", "steering_a"]
)
def test_it_checks_access(client, request, who, legal_a, school_a):
    template = template_upload(
        actor=legal_a, entity=school_a, kind="acknowledgement", language="fr", data=GOOD
    )
    if who in {"director_a", "investigator_a", "steering_a"}:
        role = {"director_a": Role.DIRECTOR, "investigator_a": Role.INVESTIGATOR}.get(
            who, Role.STEERING
        )
        person = staff(role, school_a)
    else:
        person = request.getfixturevalue(who)
    login(client, person)
    for method, name, kwargs in _every_route(template.version):
        data = {"file": _docx()} if name == "letter-template-upload" else {}
        response = getattr(client, method)(reverse(name, kwargs=kwargs), data)
        assert response.status_code == 404, (who, name, kwargs)
    assert LetterTemplate.objects.count() == 1
    template.refresh_from_db()
    assert template.is_active


@pytest.mark.django_db
def test_an_unknown_entity_kind_language_or_version_is_404(client, legal_a):
    login(client, legal_a)
    for kwargs in (
        {**SLOT, "entity_code": "nowhere"},
        {**SLOT, "kind": "love_letter"},
        {**SLOT, "language": "de"},
    ):
        assert client.get(reverse("letter-template-detail", kwargs=kwargs)).status_code == 404
    missing = {**SLOT, "version": 7}
    assert client.get(reverse("letter-template-download", kwargs=missing)).status_code == 404
    no_default = {**SLOT, "kind": "article40_referral", "language": "en", "version": 0}
    assert client.get(reverse("letter-template-download", kwargs=no_default)).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["legal_a", "admin_a"])
def test_legal_and_admins_see_every_kind_with_the_version_in_force(client, request, who):
    login(client, request.getfixturevalue(who))
    page = client.get(reverse("letter-template-list", kwargs={"entity_code": "school-a"}))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Accusé de réception du signalement" in content
    assert "article 40 du code de procédure pénale" in content
    assert "modèle fourni" in content and "aucun modèle" in content


@pytest.mark.django_db
def test_the_detail_page_lists_the_documented_placeholders(client, legal_a):
    login(client, legal_a)
    page = client.get(
        reverse("letter-template-detail", kwargs={**SLOT, "kind": "article40_referral"})
    )
    assert page.status_code == 200
    assert b"{{ facts_summary }}" in page.content
    assert b'enctype="multipart/form-data"' in page.content


@pytest.mark.django_db
def test_uploading_through_the_page_puts_the_new_version_in_force(client, legal_a, school_a):
    login(client, legal_a)
    response = client.post(reverse("letter-template-upload", kwargs=SLOT), {"file": _docx()})
    assert response.status_code == 302
    template = LetterTemplate.objects.get()
    assert (template.version, template.is_active, template.uploaded_by) == (1, True, legal_a)
    page = client.get(response["Location"])
    assert "Version 1 déposée" in page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (_docx(docx_with("{{ reporting_person_identity }}")), "champs non prévus"),
        (_docx(b"just text", name="accuse.docx"), "pas un document Word"),
        (_docx(GOOD, name="accuse.docm"), "avec macros"),
        (_docx(GOOD, name="accuse.pdf"), "format .docx"),
        (_docx(rezip(GOOD, add={"word/vbaProject.bin": b"vba"})), "macros"),
        (_docx(bad_crc(GOOD)), "endommagé"),
        (_docx(bad_crc(GOOD, marker=b"<Types")), "endommagé"),
    ],
)
def test_a_refused_upload_shows_why_and_stores_nothing(client, legal_a, upload, message):
    login(client, legal_a)
    response = client.post(reverse("letter-template-upload", kwargs=SLOT), {"file": upload})
    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not LetterTemplate.objects.exists()


@pytest.mark.django_db
def test_a_version_and_the_shipped_default_download_as_docx(client, admin_a, legal_a, school_a):
    template_upload(
        actor=legal_a, entity=school_a, kind="acknowledgement", language="fr", data=GOOD
    )
    login(client, admin_a)
    response = client.get(reverse("letter-template-download", kwargs={**SLOT, "version": 1}))
    assert response.status_code == 200
    assert response.content == GOOD
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="school-a-acknowledgement-fr-v1.docx"' in response["Content-Disposition"]
    shipped = client.get(reverse("letter-template-download", kwargs={**SLOT, "version": 0}))
    assert shipped.content == default_path("acknowledgement", "fr").read_bytes()


@pytest.mark.django_db
def test_activating_an_older_version_and_the_default_from_the_page(client, legal_a, school_a):
    for text in ("v1 {{ case_reference }}", "v2 {{ case_reference }}"):
        template_upload(
            actor=legal_a,
            entity=school_a,
            kind="acknowledgement",
            language="fr",
            data=docx_with(text),
        )
    login(client, legal_a)
    response = client.post(reverse("letter-template-activate", kwargs={**SLOT, "version": 1}))
    assert response.status_code == 302
    assert LetterTemplate.objects.get(is_active=True).version == 1
    client.post(reverse("letter-template-activate", kwargs={**SLOT, "version": 0}))
    assert not LetterTemplate.objects.filter(is_active=True).exists()
    assert (
        client.get(reverse("letter-template-activate", kwargs={**SLOT, "version": 1})).status_code
        == 405
    )
