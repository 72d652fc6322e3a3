"""Which optional sections of a case page hold anything, in one statement.

Most cases have no protective measure, note, attachment, letter or enquiry yet, and
the decisions of the timeline exist only once their step is done. The case page
asks once which of them exist (an ``EXISTS`` per table, each an index probe on the
case's foreign key) and reads only those: up to thirteen round trips and query
compilations fewer per reading of the busiest page of the application
(docs/PERFORMANCE.md). The statement is written once from the models' metadata,
so it follows renamed tables and columns; it carries no case content.
"""

from __future__ import annotations

import functools

from django.db import connection

from cases.models import Case

SECTIONS = (
    "protective_measures",
    "notes",
    "attachments",
    "letters",
    "enquiries",
    "triage_decisions",
    "outcome_decisions",
    "closures",
    "narrative_versions",
    # The conversation with the reporting person (``threads``), by its reverse relation.
    "reporter_thread",
    # Sections drawn by inclusion tags (meetings, protection, retention's legal holds):
    # probed here too, so that an empty one costs no statement of its own.
    "meetings",
    "feedbacks",
    "protection_requests",
    "suspensions",
    "legal_holds",
)


@functools.cache
def _presence_sql() -> str:
    quote = connection.ops.quote_name
    probes = []
    for name in SECTIONS:
        relation = Case._meta.get_field(name)
        table = relation.related_model._meta.db_table  # type: ignore[union-attr]
        column = relation.field.column  # type: ignore[union-attr]
        # Names from the models' metadata, quoted; the case id is a bound parameter.
        probes.append(f"EXISTS (SELECT 1 FROM {quote(table)} WHERE {quote(column)} = %s)")  # noqa: S608
    return "SELECT " + ", ".join(probes)


def case_sections(case: Case) -> frozenset[str]:
    """The names (``SECTIONS``) of the case's relations that hold at least one row."""
    value = Case._meta.get_field("id").get_db_prep_value(case.pk, connection)
    with connection.cursor() as cursor:
        cursor.execute(_presence_sql(), [value] * len(SECTIONS))
        row = cursor.fetchone()
    return frozenset(name for name, present in zip(SECTIONS, row, strict=True) if present)


def present(case: Case, section: str) -> bool:
    """Whether the page must read ``section``: yes unless the case page found it empty."""
    known: frozenset[str] | None = getattr(case, "present_sections", None)
    return known is None or section in known
