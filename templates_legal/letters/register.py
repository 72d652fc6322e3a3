"""The register of outgoing letters: one number per entity and year, and its readings.

Numbers are taken when a letter is finalised (``services.letter_finalise``), inside
the transaction that stores it, so a rollback gives the number back (no gaps). The
register page (``views.register``) shows recipients of the cases the reader may see:
each reading is traced.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from cases.core.audit.services import audit_record
from cases.models import Entity, User
from templates_legal.models import LetterSequence


def register_number_allocate(entity: Entity, year: int) -> int:
    """The next number of the entity's register for ``year``; call inside the transaction
    that stores the letter, so that a rollback gives the number back (no gaps).

    The counter row is created in its own savepoint: two first letters of the year
    racing on PostgreSQL see one ``IntegrityError`` and both then lock the same row.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("register numbers are allocated inside the letter's transaction")
    if not LetterSequence.objects.filter(entity=entity, year=year).exists():
        try:
            with transaction.atomic():
                LetterSequence.objects.create(entity=entity, year=year)
        except IntegrityError:
            pass
    sequence = LetterSequence.objects.select_for_update().get(entity=entity, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last


def register_read_record(*, actor: User, entity: Entity, year: int, rows: int, shown: int) -> None:
    """The register page shows recipients of visible cases: one trace per reading."""
    audit_record(
        actor=actor,
        action="letter.register_read",
        object_type="templates_legal.register",
        object_id=f"{entity.code}/{year}",
        entity_id=entity.pk,
        details={"year": year, "rows": rows, "recipients_shown": shown},
    )
