"""Small helpers shared by the enquiry views."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest

from cases.models import User


def actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def fail(form: Any, exc: ValidationError) -> None:
    """Show a service's refusal as a form-wide error (nothing was stored)."""
    form.add_error(None, exc)
