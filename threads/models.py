"""The conversation between the handlers of a report and the person who made it.

A thread belongs to a case, or to a listening record (a question asked through the
portal) until that record is handed over; it is sealed with the same data key as
its case or record, so crypto-shredding the case destroys the conversation too (T3).
Bodies, file names, file contents and the optional notice address are encrypted;
only counters, dates and codes stay clear, for the inbox and the legal clocks.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.core.accounts.models import Entity
from cases.core.crypto.fields import EncryptedBinaryField, EncryptedTextField
from cases.core.crypto.sealed import SealedModel
from cases.models import Case, Contact


class ReporterThread(SealedModel):
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="+")
    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, null=True, blank=True, related_name="reporter_thread"
    )
    # A question asked through the portal is a listening record; when it is handed over
    # the thread keeps this link and gains ``case`` (the record's key is the case's).
    contact = models.OneToOneField(
        Contact, on_delete=models.CASCADE, null=True, blank=True, related_name="reporter_thread"
    )
    # Optional address for "you have a new message" notices only (never shown in clear
    # outside the thread's pages, never logged).
    notify_address = EncryptedTextField(_("adresse pour les avis"))
    created_at = models.DateTimeField(auto_now_add=True)
    last_message_at = models.DateTimeField(null=True, blank=True)
    # Reporter's messages no handler has read yet: the inbox and the start page read
    # this column in their one statement (partial index below), never a count per row.
    unread_by_handlers = models.PositiveIntegerField(default=0)
    # Handlers' messages the reporter has not read yet (shown on their portal page).
    unread_by_reporter = models.PositiveIntegerField(default=0)
    handlers_read_at = models.DateTimeField(null=True, blank=True)
    reporter_read_at = models.DateTimeField(null=True, blank=True)
    # Optimistic concurrency: a message written against a stale thread (someone else
    # wrote meanwhile) is refused, so nobody answers a message they have not seen.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("échanges avec la personne ayant signalé")
        constraints = [
            models.CheckConstraint(
                condition=Q(case__isnull=False) | Q(contact__isnull=False),
                name="thread_has_case_or_contact",
            )
        ]
        indexes = [
            models.Index(
                fields=["entity", "unread_by_handlers"],
                condition=Q(unread_by_handlers__gt=0),
                name="thread_unread_idx",
            )
        ]

    def __str__(self) -> str:
        return f"thread:{self.pk}"


class ReporterMessage(SealedModel):
    class Author(models.TextChoices):
        HANDLER = "handler", _("Personne en charge")
        REPORTER = "reporter", _("Personne ayant signalé")

    class Kind(models.TextChoices):
        MESSAGE = "message", _("Message")
        # Given through the portal, these count for the legal clocks as a letter does.
        ACKNOWLEDGEMENT = "acknowledgement", _("Accusé de réception")
        FEEDBACK = "feedback", _("Information sur les suites")

    thread = models.ForeignKey(ReporterThread, on_delete=models.CASCADE, related_name="messages")
    author_kind = models.CharField(max_length=10, choices=Author.choices)
    # The handler who wrote; none for the reporter (no account, nothing identifying).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.MESSAGE)
    body = EncryptedTextField(_("message"))
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["thread", "created_at"])]

    def __str__(self) -> str:
        return f"reporter-message:{self.pk}"


class ReporterAttachment(SealedModel):
    message = models.ForeignKey(
        ReporterMessage, on_delete=models.CASCADE, related_name="attachments"
    )
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    # Encrypted too: a plain digest would reveal that two reports hold the same file.
    filename = EncryptedTextField(_("nom du fichier"))
    sha256 = EncryptedTextField(_("empreinte"))
    content = EncryptedBinaryField(_("contenu"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"reporter-attachment:{self.pk}"
