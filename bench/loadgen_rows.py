"""Generated rows written as plain tuples: COPY on PostgreSQL, one executemany elsewhere.

Why not ``bulk_create``: profiled at 5 000 cases on PostgreSQL, about 60% of the
generator's time went to the ORM itself (a model instance per row, multi-megabyte
INSERT statements compiled by ``SQLInsertCompiler``, every value prepared through
its field, psycopg splitting those statements again) and 15-25% to waiting for the
server. Measured on the 2-core development machine at 20 000 cases and 5 entities,
``bulk_create`` made 170-210 cases/s on PostgreSQL and 180-250 on SQLite; tuples make
780-890 cases/s on PostgreSQL (binary COPY, written by two threads while the next batch
is built: ``BatchWriter``) and 660-720 on SQLite.

Values are given as Python values and stored exactly as the model's fields would
store them (``Field.get_db_prep_save``): the conversions the backend needs (UUIDs
as hex and datetimes as naive UTC text on SQLite, JSON through the backend's
``adapt_json_value``) are chosen once per column, and the columns left out take
their default, prepared once per write.
Encrypted fields are sealed here as the field itself seals them, so that reading
them back through the ORM decrypts.
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import AutoField, BigAutoField, DateTimeField, Field, Model, SmallAutoField
from django.utils import timezone

from cases.core.crypto.aead import seal
from cases.core.crypto.datakeys import CACHE_SIZE, data_key, data_keys_new
from cases.core.crypto.fields import EncryptedField
from cases.models import CaseKey

Row = tuple[Any, ...]
Adapter = Callable[[Any], Any]
_AUTO_FIELDS = (AutoField, BigAutoField, SmallAutoField)


def _none_safe(adapt: Adapter) -> Adapter:
    return lambda value: None if value is None else adapt(value)


def column_adapter(field: Field) -> Adapter | None:
    """What this backend needs done to a Python value of ``field`` (None: nothing).

    The same conversions as ``field.get_db_prep_save``, without its per-value
    checks: psycopg adapts UUIDs, dates, aware datetimes and bytes by itself; the
    SQLite backend stores UUIDs as 32-character hex and datetimes as naive UTC text.
    """
    target = field.target_field if field.is_relation else field  # type: ignore[attr-defined]
    kind = target.get_internal_type()
    ops = connection.ops
    if kind == "JSONField":
        encoder = field.encoder  # type: ignore[attr-defined]
        return _none_safe(lambda value: ops.adapt_json_value(value, encoder))
    if kind == "UUIDField" and not connection.features.has_native_uuid_field:
        return _none_safe(lambda value: value.hex)
    if connection.vendor == "postgresql":
        return None
    if kind == "DateTimeField":
        return _sqlite_datetime(connection.timezone)
    if kind == "DateField":
        return ops.adapt_datefield_value
    return None


def _sqlite_datetime(db_timezone: dt.tzinfo | None) -> Adapter:
    return _none_safe(lambda value: _sqlite_datetime_text(value, db_timezone))


@functools.lru_cache(maxsize=1 << 16)
def _sqlite_datetime_text(value: dt.datetime, db_timezone: dt.tzinfo | None) -> str:
    """``adapt_datetimefield_value`` of the SQLite backend, without its per-value checks:
    an aware datetime is stored as naive text in the database's time zone (UTC).

    Memoised: a task's creation, assignment and start share one instant, a case's
    grants and first contact its creation date.
    """
    if value.utcoffset() is not None:
        if db_timezone is None:
            raise ValueError("aware datetime for a database without time zones (USE_TZ)")
        value = value.astimezone(db_timezone).replace(tzinfo=None)
    return str(value)


def _column(model: type[Model], attname: str) -> Field:
    field = model._meta.get_field(attname)
    if not isinstance(field, Field) or field.attname != attname or not field.concrete:
        raise ValueError(f"{model._meta.label}: {attname!r} is not the attname of a column")
    return field


class RowWriter:
    """Insert tuples of ``columns`` (attnames, in that order) into ``model``'s own table.

    Auto-increment ids are left to the database unless given; every other column
    left out takes its default (``auto_now`` ones the time of the write), as
    ``bulk_create`` would store it.
    """

    def __init__(self, model: type[Model], columns: Sequence[str]) -> None:
        meta = model._meta
        fields = [_column(model, name) for name in columns]
        self.adapters = [
            (i, adapt) for i, field in enumerate(fields) if (adapt := column_adapter(field))
        ]
        self.defaulted: list[Field] = []
        for field in meta.local_concrete_fields:
            if field.attname in columns or isinstance(field, _AUTO_FIELDS):
                continue
            if field.primary_key:
                raise ValueError(f"{meta.label}: its primary key must be given")
            self.defaulted.append(field)
        quote = connection.ops.quote_name
        self.table = quote(meta.db_table)
        every = [*fields, *self.defaulted]
        self.columns = ", ".join(quote(f.column) for f in every)
        self.marks = ", ".join(["%s"] * len(every))
        # Binary COPY needs each column's type: "varchar(32)" is sent as a "varchar".
        self.pg_types = [f.db_type(connection).split("(")[0] for f in every]  # type: ignore[union-attr]

    def _defaults(self) -> Row:
        now = timezone.now()
        values = []
        for field in self.defaulted:
            value = field.get_default()
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                value = now if isinstance(field, DateTimeField) else timezone.localdate(now)
            values.append(field.get_db_prep_save(value, connection))
        return tuple(values)

    def _complete(self, rows: Iterable[Row]) -> Iterable[Row]:
        defaults, adapters = self._defaults(), self.adapters
        if not adapters and not defaults:
            return rows
        return (self._adapted(row, adapters) + defaults for row in rows)

    @staticmethod
    def _adapted(row: Row, adapters: list[tuple[int, Adapter]]) -> Row:
        if not adapters:
            return row
        values = list(row)
        for i, adapt in adapters:
            values[i] = adapt(values[i])
        return tuple(values)

    def write(self, rows: Iterable[Row]) -> None:
        complete = self._complete(rows)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Binary rather than text: a third of the time, both in psycopg (no
                # escaping of the ciphertexts as hex) and in the server (no parsing).
                sql = f"COPY {self.table} ({self.columns}) FROM STDIN (FORMAT BINARY)"
                with cursor.cursor.copy(sql) as copy:
                    copy.set_types(self.pg_types)
                    for row in complete:
                        copy.write_row(row)
            else:
                cursor.executemany(
                    f"INSERT INTO {self.table} ({self.columns}) VALUES ({self.marks})",  # noqa: S608
                    list(complete),
                )


class Tables:
    """Rows of several tables, kept until written, in the order added (referenced rows first)."""

    def __init__(self) -> None:
        self._tables: list[tuple[type[Model], Sequence[str], list[Row]]] = []

    def add(self, model: type[Model], columns: Sequence[str], rows: Iterable[Row]) -> None:
        self._tables.append((model, columns, list(rows)))

    def write(self) -> None:
        for model, columns, rows in self._tables:
            RowWriter(model, columns).write(rows)


def allocate_ids(model: type[Model], count: int) -> list[int]:
    """``count`` fresh auto-increment ids of ``model``, for rows that others point to.

    PostgreSQL draws them from the table's sequence, which no transaction holds back,
    so they can be drawn while an earlier batch is being written. SQLite continues
    after the largest id: there each batch is written before the next is built.
    """
    if count == 0:
        return []
    table, pk = model._meta.db_table, model._meta.pk
    assert pk is not None
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk.column, count],
            )
            return sorted(row[0] for row in cursor.fetchall())
        quote = connection.ops.quote_name
        cursor.execute(f"SELECT COALESCE(MAX({quote(pk.column)}), 0) FROM {quote(table)}")  # noqa: S608
        start = cursor.fetchone()[0] + 1
    return list(range(start, start + count))


class Sealer:
    """Encrypt values of one encrypted field exactly as the field does on save.

    Same format (``cases.core.crypto.aead.seal``) and same associated data as
    ``cases.core.crypto.fields.associated_data``: model, field, row id and data key id.
    """

    def __init__(self, model: type[Model], field_name: str) -> None:
        field = model._meta.get_field(field_name)
        if not isinstance(field, EncryptedField):
            raise TypeError(f"{model._meta.label}.{field_name} is not an encrypted field")
        self.encode = field.encode
        self.prefix = f"recueil:v1|{model._meta.label_lower}|{field.name}|"

    def __call__(self, key: bytes, row_id: uuid.UUID, key_id: uuid.UUID, value: Any) -> bytes:
        associated = f"{self.prefix}{row_id}|{key_id}".encode()
        return seal(key, self.encode(value), associated)


@dataclass(frozen=True)
class DataKey:
    """A data key written wrapped to ``CaseKey``, and its plaintext to seal rows with."""

    id: uuid.UUID
    plain: bytes


_KEYS_AT_ONCE = CACHE_SIZE // 2


def new_data_keys(tables: Tables, count: int) -> list[DataKey]:
    """``count`` new data keys, wrapped under the active master key by ``data_keys_new``."""
    keys: list[DataKey] = []
    for start in range(0, count, _KEYS_AT_ONCE):
        records = data_keys_new(min(_KEYS_AT_ONCE, count - start))
        tables.add(
            CaseKey,
            ("id", "master_key_id", "wrapped"),
            [(r.id, r.master_key_id, bytes(r.wrapped or b"")) for r in records],
        )
        # data_keys_new leaves each plaintext in the process's key cache, read back
        # here before later keys push it out: the key is not in the database yet.
        keys.extend(DataKey(r.id, data_key(r.id)) for r in records)
    return keys


class BatchWriter:
    """Write batches, each in one transaction, while the next one is being built.

    On PostgreSQL, ``LANES`` threads write, each with a connection of its own, while
    this thread draws, encrypts and builds the next batch: the server's share of a
    batch (filling indexes, checking foreign keys: more than half of its time) then
    runs on every core instead of alternating with Python. Each transaction writes its
    rows alongside the other lane's, checking foreign keys as each COPY ends rather
    than all at commit, then waits for the previous batch to commit before the writes
    that must follow it (``in_order``: case numbers, the audit chain).

    SQLite takes one writer at a time, and a caller's open transaction (tests) must
    see the rows: there, and inside a transaction, each batch is written at once.
    """

    LANES = 2

    def __init__(self) -> None:
        background = connection.vendor == "postgresql" and not connection.in_atomic_block
        lanes = self.LANES if background else 0
        self._lanes = [ThreadPoolExecutor(1, f"loadgen-writer-{n}") for n in range(lanes)]
        self._pending: deque[tuple[Future[None], Callable[[], None] | None]] = deque()
        self._last_done: threading.Event | None = None
        self._submitted = 0

    def __enter__(self) -> BatchWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.wait()
        finally:
            for lane in self._lanes:
                lane.submit(_close_connection).result()
                lane.shutdown()

    def submit(
        self,
        rows: Callable[[], None],
        in_order: Callable[[], None],
        then: Callable[[], None] | None = None,
    ) -> None:
        """Write ``rows`` then ``in_order`` in one transaction; ``then`` runs here once
        it is committed."""
        if not self._lanes:
            with transaction.atomic():
                rows()
                in_order()
            if then:
                then()
            return
        if len(self._pending) == len(self._lanes):
            self._finish_oldest()
        lane = self._lanes[self._submitted % len(self._lanes)]
        done = threading.Event()
        future = lane.submit(_write_in_lane, rows, in_order, self._last_done, done)
        self._pending.append((future, then))
        self._last_done, self._submitted = done, self._submitted + 1

    def wait(self) -> None:
        """Wait for every batch submitted; the first error, if any, is raised here."""
        while self._pending:
            self._finish_oldest()

    def _finish_oldest(self) -> None:
        future, then = self._pending.popleft()
        future.result()
        if then:
            then()


def _write_in_lane(
    rows: Callable[[], None],
    in_order: Callable[[], None],
    after: threading.Event | None,
    done: threading.Event,
) -> None:
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            rows()
            if after is not None:
                after.wait()  # the previous batch is committed (or has failed)
            in_order()
    finally:
        done.set()


def _close_connection() -> None:
    connection.close()  # the lane's own connection: ``connection`` is per thread
