"""The handlers' pages of the conversation: read, answer with files, download; 404 to others."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import AuditEvent, Role
from cases.services.access import access_grant
from tests.builders import case_for
from tests.people import login, staff
from tests.threads.conftest import PDF, pdf
from threads.models import ReporterMessage, ReporterThread
from threads.services import message_post_by_reporter, thread_open

pytestmark = pytest.mark.django_db


def _detail(thread: ReporterThread) -> str:
    return reverse("case-detail", kwargs={"case_id": thread.case_id})


def _thread_url(thread: ReporterThread) -> str:
    return reverse("case-thread", kwargs={"case_id": thread.case_id})


def _file_url(thread: ReporterThread, attachment_id) -> str:
    return reverse(
        "case-thread-file", kwargs={"case_id": thread.case_id, "attachment_id": attachment_id}
    )


def test_the_referent_reads_the_reporters_message_on_the_case_page_and_it_is_marked_read(
    referent_a, thread_a
):
    message_post_by_reporter(
        thread=thread_a, body="Il continue à m'écrire.", files=[pdf("capture.pdf")]
    )
    client = login(Client(), referent_a)
    html = client.get(_detail(thread_a)).content.decode()
    assert "Échanges avec la personne ayant signalé" in html
    assert "Il continue à m&#x27;écrire." in html
    assert "capture.pdf" in html
    thread_a.refresh_from_db()
    assert thread_a.unread_by_handlers == 0
    read = AuditEvent.objects.filter(action="case.read", details__what="reporter_thread")
    assert read.filter(actor=referent_a, object_id=str(thread_a.case_id)).exists()


def test_a_case_without_a_thread_shows_no_exchange_section(referent_a, case_a):
    client = login(Client(), referent_a)
    html = client.get(reverse("case-detail", kwargs={"case_id": case_a.pk})).content.decode()
    assert "Échanges avec la personne ayant signalé" not in html


def test_the_referent_answers_with_files_and_is_sent_back_to_the_case_page(referent_a, thread_a):
    client = login(Client(), referent_a)
    response = client.post(
        _thread_url(thread_a),
        {
            "body": "Nous avons bien reçu votre message.",
            "version": thread_a.version,
            "attachments": [
                SimpleUploadedFile("convocation.pdf", PDF, content_type="application/pdf"),
                SimpleUploadedFile("note.txt", b"Bonjour", content_type="text/plain"),
            ],
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(_detail(thread_a) + "#reporter-exchanges")
    message = ReporterMessage.objects.get(author_kind="handler")
    assert message.author == referent_a and message.body == "Nous avons bien reçu votre message."
    assert sorted(a.filename for a in message.attachments.all()) == ["convocation.pdf", "note.txt"]
    thread_a.refresh_from_db()
    assert thread_a.unread_by_reporter == 1


def test_a_refused_file_keeps_the_text_and_sends_nothing(referent_a, thread_a):
    client = login(Client(), referent_a)
    response = client.post(
        _thread_url(thread_a),
        {
            "body": "Texte à garder",
            "version": thread_a.version,
            "attachments": [
                SimpleUploadedFile("x.exe", b"MZ\x90\x00", content_type="application/x-msdownload")
            ],
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Texte à garder" in html and "type de fichier" in html
    assert not ReporterMessage.objects.exists()


def test_a_message_arriving_meanwhile_stops_the_answer_and_keeps_it(referent_a, thread_a):
    client = login(Client(), referent_a)
    shown = thread_a.version
    message_post_by_reporter(thread=thread_a, body="Un message arrivé entre-temps")
    response = client.post(_thread_url(thread_a), {"body": "Ma réponse", "version": shown})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ma réponse" in html and "Un message arrivé entre-temps" in html
    assert not ReporterMessage.objects.filter(author_kind="handler").exists()
    thread_a.refresh_from_db()
    assert f'value="{thread_a.version}"' in html


def test_a_download_is_served_to_the_referent_under_a_neutral_name_and_traced(referent_a, thread_a):
    message = message_post_by_reporter(thread=thread_a, body="Pièce", files=[pdf("Nom Prénom.pdf")])
    attachment = message.attachments.get()
    client = login(Client(), referent_a)
    response = client.get(_file_url(thread_a, attachment.pk))
    assert response.status_code == 200
    assert response.content == PDF
    assert "Nom" not in response["Content-Disposition"]
    assert AuditEvent.objects.filter(
        action="case.read", details__what="reporter_file", details__item=str(attachment.pk)
    ).exists()


def _outsiders(request, school_a, case_a) -> list:
    investigator = staff(Role.INVESTIGATOR, school_a)
    access_grant(
        actor=None,
        case=case_a,
        user=investigator,
        permissions=["view_case", "investigate_case"],
        reason="assignment",
    )
    legal = staff(Role.LEGAL, school_a)
    access_grant(
        actor=None, case=case_a, user=legal, permissions=["view_case"], reason="assignment"
    )
    return [
        request.getfixturevalue("referent_b"),  # other school
        investigator,  # investigator of the case
        legal,  # reads the case, not its conversation
        request.getfixturevalue("listener_a"),  # listener, on a case
        staff(Role.REFERENT, school_a),  # referent not in charge
    ]


def test_every_case_thread_route_answers_404_to_who_does_not_hold_the_case(
    request, school_a, case_a, thread_a
):
    message = message_post_by_reporter(thread=thread_a, body="x", files=[pdf()])
    attachment = message.attachments.get()
    for outsider in _outsiders(request, school_a, case_a):
        client = login(Client(), outsider)
        assert client.get(_thread_url(thread_a)).status_code == 404, outsider
        assert client.post(_thread_url(thread_a), {"body": "intrus"}).status_code == 404
        assert client.get(_file_url(thread_a, attachment.pk)).status_code == 404
    assert not ReporterMessage.objects.filter(author_kind="handler").exists()
    thread_a.refresh_from_db()
    assert thread_a.unread_by_handlers == 1


def test_a_file_of_another_thread_is_404_even_to_a_referent_holding_this_case(
    referent_a, school_a, thread_a
):
    other = thread_open(case=case_for(referent_a, school_a))
    foreign = message_post_by_reporter(thread=other, body="x", files=[pdf()]).attachments.get()
    client = login(Client(), referent_a)
    assert client.get(_file_url(thread_a, foreign.pk)).status_code == 404


def test_a_case_without_thread_has_no_exchange_route(referent_a, case_a):
    client = login(Client(), referent_a)
    assert client.get(reverse("case-thread", kwargs={"case_id": case_a.pk})).status_code == 404


def test_the_reporters_message_appears_in_the_history_without_its_content(referent_a, thread_a):
    message_post_by_reporter(thread=thread_a, body="contenu-confidentiel-canari")
    client = login(Client(), referent_a)
    html = client.get(
        reverse("case-history", kwargs={"case_id": thread_a.case_id})
    ).content.decode()
    assert "Message de la personne ayant signalé" in html
    assert "contenu-confidentiel-canari" not in html


# --- questions (listening records) -----------------------------------------------------


def _q_url(thread: ReporterThread) -> str:
    return reverse("question-thread", kwargs={"contact_id": thread.contact_id})


def test_a_listener_of_the_entity_answers_a_portal_question_from_the_record_page(
    school_a, question_thread_a
):
    message_post_by_reporter(thread=question_thread_a, body="Puis-je parler à quelqu'un ?")
    colleague = staff(Role.LISTENER, school_a)  # not the record's listener: the cell's question
    client = login(Client(), colleague)
    page = client.get(
        reverse("contact-detail", kwargs={"contact_id": question_thread_a.contact_id})
    )
    assert page.status_code == 200
    assert "Puis-je parler à quelqu&#x27;un ?" in page.content.decode()
    assert "Question posée par le portail le" in page.content.decode()
    response = client.post(
        _q_url(question_thread_a),
        {"body": "Oui, la cellule vous écoute.", "version": question_thread_a.version},
    )
    assert response.status_code == 302
    assert ReporterMessage.objects.filter(author=colleague).exists()
    listing = client.get(reverse("contacts")).content.decode()
    assert "Questions posées par le portail" in listing


def test_question_routes_answer_404_to_other_schools_and_to_referents(
    listener_b, referent_a, investigator_a, question_thread_a
):
    attachment = message_post_by_reporter(
        thread=question_thread_a, body="x", files=[pdf()]
    ).attachments.get()
    file_url = reverse(
        "question-thread-file",
        kwargs={"contact_id": question_thread_a.contact_id, "attachment_id": attachment.pk},
    )
    for outsider in (listener_b, referent_a, investigator_a):
        client = login(Client(), outsider)
        assert client.get(_q_url(question_thread_a)).status_code == 404
        assert client.post(_q_url(question_thread_a), {"body": "intrus"}).status_code == 404
        assert client.get(file_url).status_code == 404
        contact_url = reverse("contact-detail", kwargs={"contact_id": question_thread_a.contact_id})
        assert client.get(contact_url).status_code == 404


def test_handing_a_question_over_from_its_page_moves_the_conversation(
    listener_a, question_thread_a
):
    client = login(Client(), listener_a)
    response = client.post(
        reverse("contact-handover", kwargs={"contact_id": question_thread_a.contact_id}),
        {"consent_to_handover": "on"},
    )
    assert response.status_code == 302
    question_thread_a.refresh_from_db()
    assert question_thread_a.case_id is not None
    assert client.get(_q_url(question_thread_a)).status_code == 404


# --- lists ---------------------------------------------------------------------------


def test_inbox_and_start_page_show_unread_conversations_in_constant_queries(referent_a, school_a):
    client = login(Client(), referent_a)

    def count(url: str) -> tuple[int, str]:
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            html = client.get(url).content.decode()
        return len(captured.captured_queries), html

    first = thread_open(case=case_for(referent_a, school_a))
    message_post_by_reporter(thread=first, body="un")
    one_home, html = count(reverse("home"))
    assert "1 message non lu" in html and first.case.reference in html
    one_inbox, _ = count(reverse("inbox"))
    for _n in range(3):
        t = thread_open(case=case_for(referent_a, school_a))
        message_post_by_reporter(thread=t, body="a")
        message_post_by_reporter(thread=t, body="b")
    many_home, html = count(reverse("home"))
    assert html.count("2 messages non lus") == 3
    many_inbox, _ = count(reverse("inbox"))
    assert (one_home, one_inbox) == (many_home, many_inbox)


def test_a_referent_does_not_see_unread_conversations_of_cases_they_do_not_hold(
    referent_a, referent_b, school_a, thread_a
):
    message_post_by_reporter(thread=thread_a, body="x")
    client = login(Client(), staff(Role.REFERENT, school_a))
    assert "message non lu" not in client.get(reverse("home")).content.decode()
    client = login(Client(), referent_b)
    assert "message non lu" not in client.get(reverse("inbox")).content.decode()


def test_who_reads_the_case_but_does_not_handle_it_sees_no_conversation_on_the_case_page(
    school_a, case_a, thread_a
):
    message_post_by_reporter(thread=thread_a, body="réservé au référent")
    legal = staff(Role.LEGAL, school_a)
    access_grant(
        actor=None, case=case_a, user=legal, permissions=["view_case"], reason="assignment"
    )
    client = login(Client(), legal)
    html = client.get(_detail(thread_a)).content.decode()
    assert "réservé au référent" not in html
    assert "Échanges avec la personne ayant signalé" not in html
    thread_a.refresh_from_db()
    assert thread_a.unread_by_handlers == 1  # not marked read by someone who cannot read it
