"""System check: refuse a retention period beyond its legal bound (fail closed)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

from retention.rules import RULES


@register()
def retention_within_legal_bounds(app_configs: Any, **kwargs: Any) -> list[Error]:
    errors = []
    for rule in RULES.values():
        bound = rule.bound
        if bound is None:
            continue
        value = getattr(settings, bound.setting, None)
        if isinstance(value, bool) or not isinstance(value, int):
            errors.append(
                Error(f"{bound.setting} must be a whole number of months", id="recueil.E020")
            )
        elif not bound.minimum <= value <= bound.maximum:
            errors.append(
                Error(
                    f"{bound.setting}={value} is beyond the legal bound "
                    f"({bound.minimum} to {bound.maximum} months): {rule.source}",
                    id="recueil.E020",
                )
            )
    return errors
