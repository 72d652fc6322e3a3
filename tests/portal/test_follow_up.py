"""Coming back with the receipt code: read, answer, add files; nobody else gets in."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from cases.models import Case, Contact, Role
from portal.models import RateCounter
from tests.people import staff
from tests.portal.helpers import ask_question, code_of, enter_code, submit_report, text_of
from threads.models import ReporterMessage, ReporterThread
from threads.services import message_post_by_handler

pytestmark = pytest.mark.django_db


def _reported(client: Client, entity) -> str:
    return code_of(submit_report(client, entity).content)


def test_the_right_code_opens_the_persons_own_page(client, school_a):
    code = _reported(client, school_a)
    fresh = Client()
    answer = enter_code(fresh, code)
    assert answer.status_code == 302 and answer["Location"] == reverse("portal:follow")
    page = fresh.get(reverse("portal:follow"))
    text = text_of(page)
    assert page.status_code == 200
    assert "Accusé de réception écrit du signalement" in text
    assert "Information écrite de l'auteur du signalement sur les suites données" in text
    assert "en cours de traitement" in text


def test_the_code_is_accepted_in_lower_case_without_spaces(client, school_a):
    code = _reported(client, school_a)
    assert enter_code(Client(), code.replace(" ", "").lower()).status_code == 302


def test_a_wrong_code_is_refused_and_opens_nothing(client, school_a):
    code = _reported(client, school_a)
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    fresh = Client()
    page = enter_code(fresh, wrong)
    assert page.status_code == 200
    assert "ne correspond à aucun signalement" in text_of(page)
    assert fresh.get(reverse("portal:follow"))["Location"] == reverse("portal:login")


def test_the_follow_up_pages_refuse_a_visitor_without_a_code(client, school_a):
    _reported(client, school_a)
    visitor = Client()
    assert visitor.get(reverse("portal:follow"))["Location"] == reverse("portal:login")
    assert visitor.post(reverse("portal:follow"), {"body": "x"})["Location"] == reverse(
        "portal:login"
    )


@override_settings(RECUEIL_PORTAL_CODE_FAILURES_PER_PREFIX=3)
def test_guessing_one_prefix_locks_it_even_for_the_right_code(client, school_a):
    code = _reported(client, school_a)
    prefix = code[:4]
    guesser = Client()
    for n in range(3):
        enter_code(guesser, f"{prefix} 0000 0000 0000 000{n}")
    locked = enter_code(Client(), code)
    assert locked.status_code == 429
    assert "Trop d'essais" in text_of(locked)
    # Counted by prefix in the database, not by address: another prefix still opens.
    other = _reported(client, school_a)
    if other[:4] != prefix:
        assert enter_code(Client(), other).status_code == 302


@override_settings(RECUEIL_PORTAL_CODE_FAILURES_PER_HOUR=4)
def test_guessing_across_prefixes_locks_every_attempt(client, school_a):
    code = _reported(client, school_a)
    for n in range(4):
        enter_code(Client(), f"{n}ZZZ 0000 0000 0000 0000")
    assert enter_code(Client(), code).status_code == 429
    assert RateCounter.objects.get(bucket="code:all").hits == 4


def test_a_malformed_code_is_refused_and_counted(client, school_a):
    page = enter_code(Client(), "not a code")
    assert "ne correspond à aucun signalement" in text_of(page)
    assert RateCounter.objects.get(bucket="code:all").hits == 1


def test_the_person_reads_the_acknowledgement_and_answers_with_a_file(client, school_a):
    code = _reported(client, school_a)
    referent = staff(Role.REFERENT, school_a)
    case = Case.objects.get()
    from cases.services.access import access_grant
    from tests.builders import REFERENT_PERMISSIONS

    access_grant(
        actor=None, case=case, user=referent, permissions=REFERENT_PERMISSIONS, reason="assignment"
    )
    thread = ReporterThread.objects.get(case=case)
    message_post_by_handler(
        actor=referent, thread=thread, body="Nous avons bien reçu votre signalement."
    )
    person = Client()
    enter_code(person, code)
    page = person.get(reverse("portal:follow"))
    assert "Nous avons bien reçu votre signalement." in text_of(page)
    thread.refresh_from_db()
    pdf = SimpleUploadedFile("suite.pdf", b"%PDF-1.4 suite %%EOF", content_type="application/pdf")
    sent = person.post(
        reverse("portal:follow"),
        {"body": "Il y a eu un nouvel épisode hier.", "files": [pdf], "version": thread.version},
    )
    assert sent.status_code == 302
    mine = ReporterMessage.objects.filter(author_kind="reporter").get()
    assert mine.body == "Il y a eu un nouvel épisode hier."
    attachment = mine.attachments.get()
    download = person.get(reverse("portal:file", args=[attachment.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 suite %%EOF"  # type: ignore[attr-defined]


def test_another_persons_file_is_404(client, school_a):
    pdf = SimpleUploadedFile("a.pdf", b"%PDF-1.4 a %%EOF", content_type="application/pdf")
    submit_report(client, school_a, files=[pdf])
    attachment_id = ReporterMessage.objects.get().attachments.get().pk
    other = Client()
    enter_code(other, _reported(Client(), school_a))
    assert other.get(reverse("portal:file", args=[attachment_id])).status_code == 404
    assert Client().get(reverse("portal:file", args=[attachment_id])).status_code == 404


def test_an_empty_answer_is_refused_and_nothing_is_posted(client, school_a):
    person = Client()
    enter_code(person, _reported(client, school_a))
    page = person.post(reverse("portal:follow"), {"body": "  "})
    assert page.status_code == 200
    assert not ReporterMessage.objects.exists()


def test_leaving_ends_the_session(client, school_a):
    person = Client()
    enter_code(person, _reported(client, school_a))
    person.post(reverse("portal:logout"))
    assert person.get(reverse("portal:follow"))["Location"] == reverse("portal:login")


def test_a_question_becomes_a_listening_record_with_its_own_code(client, school_a):
    page = ask_question(client, school_a)
    assert page.status_code == 200
    code = code_of(page.content)
    contact = Contact.objects.get()
    assert contact.case is None and contact.listener is None and contact.anonymous
    assert contact.narrative == "Puis-je en parler sans être nommée ?"
    person = Client()
    enter_code(person, code)
    text = text_of(person.get(reverse("portal:follow")))
    assert "Votre question a été reçue" in text


@override_settings(RECUEIL_PORTAL_SUBMISSIONS_PER_ENTITY_PER_HOUR=2)
def test_submissions_beyond_the_hourly_limit_are_refused_clearly(client, school_a, school_b):
    submit_report(client, school_a)
    ask_question(client, school_a)
    refused = submit_report(client, school_a)
    assert refused.status_code == 429
    assert "beaucoup de signalements" in text_of(refused)
    assert b'name="draft"' in refused.content  # nothing typed is lost
    assert Case.objects.count() == 1
    assert submit_report(client, school_b).status_code == 200  # the limit is per entity
