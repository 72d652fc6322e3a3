"""Labels of the conversation's audit actions (registered in ``ThreadsConfig.ready``).

Details hold ids, codes and counts only: never a body, a file name or an address.
A reporter's action is recorded with no actor and ``"by": "reporter"``, nothing else
about them (no address, no user agent: T6).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "thread.opened": _("Échanges ouverts avec la personne ayant signalé"),
    "thread.reporter_posted": _("Message de la personne ayant signalé"),
    "thread.handler_posted": _("Message envoyé à la personne ayant signalé"),
    "thread.reporter_read": _("Messages lus par la personne ayant signalé"),
    "thread.handed_over": _("Échanges rattachés au dossier transmis"),
    "thread.file_downloaded": _("Pièce des échanges téléchargée"),
}

# What a ``case.read`` entry read (``details["what"]``).
READ_LABELS = {
    "reporter_thread": _("Échanges avec la personne ayant signalé"),
    "reporter_file": _("Pièce des échanges avec la personne ayant signalé"),
}
