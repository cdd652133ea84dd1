"""Many rows in one statement per table: what ``bulk_create`` does, without compiling
the SQL of every field of every row again (most of a large import's time went there).

Values go through the same adapters Django uses to save a field (dates, JSON), and a
field left out gets its model default, so a row written here reads back exactly as one
saved through the ORM would (tests/test_import_speed.py holds the two to the same rows).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.db import connection

_PLAIN = {
    "AutoField", "BigAutoField", "BigIntegerField", "BooleanField", "CharField", "ForeignKey",
    "IntegerField", "PositiveIntegerField", "SmallIntegerField", "TextField",
}  # fmt: skip


def _adapter(field: Any, connection: Any) -> Callable[[Any], Any] | None:
    kind = field.get_internal_type()
    if kind in _PLAIN:
        return None  # the driver takes the Python value as it is
    if kind == "DateField":
        adapt: Callable[[Any], Any] = connection.ops.adapt_datefield_value
        return adapt
    if kind == "JSONField":
        return lambda value: connection.ops.adapt_json_value(value, field.encoder)
    return lambda value: field.get_db_prep_save(value, connection)  # anything else: Django's own way


def insert(model: Any, rows: Iterable[Mapping[str, Any]]) -> int:
    """Insert ``rows`` (field name, or ``<fk>_id``, to value) into ``model``'s table: one
    ``executemany`` on SQLite (in-process, so each row costs microseconds), one ``COPY``
    on PostgreSQL. Returns how many rows went in."""

    fields = [
        f for f in model._meta.concrete_fields if not (f.primary_key and f.get_internal_type().endswith("AutoField"))
    ]
    plan = [(f.attname, f.name, f.get_default(), _adapter(f, connection)) for f in fields]
    params = []
    for row in rows:
        values = []
        for attname, name, default, adapt in plan:
            value = row[attname] if attname in row else row.get(name, default)
            values.append(value if adapt is None or value is None else adapt(value))
        params.append(values)
    if not params:
        return 0
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    table = quote(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: one stream, not a statement per row (psycopg adapts each value as for INSERT).
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for values in params:
                    copy.write_row(values)
        else:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", params)
    return len(params)
