"""Plain-language labels of audit actions, for the people reading a case's history.

The trail is generic: it knows no app's actions. Each app declares the labels of the
actions it records in its own ``audit_labels`` module and registers them from its
``AppConfig.ready``; the history pages read them through ``action_label``.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

_actions: dict[str, str | Promise] = {}
_reads: dict[str, str | Promise] = {}

ACTION_LABELS: Mapping[str, str | Promise] = MappingProxyType(_actions)
"""Every registered action's label (read-only view, filled as apps become ready)."""

READ_LABELS: Mapping[str, str | Promise] = MappingProxyType(_reads)
"""What a ``case.read`` entry read (``details["what"]``), in plain language."""


def _merge(target: dict[str, str | Promise], labels: Mapping[str, str | Promise]) -> None:
    clash = {k for k in labels if k in target and target[k] is not labels[k]}
    if clash:
        raise ValueError(f"audit labels registered twice: {sorted(clash)}")
    target.update(labels)


def register_action_labels(labels: Mapping[str, str | Promise]) -> None:
    _merge(_actions, labels)


def register_read_labels(labels: Mapping[str, str | Promise]) -> None:
    _merge(_reads, labels)


def action_label(action: str, details: dict[str, object] | None = None) -> str:
    label = str(_actions.get(action, action))
    what = (details or {}).get("what")
    if action == "case.read" and isinstance(what, str) and what in _reads:
        return f"{label} — {_reads[what]}"
    return label


# The core's own actions: django-auditlog's record changes, chained by ``registry``.
CORE_ACTION_LABELS = {
    "change.create": _("Enregistrement créé"),
    "change.update": _("Enregistrement modifié"),
    "change.delete": _("Enregistrement supprimé"),
}
