"""What a reporting person sends on the public portal, read from the pages they get.

Plain form posts, as a browser without JavaScript sends them: the CSRF token of the page,
the sealed draft of the review step, the receipt code read from the receipt page, the
thread version of the follow-up page. Kept apart from ``locustfile`` (which imports locust,
and gevent with it) so that ``tests/bench`` can drive the same requests through Django's
test client with CSRF checks on.
"""

from __future__ import annotations

import re

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ENTITY_LINK = re.compile(r'href="/signaler/([\w-]+)/"')
CATEGORY = re.compile(r'name="categories" value="([^"]+)"')
DRAFT = re.compile(r'name="draft" value="([^"]+)"')
CODE_GROUP = re.compile(r'<span class="code-group">([0-9A-Z]{4})</span>')
VERSION = re.compile(r'name="version" value="(\d+)"')


def _one(pattern: re.Pattern[str], html: str, what: str) -> str:
    found = pattern.search(html)
    if found is None:
        raise ValueError(f"no {what} on the page")
    return found.group(1)


def entity_codes(home_html: str) -> list[str]:
    """The entities the portal's home page lets a person choose."""
    return ENTITY_LINK.findall(home_html)


def report_data(form_html: str) -> dict[str, object]:
    """An anonymous witness report, one category offered by the form."""
    categories = CATEGORY.findall(form_html)
    if not categories:
        raise ValueError("no category on the report form")
    return {
        "csrfmiddlewaretoken": _one(CSRF, form_html, "CSRF token"),
        "categories": categories[:1],
        "what": "Charge : remarques déplacées chaque semaine en travaux pratiques.",
        "ongoing": "no",
        "reporter_kind": "witness",
        "reporter_status": "student",
        "identity": "anonymous",
        "preferred_contact": "portal",
    }


def send_data(review_html: str) -> dict[str, str]:
    """Send the reviewed report: the sealed draft as the review page holds it, no file."""
    return {
        "csrfmiddlewaretoken": _one(CSRF, review_html, "CSRF token"),
        "draft": _one(DRAFT, review_html, "sealed draft"),
    }


def receipt_code(receipt_html: str) -> str:
    """The receipt code, shown once in five groups of four."""
    groups = CODE_GROUP.findall(receipt_html)
    if len(groups) != 5:
        raise ValueError("no receipt code on the page")
    return "".join(groups)


def code_data(login_html: str, code: str) -> dict[str, str]:
    return {"csrfmiddlewaretoken": _one(CSRF, login_html, "CSRF token"), "code": code}


def answer_data(follow_html: str) -> dict[str, str]:
    """A reply on the follow-up page, at the thread version the page showed."""
    return {
        "csrfmiddlewaretoken": _one(CSRF, follow_html, "CSRF token"),
        "version": _one(VERSION, follow_html, "thread version"),
        "body": "Charge : un détail de plus, la dernière fois c'était mardi.",
    }
