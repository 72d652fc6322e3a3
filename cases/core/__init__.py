"""Core: what every other part of Recueil stands on, and which knows none of them.

- ``crypto``: master keys, per-case data keys, encrypted fields, blind index.
- ``accounts``: entities, staff accounts and their roles.
- ``audit``: the hash-chained audit trail and the registry of its labels.
- ``security``: two-factor login, lockout, re-authentication, security headers.

Models defined here belong to the ``cases`` Django app (their tables and migrations
keep that label): Django assigns a model to the app whose package contains it.
"""
