"""Table and column names for raw SQL, from the models' ``_meta``: a statement names a
table as ``{Step}`` and a column as ``{Step.due}``, so renaming a field or a table in a
model renames it in every statement too (one place describes a stored row).

    sql("SELECT {Step.id}, {Step.due} FROM {Step} WHERE {Step.status} = %s")
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.apps import apps


class _Table:
    """A model as SQL: its table (formatted), its columns (attributes, by field name)."""

    def __init__(self, model: Any) -> None:
        self._meta = model._meta
        self._columns = {f.name: f.column for f in model._meta.concrete_fields}
        self._columns.update({f.attname: f.column for f in model._meta.concrete_fields})

    def __format__(self, spec: str) -> str:
        return str(self._meta.db_table)

    def __getattr__(self, field: str) -> str:
        try:
            return str(self._columns[field])
        except KeyError:
            raise AttributeError(f"{self._meta.label} has no column for {field!r}") from None


class _Models(dict[str, _Table]):
    def __missing__(self, name: str) -> _Table:
        table = self[name] = _Table(apps.get_model("store", name))
        return table


@cache
def sql(template: str) -> str:
    """``template`` with its ``{Model}`` and ``{Model.field}`` names filled in (store's models)."""
    return template.format_map(_Models())


def table(name: str) -> str:
    """The table of the store's model ``name``."""
    return sql("{" + name + "}")
