"""Walk the audit hash chain and report the first broken link (exit status 1)."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand

from cases.core.audit.registry import auditlog_verify
from cases.core.audit.services import audit_verify
from cases.models import AuditEvent


class Command(BaseCommand):
    help = "Verify the tamper-evident audit trail."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--anchor",
            action="append",
            default=[],
            help="sequence:hash printed earlier by audit_anchor; may be repeated",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        for anchor in options["anchor"]:
            sequence, _sep, expected = anchor.partition(":")
            stored = AuditEvent.objects.filter(sequence=int(sequence)).values_list(
                "hash", flat=True
            )
            if list(stored) != [expected]:
                self.stderr.write(f"Audit chain does not contain the anchored head {anchor}")
                sys.exit(1)
        report = audit_verify()
        tampered = auditlog_verify()
        if tampered:
            self.stderr.write(f"django-auditlog entries changed after sealing: {tampered[:20]}")
            sys.exit(1)
        if report.intact:
            self.stdout.write(
                f"Audit chain intact: {report.checked} events, head {report.head_hash}"
            )
            return
        self.stderr.write(
            f"Audit chain BROKEN at event {report.broken_at}: {report.problem} "
            f"({report.checked} events verified before it)"
        )
        sys.exit(1)
