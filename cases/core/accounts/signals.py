"""What happens to accounts, for the layers above to act on (in the same transaction).

The accounts core cannot know what a role gave access to; the case records can. They
connect to these signals in ``CasesConfig.ready``.
"""

from __future__ import annotations

from django.dispatch import Signal

role_revoked = Signal()
"""Sent inside the revoking transaction with ``actor``, ``user``, ``entity_id``, ``role``."""
