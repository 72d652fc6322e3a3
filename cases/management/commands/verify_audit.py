"""Walk the audit hash chain and report the first broken link (exit status 1).

By default the latest anchors written outside the database (``RECUEIL_AUDIT_ANCHOR_DIR``)
are checked too, so a chain rewritten consistently or cut short fails (T5).
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand

from cases.core.audit.anchors import Anchor, anchor_path, anchors_check, anchors_read
from cases.core.audit.registry import auditlog_verify
from cases.core.audit.services import audit_verify

LATEST_ANCHORS = 24


class Command(BaseCommand):
    help = "Verify the tamper-evident audit trail against its anchors."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--anchor",
            action="append",
            default=[],
            help="sequence:hash printed earlier by audit_anchor; may be repeated",
        )
        parser.add_argument(
            "--anchors",
            type=int,
            default=LATEST_ANCHORS,
            help=f"how many of the latest anchors of the anchor file to check "
            f"(default {LATEST_ANCHORS}; 0: the whole file)",
        )
        parser.add_argument(
            "--no-anchor-file",
            action="store_true",
            help="do not read the anchor file (the chain's own consistency only)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        given = [self._parse(text) for text in options["anchor"]]
        from_file = [] if options["no_anchor_file"] else anchors_read(options["anchors"] or None)
        problem = anchors_check(given + from_file)
        if problem:
            self.stderr.write(problem)
            sys.exit(1)
        if not options["no_anchor_file"] and not from_file:
            self.stderr.write(
                f"No anchor in {anchor_path()}: only the chain's own consistency is checked."
            )
        report = audit_verify()
        tampered = auditlog_verify()
        if tampered:
            self.stderr.write(f"django-auditlog entries changed after sealing: {tampered[:20]}")
            sys.exit(1)
        if report.intact:
            self.stdout.write(
                f"Audit chain intact: {report.checked} events, head {report.head_hash}, "
                f"{len(given) + len(from_file)} anchors held"
            )
            return
        self.stderr.write(
            f"Audit chain BROKEN at event {report.broken_at}: {report.problem} "
            f"({report.checked} events verified before it)"
        )
        sys.exit(1)

    def _parse(self, text: str) -> Anchor:
        sequence, _sep, expected = text.strip().partition(":")
        if not sequence.isdigit() or len(expected) != 64:
            self.stderr.write(f"Not an anchor (sequence:hash): {text!r}")
            sys.exit(2)
        return Anchor("given on the command line", int(sequence), expected)
