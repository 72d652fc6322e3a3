"""A report sent through the portal enters the procedure at intake, without an account."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from cases.models import Case, CaseDeadline, Channel, Contact, Party
from portal.models import ReceiptCode
from tests.people import Role, staff
from tests.portal.helpers import code_of, draft_of, report_fields, submit_report, text_of
from threads.models import ReporterMessage, ReporterThread

pytestmark = pytest.mark.django_db


def test_the_group_page_lists_every_entity(client, school_a, school_b):
    page = client.get(reverse("portal:home"))
    assert page.status_code == 200
    assert school_a.name.encode() in page.content and school_b.name.encode() in page.content


def test_the_entity_page_says_who_reads_what_happens_and_where_to_find_help(client, school_a):
    page = client.get(reverse("portal:entity", args=[school_a.code]))
    text = text_of(page)
    assert page.status_code == 200
    assert "référent·es signalement" in text
    assert "7 jours ouvrés" in text and "3 mois" in text
    assert "anonyme" in text
    assert "3919" in text  # the national numbers when the directory is empty


def test_an_unknown_entity_is_404(client):
    assert client.get(reverse("portal:entity", args=["nowhere"])).status_code == 404
    assert client.get(reverse("portal:report", args=["nowhere"])).status_code == 404


def test_an_anonymous_report_becomes_a_case_at_intake_for_the_entity(
    client, school_a, django_capture_on_commit_callbacks
):
    referent = staff(Role.REFERENT, school_a)
    with django_capture_on_commit_callbacks(execute=True):
        page = submit_report(client, school_a)
    assert page.status_code == 200
    code = code_of(page.content)
    case = Case.objects.get(entity=school_a)
    contact = Contact.objects.get(case=case)
    assert contact.channel == Channel.PORTAL and contact.listener is None and contact.anonymous
    assert case.created_by is None
    assert "Des remarques humiliantes" in case.narrative
    reporting = case.parties.get(role=Party.Role.VICTIM)
    assert reporting.anonymous
    implicated = case.parties.get(role=Party.Role.IMPLICATED)
    assert implicated.identity == {"last_name": "Le chargé de TP", "unit": "Enseignant vacataire"}
    assert CaseDeadline.objects.filter(case=case, rule="acknowledgement").exists()
    thread = ReporterThread.objects.get(case=case)
    stored = ReceiptCode.objects.get(thread=thread)
    assert stored.prefix == code[:4]
    assert code.replace(" ", "").encode() not in bytes(stored.digest)
    # Ongoing facts: the urgency alert went to the referents, with no content.
    assert mail.outbox and all(m.to == [referent.email] for m in mail.outbox)
    assert any("urgent" in m.body for m in mail.outbox)
    assert not any("humiliantes" in m.body for m in mail.outbox)


def test_the_code_has_at_least_80_secret_bits_in_groups(client, school_a):
    code = code_of(submit_report(client, school_a).content).replace(" ", "")
    assert len(code) == 20  # 100 bits of base 32; 80 after the public prefix


def test_a_named_report_keeps_the_identity_encrypted_and_the_sapin_consent(client, school_a):
    submit_report(
        client,
        school_a,
        identity="named",
        first_name="Alix",
        last_name="Durand",
        email="alix@example.invalid",
        share_identity="no",
        preferred_contact="email",
        ongoing="no",
    )
    case = Case.objects.get(entity=school_a)
    person = case.parties.get(role=Party.Role.VICTIM)
    assert not person.anonymous and person.identity["last_name"] == "Durand"
    assert "Sapin II art. 9) : non" in case.narrative


def test_a_failed_form_keeps_everything_typed(client, school_a):
    fields = report_fields(categories=[], person2_name="Un témoin")  # no category, no role
    page = client.post(reverse("portal:report", args=[school_a.code]), fields)
    text = text_of(page)
    assert page.status_code == 200
    assert "Cochez au moins une case." in text and "Indiquez son rôle." in text
    for typed in ("Des remarques humiliantes chaque semaine en TP.", "Salle B12", "Un témoin"):
        assert typed in text
    assert not Case.objects.exists()


def test_going_back_from_the_review_keeps_everything_typed(client, school_a):
    review = client.post(reverse("portal:report", args=[school_a.code]), report_fields())
    assert b"Salle B12" in review.content  # shown for review
    back = client.post(
        reverse("portal:report", args=[school_a.code]), {"draft": draft_of(review.content)}
    )
    assert b"Des remarques humiliantes chaque semaine en TP." in back.content
    assert b'value="Salle B12"' in back.content
    assert not Case.objects.exists()


def test_the_draft_under_review_is_nowhere_on_the_server(client, school_a):
    from django.contrib.sessions.models import Session

    review = client.post(reverse("portal:report", args=[school_a.code]), report_fields())
    assert review.status_code == 200
    assert "humiliantes" not in draft_of(review.content)  # sealed
    assert not Session.objects.exists() and not Contact.objects.exists()


def test_an_altered_draft_is_refused_and_nothing_is_created(client, school_a):
    review = client.post(reverse("portal:report", args=[school_a.code]), report_fields())
    draft = draft_of(review.content)
    altered = draft[:-6] + ("A" if draft[-6] != "A" else "B") + draft[-5:]
    page = client.post(reverse("portal:review", args=[school_a.code]), {"draft": altered})
    assert "a expiré".encode() in page.content
    assert not Case.objects.exists()


def test_a_refused_file_creates_nothing_and_keeps_the_draft(client, school_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("x.pdf", b"MZ not a pdf", content_type="application/pdf")
    review = client.post(reverse("portal:report", args=[school_a.code]), report_fields())
    page = client.post(
        reverse("portal:review", args=[school_a.code]),
        {"draft": draft_of(review.content), "files": [bad]},
    )
    assert page.status_code == 200
    assert b'name="draft"' in page.content
    assert not Case.objects.exists() and not ReporterMessage.objects.exists()


def test_a_file_sent_with_the_report_reaches_its_conversation(client, school_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile(
        "preuve.pdf", b"%PDF-1.4 capture %%EOF", content_type="application/pdf"
    )
    submit_report(client, school_a, files=[pdf])
    message = ReporterMessage.objects.get()
    assert message.author_kind == "reporter"
    assert message.attachments.get().size == len(b"%PDF-1.4 capture %%EOF")


def test_the_portal_speaks_english_to_an_english_browser(client, school_a):
    page = client.get(reverse("portal:entity", args=[school_a.code]), HTTP_ACCEPT_LANGUAGE="en")
    text = text_of(page)
    assert "Who will read your report" in text and "You can stay anonymous" in text
    form = text_of(
        client.get(reverse("portal:report", args=[school_a.code]), HTTP_ACCEPT_LANGUAGE="en")
    )
    assert "What happened" in form and "Review before sending" in form


def test_the_review_tells_the_people_named_apart(client, school_a):
    fields = report_fields(person2_name="Une camarade", person2_role="witness")
    text = text_of(client.post(reverse("portal:report", args=[school_a.code]), fields))
    assert "Personne 1 — Nom ou description" in text and "Le chargé de TP" in text
    assert "Personne 2 — Son rôle" in text and "Témoin" in text
