"""Model fields that hold ciphertext in the database and plaintext only in memory.

Declare them on a ``cases.core.crypto.sealed.SealedModel``: each row has a UUID primary
key chosen before the first save and a data key (its case's). The ciphertext is
bound to (model, field, row id, data key id), so a ciphertext copied into another
row or field fails to decrypt instead of being shown.

What never sees plaintext: the database, ``values()``/``values_list()`` (they
return ciphertext), serialisers and ``model_to_dict`` (``value_from_object`` gives
ciphertext), ``repr``/``str`` (models print a reference only), queries (filtering
on an encrypted field is refused).
"""

from __future__ import annotations

import json
from typing import Any

from django.db import models

from cases.core.crypto.aead import open_sealed, seal
from cases.core.crypto.datakeys import data_key


class Sealed(bytes):
    """A ciphertext as stored in the database."""

    def __repr__(self) -> str:
        return f"<sealed {len(self)} bytes>"


class _Dirty:
    """Marks a field whose plaintext was set and is not yet encrypted."""

    def __repr__(self) -> str:
        return "<pending encryption>"


_DIRTY = _Dirty()


def associated_data(instance: models.Model, field: models.Field) -> bytes:
    key_id = getattr(instance, "key_id", None)
    if instance.pk is None or key_id is None:
        raise ValueError(
            f"{instance._meta.label} needs its id and data key before encrypting {field.name}"
        )
    return f"recueil:v1|{instance._meta.label_lower}|{field.name}|{instance.pk}|{key_id}".encode()


class _PlaintextDescriptor:
    def __init__(self, field: EncryptedField) -> None:
        self.field = field
        self.plain_key = f"_plain_{field.attname}"

    def __get__(self, instance: models.Model | None, owner: type | None = None) -> Any:
        if instance is None:
            return self
        state = instance.__dict__
        if self.plain_key in state:
            return state[self.plain_key]
        if self.field.attname not in state:  # deferred by only()/defer(): load the ciphertext
            manager = type(instance)._base_manager
            state[self.field.attname] = (
                manager.filter(pk=instance.pk).values_list(self.field.attname, flat=True).get()
            )
        raw = state.get(self.field.attname)
        if raw is None:
            return None
        value = self.field.decrypt(instance, raw)
        state[self.plain_key] = value
        return value

    def __set__(self, instance: models.Model, value: Any) -> None:
        state = instance.__dict__
        if value is None:
            state[self.field.attname] = None
            state[self.plain_key] = None
        elif isinstance(value, Sealed):
            state[self.field.attname] = value
            state.pop(self.plain_key, None)
        else:
            self.field.check_plaintext(value)
            state[self.plain_key] = value
            state[self.field.attname] = _DIRTY


class EncryptedField(models.BinaryField):
    """Base class: subclasses say how a plaintext value becomes bytes and back."""

    plaintext_type: type | tuple[type, ...] = object

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        kwargs["editable"] = False
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("editable", None)
        return name, path, args, kwargs

    def contribute_to_class(self, cls: type[models.Model], name: str, **kwargs: Any) -> None:  # type: ignore[override]
        super().contribute_to_class(cls, name, **kwargs)
        setattr(cls, self.attname, _PlaintextDescriptor(self))

    # --- conversions -------------------------------------------------------
    def encode(self, value: Any) -> bytes:
        raise NotImplementedError

    def decode(self, data: bytes) -> Any:
        raise NotImplementedError

    def check_plaintext(self, value: Any) -> None:
        if not isinstance(value, self.plaintext_type):
            raise TypeError(f"{self.name} takes {self.plaintext_type}, not {type(value).__name__}")

    def encrypt(self, instance: models.Model, value: Any) -> Sealed:
        key = data_key(instance.key_id)  # type: ignore[attr-defined]
        return Sealed(seal(key, self.encode(value), associated_data(instance, self)))

    def decrypt(self, instance: models.Model, raw: bytes) -> Any:
        key = data_key(instance.key_id)  # type: ignore[attr-defined]
        return self.decode(open_sealed(key, bytes(raw), associated_data(instance, self)))

    # --- database ----------------------------------------------------------
    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Sealed | None:
        if value is None:
            return None
        return Sealed(bytes(value))

    def to_python(self, value: Any) -> Any:
        return value

    def pre_save(self, model_instance: models.Model, add: bool) -> Sealed | None:
        state = model_instance.__dict__
        raw = state.get(self.attname)
        if raw is _DIRTY:
            raw = self.encrypt(model_instance, state[f"_plain_{self.attname}"])
            state[self.attname] = raw
        return raw

    def get_prep_value(self, value: Any) -> bytes | None:
        if value is None:
            return None
        if not isinstance(value, Sealed):
            raise TypeError(
                f"{self.model.__name__}.{self.name} is encrypted: it can be neither queried "
                "nor written except through its model instance"
            )
        return bytes(value)

    def value_from_object(self, obj: models.Model) -> Any:
        # Serialisers, model_to_dict and the audit diff see ciphertext, never plaintext.
        raw = obj.__dict__.get(self.attname)
        return None if raw is None else repr(raw) if raw is _DIRTY else raw

    def value_to_string(self, obj: models.Model) -> str:
        return "<encrypted>"


class EncryptedTextField(EncryptedField):
    plaintext_type = str

    def encode(self, value: str) -> bytes:
        return value.encode("utf-8")

    def decode(self, data: bytes) -> str:
        return data.decode("utf-8")


class EncryptedJSONField(EncryptedField):
    plaintext_type = (dict, list)

    def encode(self, value: Any) -> bytes:
        return json.dumps(value, sort_keys=True, separators=(",", ":")).encode("utf-8")

    def decode(self, data: bytes) -> Any:
        return json.loads(data)


class EncryptedBinaryField(EncryptedField):
    """File contents (attachments, letters, recordings)."""

    plaintext_type = bytes

    def check_plaintext(self, value: Any) -> None:
        if isinstance(value, memoryview):
            return
        super().check_plaintext(value)

    def encode(self, value: bytes) -> bytes:
        return bytes(value)

    def decode(self, data: bytes) -> bytes:
        return data
