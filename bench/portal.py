"""Issue 16 claims on the public portal: a report sent and the follow-up page.

Both go through Django's test client, so through the real middleware stack (sessions,
the second-factor gate that lets the portal's registered routes through, axes, CSP,
no-store headers) and the real views. The baseline is the *unauthenticated* ceiling of
``bench.urls``: a public page that does nothing, same stack, measured in the same run.

A submission costs, by design, one scrypt hash of the receipt code
(``RECUEIL_PORTAL_SCRYPT_N``, memory-hard: that is the point) plus the case's creation
at intake; the figure shows what a reporter waits for. The follow-up page decrypts the
conversation and reads the owed deadlines.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.test import Client, override_settings

from bench.harness import Comparison, compare
from cases.models import Category, Entity

PUBLIC_CEILING = "/bench/public-ceiling/"
CODE = re.compile(r'<span class="code-group">([0-9A-Z]{4})</span>')
DRAFT = re.compile(r'name="draft" value="([^"]+)"')
# Generous limits: the benchmark sends many reports in a minute on purpose.
UNLIMITED = {
    "RECUEIL_PORTAL_SUBMISSIONS_PER_HOUR": 10**9,
    "RECUEIL_PORTAL_SUBMISSIONS_PER_ENTITY_PER_HOUR": 10**9,
    "RECUEIL_PORTAL_MESSAGES_PER_HOUR": 10**9,
}


def _report(entity: Entity) -> dict[str, object]:
    return {
        "categories": [Category.objects.filter(active=True).values_list("pk", flat=True)[0]],
        "what": "Benchmark report: remarks every week.",
        "ongoing": "no",
        "reporter_kind": "witness",
        "reporter_status": "student",
        "identity": "anonymous",
        "preferred_contact": "portal",
    }


def _submit(client: Client, entity: Entity) -> str:
    review = client.post(f"/signaler/{entity.code}/signalement/", _report(entity))
    draft = DRAFT.search(review.content.decode())
    if review.status_code != 200 or draft is None:
        raise AssertionError(f"review answered {review.status_code}")
    sent = client.post(f"/signaler/{entity.code}/verifier/", {"draft": draft.group(1)})
    groups = CODE.findall(sent.content.decode())
    if sent.status_code != 200 or len(groups) != 5:
        raise AssertionError(f"sending answered {sent.status_code}")
    return "".join(groups)


def _get(client: Client, url: str) -> Callable[[], None]:
    def fetch() -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise AssertionError(f"{url} answered {response.status_code}")

    return fetch


def _entity() -> Entity:
    entity = Entity.objects.order_by("pk").first()
    if entity is None:
        raise AssertionError("no entity: generate the load first")
    return entity


def _submission() -> Comparison:
    entity = _entity()
    client = Client(HTTP_HOST="127.0.0.1")
    visitor = Client(HTTP_HOST="127.0.0.1")
    return compare(
        "portal_submission",
        claim="Portal: form, review and sending of an anonymous report (case at intake, code)",
        recueil=lambda: _submit(client, entity),
        baseline=_get(visitor, PUBLIC_CEILING),
        baseline_label="public page that does nothing, same middleware stack",
        repeat=10,
    )


def _follow_page() -> Comparison:
    entity = _entity()
    code = _submit(Client(HTTP_HOST="127.0.0.1"), entity)
    person = Client(HTTP_HOST="127.0.0.1")
    if person.post("/suivi/", {"code": code}).status_code != 302:
        raise AssertionError("the code did not open the follow-up page")
    person.post("/suivi/echanges/", {"body": "Benchmark: a few more details."})
    visitor = Client(HTTP_HOST="127.0.0.1")
    result = compare(
        "portal_follow_page",
        claim="Portal: the reporter's page (state, owed deadlines, conversation decrypted)",
        recueil=_get(person, "/suivi/echanges/"),
        baseline=_get(visitor, PUBLIC_CEILING),
        baseline_label="public page that does nothing, same middleware stack",
        repeat=40,
    )
    result.extra.update(
        throughput_fraction_of_ceiling=round(1 / result.ratio, 3) if result.ratio else None
    )
    return result


def _run(bench: Callable[[], Comparison]) -> Callable[[], Comparison]:
    def run() -> Comparison:
        with override_settings(ROOT_URLCONF="bench.urls", ALLOWED_HOSTS=["127.0.0.1"], **UNLIMITED):
            return bench()

    run.__name__ = bench.__name__
    return run


submission = _run(_submission)
follow_page = _run(_follow_page)
