"""A realistic mix of staff on Recueil, for ``python -m bench.load.run``.

Each simulated person logs in for real (password, then a TOTP code computed from
their device key), then works: referents read their inbox, their case list and
cases; listeners open the intake form and log new contacts; directors and legal
staff read their inbox. Weights follow a working day: reading far more than
writing. Credentials come from the file written by ``bench.load.run``.

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
import time
import uuid
from typing import Any

from django_otp.oath import totp
from locust import HttpUser, between, events, task

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
