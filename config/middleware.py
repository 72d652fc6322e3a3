"""Turns the refusal of a change to a closed case into a message on the case page."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from cases.services.closed import CaseClosed


class ClosedCaseMiddleware:
    """A page that refuses up front (``cases.services.closed.case_require_open``) lets
    ``CaseClosed`` through: the person lands on the case page, which says the case is
    closed and how to reopen it. Nothing was changed (the refusal comes before any
    write, and an exception leaves every transaction rolled back)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, CaseClosed):
            return None
        messages.error(request, exception.messages[0])
        return redirect("case-detail", case_id=exception.case_id)
