"""A realistic mix of staff on Recueil, for ``python -m bench.load.run``.

Each simulated person logs in for real (password, then a TOTP code computed from
their device key), then works: referents read their inbox, their case list and
cases; listeners open the intake form and log new contacts; directors and legal
staff read their inbox. Weights follow a working day: reading far more than
writing. Credentials come from the file written by ``bench.load.run``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import random
import re
import time
from typing import Any

from django_otp.oath import totp
from locust import HttpUser, between, task

USERS: dict[str, list[dict[str, str]]] = json.loads(
    open(os.environ["RECUEIL_LOAD_USERS"], encoding="utf-8").read()  # noqa: SIM115
)
_TURN = {role: itertools.count() for role in USERS}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CASE_LINK = re.compile(r'href="/cases/([0-9a-f-]{36})/"')
CATEGORY = re.compile(r'name="categories" value="([^"]+)"')


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
        self.client.post("/intake/", data, name="intake submit")

    @task(2)
    def contacts(self) -> None:
        self.client.get("/contacts/", name="contacts")


class Director(Staff):
    role = "director"
    weight = 1

    @task
    def inbox(self) -> None:
        self.client.get("/inbox/", name="inbox")
