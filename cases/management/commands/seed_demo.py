"""Demo data: two schools, one account per role in each, with known TOTP secrets.

Idempotent (running it again changes nothing and prints the same secrets) and
refused outside development: demo passwords must never exist in production.
"""

from __future__ import annotations

import base64
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.models import Entity, Role, RoleMembership, User

DEMO_PASSWORD = "demo-recueil-2026"
DEMO_ENTITIES = [
    ("mse", "Mines Saint-Étienne", Entity.Kind.SCHOOL),
    ("tsp", "Télécom SudParis", Entity.Kind.SCHOOL),
]
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
            entity, _ = Entity.objects.get_or_create(
                code=code, defaults={"name": name, "kind": kind}
            )
            for role in Role:
                username = f"{code}.{role.value}"
                user, created = User.objects.get_or_create(
                    username=username,
                    defaults={
                        "first_name": role.label,
                        "last_name": code.upper(),
                        "email": f"{username}@demo.invalid",
                    },
                )
                if created:
                    user.set_password(DEMO_PASSWORD)
                    user.save(update_fields=["password"])
                RoleMembership.objects.get_or_create(user=user, entity=entity, role=role.value)
                device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
                if device is None:
                    device = TOTPDevice.objects.create(user=user, name="totp", confirmed=True)
                secret = base64.b32encode(device.bin_key).decode().rstrip("=")
                rows.append((username, str(role.label), secret))
    return rows
