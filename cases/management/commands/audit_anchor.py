"""Print the audit chain head as ``sequence:hash``, to be kept outside the database (T5).

Someone with database access could rewrite the whole chain consistently; a head
published elsewhere (a write-once store, a signed e-mail, the operator's logbook)
lets ``verify_audit --anchor sequence:hash`` prove the chain still contains it.
Run it from cron, e.g. daily.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cases.models import AuditChainHead


class Command(BaseCommand):
    help = "Print the current audit chain head (sequence:hash) for external anchoring."

    def handle(self, *args: Any, **options: Any) -> None:
        head = AuditChainHead.objects.get(singleton=1)
        self.stdout.write(f"{head.sequence}:{head.hash}")
