"""Named people for tests, so that a test reads as a story.

``staff(role, entity)`` makes an account holding one role; ``login(client, user)``
gives it a verified second factor as if it had typed its code.
"""

from __future__ import annotations

import time
from typing import cast

import factory
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.core.security.recent import SESSION_KEY as SECOND_FACTOR_AT
from cases.models import Entity, Role, RoleMembership, User

PASSWORD = "correct horse battery staple"


class EntityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entity
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"school{n}")
    name = factory.LazyAttribute(lambda o: f"École {o.code}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.invalid")
    password = factory.django.Password(PASSWORD)


def staff(role: str, entity: Entity, username: str | None = None) -> User:
    user = cast(User, UserFactory(username=username) if username else UserFactory())
    RoleMembership.objects.create(user=user, entity=entity, role=role)
    return user


def totp_device(user: User) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="totp", confirmed=True)


def login(client: Client, user: User) -> Client:
    """Log ``user`` in with a verified second factor."""
    device = totp_device(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[SECOND_FACTOR_AT] = int(time.time())
    session.save()
    return client


def login_password_only(client: Client, user: User) -> Client:
    """Log ``user`` in with a password but no second factor."""
    client.force_login(user)
    return client


__all__ = [
    "PASSWORD",
    "EntityFactory",
    "Role",
    "UserFactory",
    "login",
    "login_password_only",
    "staff",
]
