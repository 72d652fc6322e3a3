"""Every change to a conversation with a reporting person: open, post, read, hand over.

Who may call what:

- the portal (the reporting person, authenticated by their receipt code, which the
  portal checks before calling): ``message_post_by_reporter`` and
  ``thread_messages_for_reporter``. Their actions are audited with no actor and
  ``"by": "reporter"``, ids and counts only: no address, no user agent (T6, T7);
- the handlers: for a case's thread, whoever holds ``triage_case`` on it (the referent in
  charge; an investigator, the legal directorate or a director does not); for a
  question's thread (a listening record not handed over), a listener of its entity —
  a question asked through the portal is the listening cell's, not one listener's.
  Their reads are traced as reads of the case (``case.read``, ``what``
  ``reporter_thread``) or of the record (``contact.read``).

Each change runs in one transaction, locks the thread, writes its audit event
(labels in ``threads.audit_labels``) and, for a handler's message, a content-free
notice to the optional notice address once the transaction commits.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Prefetch, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.core.accounts.notices import notice_send
from cases.core.audit.services import audit_record
from cases.models import Case, CaseGrant, CasePermission, Contact, Role, RoleMembership, User
from cases.selectors.cases import user_can
from cases.services.cases import case_read_record
from threads.files import IncomingFile, files_check, incoming
from threads.models import ReporterAttachment, ReporterMessage, ReporterThread

REPORTER = "reporter"


class StaleThread(ValidationError):
    """A message arrived since the page was shown: nothing was sent, the text is kept."""


# --- who may handle a thread ------------------------------------------------------


def handler_may(actor: User, thread: ReporterThread) -> bool:
    """Whether ``actor`` may read and answer ``thread`` as a handler (see the module doc)."""
    if not actor.is_authenticated or not actor.is_active:
        return False
    if thread.case_id is not None:
        return user_can(actor, thread.case, CasePermission.TRIAGE)  # type: ignore[arg-type]
    contact = thread.contact
    if contact is None or contact.case_id is not None:
        return False
    return RoleMembership.objects.filter(
        user=actor, entity_id=contact.entity_id, role=Role.LISTENER
    ).exists()


def _handlers(thread: ReporterThread) -> QuerySet[User]:
    """Who answers the thread now: the case's ``triage_case`` holders, or the listeners."""
    if thread.case_id is not None:
        held = CaseGrant.objects.filter(
            content_object_id=thread.case_id, permission__codename=CasePermission.TRIAGE
        ).values("user_id")
        return User.objects.filter(pk__in=held)
    return User.objects.filter(
        memberships__entity_id=thread.entity_id, memberships__role=Role.LISTENER
    ).distinct()


def _require_handler(actor: User, thread: ReporterThread) -> None:
    if not handler_may(actor, thread):
        raise PermissionDenied


# --- audit helpers ----------------------------------------------------------------


def _target(thread: ReporterThread) -> dict[str, Any]:
    """Where the thread's events belong: the case's history, or the listening record's."""
    if thread.case_id is not None:
        return {"object_type": "cases.case", "object_id": str(thread.case_id)}
    return {"object_type": "cases.contact", "object_id": str(thread.contact_id)}


def _audit(thread: ReporterThread, action: str, actor: User | None, **details: Any) -> None:
    audit_record(
        actor=actor,
        action=action,
        entity_id=thread.entity_id,
        details={"thread": str(thread.pk), **details},
        **_target(thread),
    )


def _lock(thread: ReporterThread) -> ReporterThread:
    # Only the thread's row is locked (the case and record are read, not written; and
    # PostgreSQL refuses FOR UPDATE on the nullable side of their outer joins).
    return (
        ReporterThread.objects.select_for_update(of=("self",))
        .select_related("case", "contact")
        .get(pk=thread.pk)
    )


# --- open -------------------------------------------------------------------------


def thread_open(
    *, case: Case | None = None, contact: Contact | None = None, notify_address: str | None = None
) -> ReporterThread:
    """Open the conversation of a portal report (``case``) or question (``contact``).

    Called by the portal when a report or a question is received. Exactly one of
    ``case`` and ``contact``. Sealed with its data key. A question (the record's text)
    waits unread for the listening cell, whose listeners get the content-free notice; a
    report waits as its acknowledgement task. Audited: ``thread.opened`` (by the
    reporter; whether a notice address was given, not the address).
    """
    if (case is None) == (contact is None):
        raise ValueError("a thread belongs to a case or to a listening record")
    address = (notify_address or "").strip() or None
    owner: Case | Contact = case if case is not None else contact  # type: ignore[assignment]
    with transaction.atomic():
        existing = (
            ReporterThread.objects.filter(case=case)
            if case is not None
            else ReporterThread.objects.filter(contact=contact)
        )
        if existing.exists():
            raise ValidationError(_("Ces échanges existent déjà."))
        question = contact is not None
        thread = ReporterThread(
            key_id=owner.key_id,
            entity_id=owner.entity_id,
            case=case,
            contact=contact,
            notify_address=address,
            unread_by_handlers=1 if question else 0,
            last_message_at=timezone.now() if question else None,
        )
        thread.save(force_insert=True)
        _audit(thread, "thread.opened", None, by=REPORTER, notify=address is not None)
        if question:
            notice_send(_handlers(thread))
    return thread


# --- post -------------------------------------------------------------------------


def _body_clean(body: str) -> str:
    text = (body or "").strip()
    if not text:
        raise ValidationError(_("Le message est vide."), code="empty")
    if len(text) > int(settings.RECUEIL_THREAD_MAX_BODY_CHARS):
        raise ValidationError(
            _("Le message dépasse %(n)d caractères.")
            % {"n": int(settings.RECUEIL_THREAD_MAX_BODY_CHARS)},
            code="too_long",
        )
    return text


def _writable(thread: ReporterThread) -> None:
    if thread.case_id is not None and thread.case.status == Case.Status.SHREDDED:  # type: ignore[union-attr]
        raise ValidationError(_("Ce dossier a été détruit : les échanges sont clos."))


def _store(
    thread: ReporterThread,
    *,
    author_kind: str,
    author: User | None,
    body: str,
    files: list[IncomingFile],
    kind: str,
) -> ReporterMessage:
    message = ReporterMessage(
        key_id=thread.key_id,
        thread=thread,
        author_kind=author_kind,
        author=author,
        kind=kind,
        body=body,
    )
    message.save(force_insert=True)
    for f in files:
        ReporterAttachment(
            key_id=thread.key_id,
            message=message,
            content_type=f.content_type,
            size=len(f.data),
            filename=f.filename or "-",
            sha256=f.sha256,
            content=f.data,
        ).save(force_insert=True)
    return message


def message_post_by_reporter(
    *, thread: ReporterThread, body: str, files: Sequence[Any] = (), version: int | None = None
) -> ReporterMessage:
    """The reporting person writes (the portal has checked their receipt code).

    ``version``: the thread version their page showed, if the portal checks for
    concurrent messages. Audited: ``thread.reporter_posted`` with ids and a file count.
    When nothing was waiting unread, the handlers (the case's ``triage_case`` holders,
    or the entity's listeners for a question) get the usual content-free notice.
    """
    text = _body_clean(body)
    received = incoming(files)
    files_check(received)
    with transaction.atomic():
        locked = _lock(thread)
        if version is not None and locked.version != version:
            raise StaleThread(_("Un nouveau message est arrivé : lisez-le avant d'envoyer."))
        _writable(locked)
        message = _store(
            locked,
            author_kind=ReporterMessage.Author.REPORTER,
            author=None,
            body=text,
            files=received,
            kind=ReporterMessage.Kind.MESSAGE,
        )
        ReporterThread.objects.filter(pk=locked.pk).update(
            unread_by_handlers=F("unread_by_handlers") + 1,
            last_message_at=message.created_at,
            version=F("version") + 1,
        )
        _audit(
            locked,
            "thread.reporter_posted",
            None,
            by=REPORTER,
            message=str(message.pk),
            files=len(received),
        )
        if locked.unread_by_handlers == 0:
            # One notice when a message starts waiting, not one per message.
            notice_send(_handlers(locked))
    thread.refresh_from_db(fields=["unread_by_handlers", "last_message_at", "version"])
    return message


def message_post_by_handler(
    *,
    actor: User,
    thread: ReporterThread,
    body: str,
    files: Sequence[Any] = (),
    version: int | None = None,
    kind: str = ReporterMessage.Kind.MESSAGE,
) -> ReporterMessage:
    """A handler writes to the reporting person (see the module doc for who may).

    ``version``: the thread version the handler's page showed; a message that arrived
    since refuses the post (``StaleThread``) so nobody answers unseen. ``kind``: an
    acknowledgement or a feedback given through the portal (the procedure's steps
    pass it). Audited: ``thread.handler_posted`` (ids, kind, file count); the notice
    address, if any, gets a content-free notice once the transaction commits.
    """
    if kind not in ReporterMessage.Kind.values:
        raise ValidationError(_("Type de message inconnu."))
    text = _body_clean(body)
    received = incoming(files)
    files_check(received)
    with transaction.atomic():
        locked = _lock(thread)
        _require_handler(actor, locked)
        if version is not None and locked.version != version:
            raise StaleThread(
                _(
                    "Un nouveau message est arrivé pendant que vous écriviez : lisez-le, "
                    "votre texte n'a pas été envoyé et reste dans le formulaire."
                )
            )
        _writable(locked)
        message = _store(
            locked,
            author_kind=ReporterMessage.Author.HANDLER,
            author=actor,
            body=text,
            files=received,
            kind=kind,
        )
        ReporterThread.objects.filter(pk=locked.pk).update(
            unread_by_reporter=F("unread_by_reporter") + 1,
            last_message_at=message.created_at,
            version=F("version") + 1,
        )
        _audit(
            locked,
            "thread.handler_posted",
            actor,
            message=str(message.pk),
            kind=kind,
            files=len(received),
        )
        address = locked.notify_address
        if address:
            reporter_notice_send(address)
    thread.refresh_from_db(fields=["unread_by_reporter", "last_message_at", "version"])
    return message


# --- notices ----------------------------------------------------------------------

NOTICE_SUBJECT = "Vous avez un nouveau message / You have a new message"
NOTICE_BODY = (
    "Bonjour,\n\n"
    "Vous avez un nouveau message. Pour le lire, rendez-vous sur le portail avec votre "
    "code de suivi :\n\n"
    "{link}\n\n"
    "Ce message ne contient volontairement aucun détail.\n\n"
    "---\n\n"
    "Hello,\n\n"
    "You have a new message. To read it, go to the portal with your receipt code:\n\n"
    "{link}\n\n"
    "This message deliberately contains no details.\n"
)


def portal_link() -> str:
    """The portal's home page: the one link a notice carries (no code, no id: T7)."""
    base = settings.RECUEIL_BASE_URL.rstrip("/")
    try:
        return base + reverse("portal:home")
    except NoReverseMatch:
        return base + "/"


def reporter_notice_send(address: str) -> None:
    """Send "you have a new message" to ``address`` once the transaction commits.

    The same words for every thread and event: no reference, no name, no content, and
    the address itself is never logged (on failure, nothing is said of it: T7).
    """
    subject = f"{settings.EMAIL_SUBJECT_PREFIX}{NOTICE_SUBJECT}"
    body = NOTICE_BODY.format(link=portal_link())

    def send() -> None:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=True)

    transaction.on_commit(send)


# --- read -------------------------------------------------------------------------


def _messages(thread: ReporterThread) -> QuerySet[ReporterMessage]:
    return (
        ReporterMessage.objects.filter(thread=thread)
        .select_related("author")
        .prefetch_related(
            Prefetch(
                "attachments",
                queryset=ReporterAttachment.objects.defer("content").order_by("created_at"),
            )
        )
        .order_by("created_at")
    )


def thread_messages_for_reporter(*, thread: ReporterThread) -> list[ReporterMessage]:
    """The whole conversation, oldest first, for the reporting person's portal page.

    Marks the handlers' messages read by the reporter; audited
    (``thread.reporter_read``, a count) only when something was unread.
    """
    with transaction.atomic():
        locked = _lock(thread)
        unread = locked.unread_by_reporter
        if unread:
            ReporterThread.objects.filter(pk=locked.pk).update(
                unread_by_reporter=0, reporter_read_at=timezone.now()
            )
            _audit(locked, "thread.reporter_read", None, by=REPORTER, count=unread)
        messages = list(_messages(locked))
    thread.unread_by_reporter = 0
    return messages


def thread_messages_for_handler(*, actor: User, thread: ReporterThread) -> list[ReporterMessage]:
    """The whole conversation, oldest first, for a handler allowed to read it.

    Marks the reporter's messages read by the handlers; traced as a read of the case
    (``case.read``, ``what`` ``reporter_thread``) or of the listening record.
    """
    with transaction.atomic():
        locked = _lock(thread)
        _require_handler(actor, locked)
        if locked.unread_by_handlers:
            ReporterThread.objects.filter(pk=locked.pk).update(
                unread_by_handlers=0, handlers_read_at=timezone.now()
            )
        _read_record(actor, locked, "reporter_thread")
        messages = list(_messages(locked))
    thread.unread_by_handlers = 0
    return messages


def _read_record(actor: User, thread: ReporterThread, what: str, item: str | None = None) -> None:
    if thread.case_id is not None:
        case_read_record(actor=actor, case=thread.case, what=what, item=item)  # type: ignore[arg-type]
        return
    details: dict[str, Any] = {"what": what}
    if item:
        details["item"] = item
    audit_record(
        actor=actor,
        action="contact.read",
        object_type="cases.contact",
        object_id=str(thread.contact_id),
        entity_id=thread.entity_id,
        details=details,
    )


class ChecksumMismatch(Exception):
    """A stored file no longer matches its checksum: never served."""


def attachment_read_by_handler(*, actor: User, attachment: ReporterAttachment) -> bytes:
    """A file's bytes for a handler allowed to read its thread; traced as a read."""
    thread = attachment.message.thread
    _require_handler(actor, thread)
    data = _checked(attachment)
    _read_record(actor, thread, "reporter_file", item=str(attachment.pk))
    return data


def attachment_read_by_reporter(*, thread: ReporterThread, attachment: ReporterAttachment) -> bytes:
    """A file of the reporter's own thread (the portal has checked the receipt code)."""
    if attachment.message.thread_id != thread.pk:
        raise PermissionDenied
    return _checked(attachment)


def _checked(attachment: ReporterAttachment) -> bytes:
    data = bytes(attachment.content)
    if hashlib.sha256(data).hexdigest() != attachment.sha256:
        raise ChecksumMismatch(str(attachment.pk))
    return data


# --- hand-over --------------------------------------------------------------------


def thread_handover(
    *, thread: ReporterThread, case: Case, actor: User | None = None
) -> ReporterThread:
    """A question's thread follows its listening record into the case it became.

    Called by the listening record's hand-over (``workflows.steps.intake``), inside
    its transaction, with the case created from the record (same data key). From then
    on the referents of the case answer, the listeners no longer do. Audited on the
    case: ``thread.handed_over``.
    """
    with transaction.atomic():
        locked = _lock(thread)
        if locked.case_id is not None:
            raise ValidationError(_("Ces échanges sont déjà rattachés à un dossier."))
        if locked.contact is None or locked.contact.case_id != case.pk:
            raise ValidationError(_("Ces échanges ne viennent pas de la fiche transmise."))
        if case.key_id != locked.key_id:
            raise ValidationError(_("Ces échanges ne viennent pas de la fiche transmise."))
        ReporterThread.objects.filter(pk=locked.pk).update(
            case=case, entity_id=case.entity_id, version=F("version") + 1
        )
        locked.refresh_from_db()
        _audit(locked, "thread.handed_over", actor, contact=str(locked.contact_id))
    thread.refresh_from_db()
    return thread
