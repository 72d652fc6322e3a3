"""Anchor the audit chain head outside the database now, and print it (T5).

The timers already anchor at every run (``cases/core/audit/anchors.py``); this
command does it by hand and prints ``sequence:hash`` for the operator's own records
(``verify_audit --anchor sequence:hash`` checks such a printed anchor).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cases.core.audit.anchors import audit_anchor_write
from cases.models import AuditChainHead


class Command(BaseCommand):
    help = "Write the audit chain head to the anchor file and print it (sequence:hash)."

    def handle(self, *args: Any, **options: Any) -> None:
        audit_anchor_write()
        head = AuditChainHead.objects.get(singleton=1)
        self.stdout.write(f"{head.sequence}:{head.hash}")
