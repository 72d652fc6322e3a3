"""A realistic mix of staff on Recueil, for ``python -m bench.load.run``.

Each simulated person logs in for real (password, then a TOTP code computed from
their device key), then works: referents read their inbox, their case list and
cases; listeners open the intake form and log new contacts; directors and legal
staff read their inbox. Weights follow a working day: reading far more than
writing. Credentials come from the file written by ``bench.load.run``.

With ``RECUEIL_LOAD_REPORTERS=1`` (``bench.load.run`` sets it), reporting people use the
public portal beside the staff, without an account: they report through form, review and
sending, keep the receipt code, come back with it to the follow-up page and answer
(``bench.load.reporting`` reads each page and builds each post). Off by default: the
cluster run counts every case it did not write as unexplained.

Through the cluster's HAProxy (``bench.cluster_run``), three more variables: TLS with the
test certificate, and two journals: ``RECUEIL_LOAD_FAILURES`` (each failed request, with
the ``X-Request-Id`` HAProxy gave it, and each page that answered with the login form:
a lost session) and ``RECUEIL_LOAD_WRITES`` (each contact submitted, and the case
reference the answer showed), which ``bench.cluster_run`` compares with HAProxy's log
and the database.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import random
import re
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from django_otp.oath import totp
from locust import HttpUser, between, events, task

# Locust puts this file's folder on the path, not the project's.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.load import reporting  # noqa: E402

USERS: dict[str, list[dict[str, str]]] = json.loads(
    open(os.environ["RECUEIL_LOAD_USERS"], encoding="utf-8").read()  # noqa: SIM115
)
_TURN = {role: itertools.count() for role in USERS}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CASE_LINK = re.compile(r'href="/cases/([0-9a-f-]{36})/"')
CATEGORY = re.compile(r'name="categories" value="([^"]+)"')
REFERENCE = re.compile(r"\(dossier ([A-Z0-9_.-]+-\d{4}-\d+)\)")
LOGIN_STEPS = {"login form", "login password", "login code"}


def _journal(variable: str) -> Any:
    path = os.environ.get(variable)
    return open(path, "a", encoding="utf-8", buffering=1) if path else None  # noqa: SIM115


FAILURES = _journal("RECUEIL_LOAD_FAILURES")
WRITES = _journal("RECUEIL_LOAD_WRITES")


@events.request.add_listener
def _journal_failure(
    name: str, response: Any, exception: Any, start_time: float, **_kwargs: Any
) -> None:
    if FAILURES is None:
        return
    lost = (
        exception is None
        and response is not None
        and name not in LOGIN_STEPS
        and "/login/" in str(getattr(response, "url", ""))
    )
    if exception is None and not lost:
        return
    headers = getattr(response, "headers", None) or {}
    record = {
        "name": name,
        "start": start_time,
        "status": getattr(response, "status_code", 0) or 0,
        "request_id": headers.get("X-Request-Id"),
        "kind": "session lost" if lost else "error",
    }
    FAILURES.write(json.dumps(record) + "\n")


def _csrf(html: str) -> str:
    found = CSRF.search(html)
    if not found:
        raise RuntimeError("no CSRF token on the page")
    return found.group(1)


class Staff(HttpUser):
    abstract = True
    role = ""
    wait_time = between(0.5, 2.0)

    def on_start(self) -> None:
        if os.environ.get("RECUEIL_LOAD_TLS_INSECURE"):
            # The cluster's self-signed certificate; Django checks the Referer on HTTPS.
            import urllib3

            urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
            self.client.verify = False
            self.client.headers["Referer"] = f"{self.host}/"
        # Each simulated person has an account of their own: a TOTP code is accepted
        # once per device, so two people on one account would lock each other out.
        account = USERS[self.role][next(_TURN[self.role]) % len(USERS[self.role])]
        page = self.client.get("/login/", name="login form")
        answer = self.client.post(
            "/login/",
            {
                "username": account["username"],
                "password": account["password"],
                "csrfmiddlewaretoken": _csrf(page.text),
            },
            name="login password",
        )
        # One code per 30 s window per device: two people on one account wait.
        code = f"{totp(bytes.fromhex(account['totp_key']), t0=0, step=30, digits=6):06d}"
        verified = self.client.post(
            "/login/code/",
            {"otp_token": code, "csrfmiddlewaretoken": _csrf(answer.text)},
            name="login code",
        )
        if "/login/" in verified.url:
            time.sleep(31 - time.time() % 30)
            self.on_start()


class Referent(Staff):
    role = "referent"
    weight = 5
    cases: list[str] = []

    @task(5)
    def inbox(self) -> None:
        self.client.get("/inbox/", name="inbox")

    @task(3)
    def case_list(self) -> None:
        page = self.client.get("/cases/", name="case list")
        self.cases = CASE_LINK.findall(page.text)

    @task(6)
    def case_page(self) -> None:
        if not self.cases:
            self.case_list()
        if self.cases:
            self.client.get(f"/cases/{random.choice(self.cases)}/", name="case page")  # noqa: S311


class Listener(Staff):
    role = "listener"
    weight = 2

    @task(3)
    def intake_form(self) -> None:
        self.client.get("/intake/", name="intake form")

    @task(1)
    def log_contact(self) -> None:
        form = self.client.get("/intake/", name="intake form")
        data: dict[str, Any] = {
            "csrfmiddlewaretoken": _csrf(form.text),
            "contacted_on": dt.date.today().isoformat(),  # noqa: DTZ011
            "channel": "phone",
            "contact_kind": "victim",
            "person_status": "student",
            "categories": CATEGORY.findall(form.text)[:1],
            "narrative": "Contact de charge : propos répétés en cours.",
            "consent_to_handover": "on",
        }
        # Journalled before it is sent too: a submission the run's end interrupts has no
        # answer, and the database may hold it.
        submission = {"id": uuid.uuid4().hex, "start": time.time()}
        if WRITES is not None:
            WRITES.write(json.dumps({**submission, "sent": True}) + "\n")
        answer = self.client.post("/intake/", data, name="intake submit")
        if WRITES is not None:
            found = REFERENCE.search(answer.text) if answer.ok else None
            record = {
                **submission,
                "status": answer.status_code,
                "reference": found.group(1) if found else None,
            }
            WRITES.write(json.dumps(record) + "\n")

    @task(2)
    def contacts(self) -> None:
        self.client.get("/contacts/", name="contacts")


class Director(Staff):
    role = "director"
    weight = 1

    @task
    def inbox(self) -> None:
        self.client.get("/inbox/", name="inbox")


class Reporter(HttpUser):
    """A person on the public portal: no account, no JavaScript, a receipt code kept."""

    abstract = not os.environ.get("RECUEIL_LOAD_REPORTERS")
    weight = 2
    wait_time = between(1.0, 4.0)
    codes: list[str]

    def on_start(self) -> None:
        self.codes = []

    def _page(self, url: str, name: str) -> str:
        with self.client.get(url, name=name, catch_response=True) as page:
            if page.status_code != 200:
                page.failure(f"{page.status_code}")
            return str(page.text)

    @task(1)
    def report(self) -> None:
        entities = reporting.entity_codes(self._page("/signaler/", "portal home"))
        code = random.choice(entities)  # noqa: S311
        self._page(f"/signaler/{code}/", "portal entity page")
        form = self._page(f"/signaler/{code}/signalement/", "portal report form")
        with self.client.post(
            f"/signaler/{code}/signalement/",
            reporting.report_data(form),
            name="portal report review",
            catch_response=True,
        ) as review:
            if review.status_code != 200 or reporting.DRAFT.search(review.text) is None:
                review.failure("the form did not reach the review step")
                return
        with self.client.post(
            f"/signaler/{code}/verifier/",
            reporting.send_data(review.text),
            name="portal report send",
            catch_response=True,
        ) as sent:
            try:
                self.codes.append(reporting.receipt_code(sent.text))
            except ValueError:
                sent.failure(f"no receipt code ({sent.status_code})")

    @task(3)
    def follow_up(self) -> None:
        if not self.codes:
            self.report()
        if not self.codes:
            return
        login = self._page("/suivi/", "portal code form")
        with self.client.post(
            "/suivi/",
            reporting.code_data(login, random.choice(self.codes)),  # noqa: S311
            name="portal code sent",
            allow_redirects=False,
            catch_response=True,
        ) as opened:
            if opened.status_code != 302:
                opened.failure(f"the code was refused ({opened.status_code})")
                return
        page = self._page("/suivi/echanges/", "portal follow page")
        with self.client.post(
            "/suivi/echanges/",
            reporting.answer_data(page),
            name="portal answer",
            allow_redirects=False,
            catch_response=True,
        ) as answered:
            if answered.status_code != 302:
                answered.failure(f"the answer was not taken ({answered.status_code})")
