"""A person using the portal through the test client, as a browser without JavaScript would."""

from __future__ import annotations

import html
import re
from typing import Any

from django.test import Client
from django.urls import reverse

from cases.models import Category, Entity

CODE_GROUPS = re.compile(r'<span class="code-group">([0-9A-Z]{4})</span>')
DRAFT = re.compile(r'name="draft" value="([^"]+)"')


def report_fields(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "categories": [Category.objects.get(code="harcelement-moral").pk],
        "what": "Des remarques humiliantes chaque semaine en TP.",
        "when": "Depuis septembre",
        "where": "Salle B12",
        "ongoing": "yes",
        "reporter_kind": "victim",
        "reporter_status": "student",
        "identity": "anonymous",
        "preferred_contact": "portal",
        "person1_name": "Le chargé de TP",
        "person1_function": "Enseignant vacataire",
        "person1_role": "implicated",
        "person1_status": "staff_contract",
    }
    fields.update(overrides)
    return fields


def draft_of(page: bytes) -> str:
    found = DRAFT.search(page.decode())
    assert found, "the review page carries the sealed draft"
    return found.group(1)


def code_of(page: bytes) -> str:
    groups = CODE_GROUPS.findall(page.decode())
    assert len(groups) == 5, "the receipt shows the code in five groups"
    return " ".join(groups)


def submit_report(client: Client, entity: Entity, files: list[Any] | None = None, **fields: Any):
    """Fill the form, review, send: the receipt page's response."""
    review = client.post(reverse("portal:report", args=[entity.code]), report_fields(**fields))
    assert review.status_code == 200
    data: dict[str, Any] = {"draft": draft_of(review.content)}
    if files:
        data["files"] = files
    return client.post(reverse("portal:review", args=[entity.code]), data)


def ask_question(
    client: Client, entity: Entity, text: str = "Puis-je en parler sans être nommée ?"
):
    return client.post(reverse("portal:question", args=[entity.code]), {"question": text})


def enter_code(client: Client, code: str):
    return client.post(reverse("portal:login"), {"code": code})


def text_of(response) -> str:
    """The page's text with entities decoded (Django escapes apostrophes)."""
    return html.unescape(response.content.decode())
