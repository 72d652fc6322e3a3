"""Notices by mail say only that something awaits, with an opaque link, once committed."""

from __future__ import annotations

import pytest

from cases.core.accounts.notices import notice_link, notice_send
from cases.models import Role
from tests.people import staff

pytestmark = pytest.mark.django_db


def test_a_notice_says_only_that_something_awaits_with_a_link_to_the_start_page(
    school_a, mailoutbox, django_capture_on_commit_callbacks
):
    person = staff(Role.REFERENT, school_a, username="referent.x")
    with django_capture_on_commit_callbacks(execute=True):
        assert notice_send([person]) == 1
    (message,) = mailoutbox
    assert message.to == [person.email]
    assert "Quelque chose vous attend dans Recueil" in message.body
    assert notice_link() in message.body
    assert notice_link().endswith("/")


def test_nothing_leaves_when_the_transaction_rolls_back(
    school_a, mailoutbox, django_capture_on_commit_callbacks
):
    person = staff(Role.REFERENT, school_a, username="referent.x")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notice_send([person])
    assert len(callbacks) == 1 and mailoutbox == []


def test_each_person_gets_their_own_message_once_never_the_actor_nor_an_inactive_account(
    school_a, mailoutbox, django_capture_on_commit_callbacks
):
    one = staff(Role.REFERENT, school_a, username="one")
    two = staff(Role.REFERENT, school_a, username="two")
    actor = staff(Role.REFERENT, school_a, username="actor")
    gone = staff(Role.REFERENT, school_a, username="gone")
    gone.is_active = False
    gone.save()
    no_mail = staff(Role.REFERENT, school_a, username="nomail")
    no_mail.email = ""
    no_mail.save()
    with django_capture_on_commit_callbacks(execute=True):
        notice_send([one, two, one, actor, gone, no_mail], actor=actor)
    assert sorted(m.to for m in mailoutbox) == [[one.email], [two.email]]
