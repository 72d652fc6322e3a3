from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import AuditEvent, CaseGrant, Role
from tests.people import staff
from tests.threads.conftest import PDF, pdf
from threads.files import IncomingFile
from threads.models import ReporterAttachment, ReporterMessage, ReporterThread
from threads.services import (
    StaleThread,
    attachment_read_by_handler,
    message_post_by_handler,
    message_post_by_reporter,
    thread_messages_for_handler,
    thread_messages_for_reporter,
    thread_open,
)
from workflows.steps.intake import contact_handover

pytestmark = pytest.mark.django_db


def test_a_thread_is_sealed_with_its_case_key_and_opening_it_twice_is_refused(case_a):
    thread = thread_open(case=case_a)
    assert thread.key_id == case_a.key_id
    assert thread.entity_id == case_a.entity_id
    with pytest.raises(ValidationError):
        thread_open(case=case_a)
    with pytest.raises(ValueError):
        thread_open()


def test_messages_round_trip_between_reporter_and_referent_with_files(referent_a, thread_a):
    sent = message_post_by_reporter(thread=thread_a, body="Il a recommencé hier.", files=[pdf()])
    thread_a.refresh_from_db()
    assert thread_a.unread_by_handlers == 1
    seen = thread_messages_for_handler(actor=referent_a, thread=thread_a)
    assert [m.body for m in seen] == ["Il a recommencé hier."]
    assert seen[0].author_kind == ReporterMessage.Author.REPORTER and seen[0].author is None
    attachment = seen[0].attachments.get()
    assert attachment_read_by_handler(actor=referent_a, attachment=attachment) == PDF
    thread_a.refresh_from_db()
    assert thread_a.unread_by_handlers == 0
    message_post_by_handler(actor=referent_a, thread=thread_a, body="Merci, nous agissons.")
    thread_a.refresh_from_db()
    assert thread_a.unread_by_reporter == 1
    mine = thread_messages_for_reporter(thread=thread_a)
    assert [m.body for m in mine] == [sent.body, "Merci, nous agissons."]
    thread_a.refresh_from_db()
    assert thread_a.unread_by_reporter == 0


def test_reporter_actions_are_audited_without_actor_nor_content(thread_a):
    message_post_by_reporter(thread=thread_a, body="secret-body-text", files=[pdf("secret.pdf")])
    event = AuditEvent.objects.filter(action="thread.reporter_posted").get()
    assert event.actor_id is None
    assert event.object_type == "cases.case" and event.object_id == str(thread_a.case_id)
    assert set(event.details) == {"thread", "by", "message", "files"}
    assert event.details["by"] == "reporter" and event.details["files"] == 1
    assert "secret" not in str(event.details)


def test_a_handler_message_sends_one_content_free_notice_on_commit(
    referent_a, thread_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message_post_by_handler(actor=referent_a, thread=thread_a, body="Réponse confidentielle")
    assert len(mail.outbox) == 1
    notice = mail.outbox[0]
    assert notice.to == ["someone@example.invalid"]
    assert "confidentielle" not in notice.body and case_a_ref(thread_a) not in notice.body
    assert "confidentielle" not in notice.subject


def case_a_ref(thread: ReporterThread) -> str:
    return thread.case.reference  # type: ignore[union-attr]


def test_without_a_notice_address_nothing_is_sent(
    referent_a, case_a, django_capture_on_commit_callbacks
):
    thread = thread_open(case=case_a, notify_address="  ")
    with django_capture_on_commit_callbacks(execute=True):
        message_post_by_handler(actor=referent_a, thread=thread, body="Bonjour")
    assert mail.outbox == []


def test_a_stale_version_refuses_the_handler_message(referent_a, thread_a):
    shown = thread_a.version
    message_post_by_reporter(thread=thread_a, body="Un ajout")
    with pytest.raises(StaleThread):
        message_post_by_handler(actor=referent_a, thread=thread_a, body="Réponse", version=shown)
    assert not ReporterMessage.objects.filter(author_kind="handler").exists()
    thread_a.refresh_from_db()
    message_post_by_handler(
        actor=referent_a, thread=thread_a, body="Réponse", version=thread_a.version
    )


@pytest.mark.parametrize(
    "who", ["referent_b", "investigator_a", "listener_a", "legal", "no_grant_referent"]
)
def test_only_the_referent_holding_the_case_may_handle_its_thread(request, who, thread_a, school_a):
    if who == "legal":
        actor = staff(Role.LEGAL, school_a)
    elif who == "no_grant_referent":
        actor = staff(Role.REFERENT, school_a)
    else:
        actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        message_post_by_handler(actor=actor, thread=thread_a, body="x")
    with pytest.raises(PermissionDenied):
        thread_messages_for_handler(actor=actor, thread=thread_a)


def test_files_are_checked_and_a_refused_file_stores_nothing(thread_a, settings):
    settings.RECUEIL_THREAD_MAX_FILE_BYTES = 100
    settings.RECUEIL_THREAD_MAX_FILES = 2
    bad = [
        [IncomingFile("a.exe", "application/x-msdownload", b"MZ....")],
        [IncomingFile("a.pdf", "application/pdf", b"not a pdf")],
        [IncomingFile("a.pdf", "application/pdf", b"")],
        [pdf(data=b"%PDF" + b"x" * 200)],
        [pdf(), pdf(), pdf()],
        [IncomingFile("a.txt", "text/plain", b"\xff\xfe\xfa")],
    ]
    for files in bad:
        with pytest.raises(ValidationError):
            message_post_by_reporter(thread=thread_a, body="Avec pièce", files=files)
    assert not ReporterMessage.objects.exists()
    assert not ReporterAttachment.objects.exists()
    with pytest.raises(ValidationError):
        message_post_by_reporter(thread=thread_a, body="   ")


def test_a_question_is_answered_by_a_listener_of_its_entity_only(
    question_thread_a, listener_a, listener_b, referent_a, school_a
):
    colleague = staff(Role.LISTENER, school_a)
    message_post_by_reporter(thread=question_thread_a, body="Une question")
    message_post_by_handler(actor=colleague, thread=question_thread_a, body="Une réponse")
    for outsider in (listener_b, referent_a):
        with pytest.raises(PermissionDenied):
            thread_messages_for_handler(actor=outsider, thread=question_thread_a)
    read = AuditEvent.objects.filter(action="contact.read").last()
    assert read is None or read.object_id == str(question_thread_a.contact_id)


def test_handing_a_question_over_moves_its_thread_into_the_case(
    question_thread_a, question_a, listener_a, referent_a, school_a
):
    message_post_by_reporter(thread=question_thread_a, body="Je veux signaler.")
    case = contact_handover(actor=listener_a, contact=question_a, consent=True)
    question_thread_a.refresh_from_db()
    assert question_thread_a.case_id == case.pk
    assert question_thread_a.contact_id == question_a.pk
    assert AuditEvent.objects.filter(
        action="thread.handed_over", object_type="cases.case", object_id=str(case.pk)
    ).exists()
    # The listeners no longer answer; the case's referents do.
    with pytest.raises(PermissionDenied):
        thread_messages_for_handler(actor=listener_a, thread=question_thread_a)
    grants = CaseGrant.objects.filter(content_object=case, permission__codename="triage_case")
    assert not grants.exists()  # nobody holds it before a referent takes the task


def test_the_referent_in_charge_gets_one_content_free_notice_when_a_message_starts_waiting(
    referent_a, thread_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message_post_by_reporter(thread=thread_a, body="premier-message-secret")
        message_post_by_reporter(thread=thread_a, body="second")
    assert [m.to for m in mail.outbox] == [[referent_a.email]]
    assert "secret" not in mail.outbox[0].body
    thread_messages_for_handler(actor=referent_a, thread=thread_a)
    with django_capture_on_commit_callbacks(execute=True):
        message_post_by_reporter(thread=thread_a, body="troisième")
    assert len(mail.outbox) == 2


def test_a_new_question_waits_unread_and_notifies_the_listeners_of_its_entity_only(
    question_a, listener_a, listener_b, referent_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        thread = thread_open(contact=question_a)
    assert thread.unread_by_handlers == 1
    assert [m.to for m in mail.outbox] == [[listener_a.email]]
    with django_capture_on_commit_callbacks(execute=True):
        message_post_by_reporter(thread=thread, body="Une précision")
    assert len(mail.outbox) == 1  # still waiting: no second notice
    thread_messages_for_handler(actor=listener_a, thread=thread)
    thread.refresh_from_db()
    assert thread.unread_by_handlers == 0
