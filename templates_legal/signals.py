"""The one event templates_legal tells other apps about: a letter was finalised.

A signal rather than a call, so that this app never imports the apps that ask for
letters (enquiries imports ``templates_legal``, not the reverse). It carries no rule:
receivers forward to their own audited service (``enquiries.letters``). It is sent
inside ``letter_finalise``'s transaction, so the letter and what it completes are
committed together; a receiver that raises (a ``ValidationError``) refuses the
finalisation and the register number is given back.
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent with ``letter`` (the finalised ``Letter``, its ``origin`` set by the drafting
# app) and ``actor`` (the ``User`` who finalised it; letter_finalise checked that they
# hold ``draft_letter`` on the case).
letter_finalised = Signal()
