"""Demo data: two schools and the Direction générale, one account per role in each
school (plus steering at the Direction générale), with known TOTP secrets; the
investigators on the roster; and, in each school, a few fictitious reports at different
steps so that every role finds something to do.

Idempotent (running it again changes nothing and prints the same secrets) and
refused outside development: demo passwords must never exist in production.
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.models import Category, Contact, Entity, Role, RoleMembership, User
from demo.scenarios import demo_steps
from enquiries.services.roster import roster_entry_save
from indicators.services import counts_refresh
from workflows import engine
from workflows.status import OPEN_STATUSES
from workflows.steps.acknowledge import acknowledge
from workflows.steps.intake import IntakeData, contact_log
from workflows.steps.triage import triage

DEMO_PASSWORD = "demo-recueil-2026"
DEMO_ENTITIES = [
    ("mse", "Mines Saint-Étienne", Entity.Kind.SCHOOL),
    ("tsp", "Télécom SudParis", Entity.Kind.SCHOOL),
]
# Letterhead details (the schools' public addresses).
DEMO_LETTERHEADS = {
    "mse": ("158 cours Fauriel\n42023 Saint-Étienne Cedex 2", "Saint-Étienne"),
    "tsp": ("19 place Marguerite Perey\n91120 Palaiseau", "Palaiseau"),
}
HEADQUARTERS = ("dg", "IMT — Direction générale")
ALLOWED_ENVIRONMENTS = {"development", "test"}


class Command(BaseCommand):
    help = "Create demo entities and one account per role and entity (development only)."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.RECUEIL_ENVIRONMENT not in ALLOWED_ENVIRONMENTS:
            raise CommandError("seed_demo refuses to run outside development settings.")
        rows = seed_demo()
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD})")
        self.stdout.write("Add the TOTP secret to an authenticator app, or run")
        self.stdout.write("  python manage.py demo_totp <username>  to print the current code.")
        for username, roles, secret in rows:
            self.stdout.write(f"  {username:<24} {roles:<28} TOTP secret {secret}")


def seed_demo() -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    with transaction.atomic():
        for code, name, kind in DEMO_ENTITIES:
            address, city = DEMO_LETTERHEADS[code]
            entity, _ = Entity.objects.get_or_create(
                code=code,
                defaults={"name": name, "kind": kind, "postal_address": address, "city": city},
            )
            for role in Role:
                username = f"{code}.{role.value}"
                user, created = User.objects.get_or_create(
                    username=username,
                    defaults={
                        "first_name": role.label,
                        "last_name": code.upper(),
                        "email": f"{username}@demo.invalid",
                        # The function printed under a signature (letters name their signer).
                        "title": f"{role.label}, {name}",
                    },
                )
                if created:
                    user.set_password(DEMO_PASSWORD)
                    user.save(update_fields=["password"])
                RoleMembership.objects.get_or_create(user=user, entity=entity, role=role.value)
                rows.append((username, str(role.label), _device_secret(user)))
        rows.append(_headquarters_steering())
    for code, _name, _kind in DEMO_ENTITIES:
        demo_activity(Entity.objects.get(code=code))
    # The steering pages read the monthly counts the timers keep; a fresh demo has them now.
    counts_refresh(full=True)
    return rows


def _device_secret(user: User) -> str:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="totp", confirmed=True)
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def _headquarters_steering() -> tuple[str, str, str]:
    """Steering at the Direction générale reads every school's indicators, consolidated."""
    code, name = HEADQUARTERS
    entity, _ = Entity.objects.get_or_create(
        code=code, defaults={"name": name, "kind": Entity.Kind.HEADQUARTERS}
    )
    username = f"{code}.{Role.STEERING.value}"
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": str(Role.STEERING.label),
            "last_name": code.upper(),
            "email": f"{username}@demo.invalid",
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    RoleMembership.objects.get_or_create(user=user, entity=entity, role=Role.STEERING.value)
    return username, f"{Role.STEERING.label} (DG)", _device_secret(user)


def demo_activity(entity: Entity) -> None:
    """The roster entry of the school's investigator, and three fictitious reports.

    Only on a school without any contact yet, so a second run adds nothing. The
    reports go through the real services: a listening record kept without hand-over,
    a report waiting for the referent's acknowledgement, and a report acknowledged and
    triaged to an internal enquiry; then ``demo.scenarios.demo_steps`` leaves a case
    waiting at each further step, so that every role has something to do.
    """
    admin = User.objects.get(username=f"{entity.code}.entity_admin")
    investigator = User.objects.get(username=f"{entity.code}.investigator")
    roster_entry_save(
        actor=admin,
        user=investigator,
        entity=entity,
        gender="woman" if entity.code == "mse" else "man",
        languages=["fr", "en"],
        trained_on=timezone.localdate() - dt.timedelta(days=200),
        shared_with_group=True,
    )
    if Contact.objects.filter(entity=entity).exists():
        return
    listener = User.objects.get(username=f"{entity.code}.listener")
    referent = User.objects.get(username=f"{entity.code}.referent")
    today = timezone.localdate()
    harassment = list(Category.objects.filter(code="harcelement-sexuel"))
    moral = list(Category.objects.filter(code="harcelement-moral"))

    def report(days_ago: int, categories: list[Category], consent: bool, narrative: str):
        return contact_log(
            actor=listener,
            entity=entity,
            data=IntakeData(
                contacted_on=today - dt.timedelta(days=days_ago),
                channel="phone",
                contact_kind="victim",
                person_status="student",
                categories=categories,
                narrative=narrative,
                identity={"first_name": "Camille", "last_name": "Exemple"},
                orientations=["psychologist"],
                consent_to_handover=consent,
            ),
        )

    report(
        9, moral, False, "Exemple fictif : échange d'écoute, la personne ne souhaite pas de suite."
    )
    report(2, harassment, True, "Exemple fictif : messages insistants d'un autre étudiant.")
    enquiry_case = report(6, harassment, True, "Exemple fictif : propos répétés en TP.").case
    if enquiry_case is None:
        raise CommandError("the demo report was not handed over to a referent")
    task = engine.task_claim(actor=referent, task=_open_task(enquiry_case, "acknowledge"))
    acknowledge(actor=referent, task=task, sent_on=today - dt.timedelta(days=5), means="email")
    triage(
        actor=referent,
        task=_open_task(enquiry_case, "triage"),
        outcomes=["enquiry"],
        reasoning="Exemple fictif : faits précis et répétés, une enquête interne est ouverte.",
        no_conflict_confirmed=True,
    )
    demo_steps(entity)


def _open_task(case: object, step: str) -> Any:
    from viewflow.workflow.models import Task

    for task in Task.objects.filter(process__caseprocess__case=case, status__in=OPEN_STATUSES):
        if task.flow_task.name == step:
            return task
    raise LookupError(step)
