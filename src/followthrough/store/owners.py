"""Whose rows a query reads. Every owned table is read inside its owner's scope or not at
all: a query outside one raises ScopeError (django-scopes' scope and refusing queryset)
instead of answering with everyone's rows.

The scope holds the acting owner's user id; new rows take it as their ``owner`` (the field's
default), so no write path has to remember to set it. Entering a scope is the services'
business (services.owners); this module only reads it.

A scope may be read-only (a coach's look at a seeker's job search): a write in it raises
ReadOnlyScope from the owned tables' querysets and from any model's save, before the
database is asked; and :func:`database_read_only` makes the database itself refuse every
write, raw SQL and unowned tables included (PostgreSQL: a read-only subtransaction;
SQLite: ``PRAGMA query_only``), so a path the Python guard does not know fails too.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any, TypeVar

from django.db import connection, models, transaction
from django_scopes import get_scope
from django_scopes.exceptions import ScopeError
from django_scopes.manager import DisabledQuerySet

from followthrough.store.sole_owner import LOCAL

__all__ = [
    "DIMENSION",
    "LOCAL",
    "READ_ONLY",
    "OwnedManager",
    "OwnedThroughApplication",
    "ReadOnlyScope",
    "ScopeError",
    "acting_owner_id",
    "database_read_only",
    "readable_owner_ids",
    "refuse_writes_when_read_only",
]

DIMENSION = "owner"
READ_ONLY = "read_only"  # the scope's flag: read its owner's rows, write nothing
_Row = TypeVar("_Row", bound=models.Model)


def acting_owner_id() -> int:
    """The id of the user the code acts for; ScopeError outside an owner's scope."""
    value = get_scope().get(DIMENSION)
    if not isinstance(value, int):
        raise ScopeError("no owner is acting: owned rows are read and written only within an owner's scope")
    return value


def readable_owner_ids() -> tuple[int, ...]:
    """The owners whose rows the scope reads: the acting one, or the several of a read over
    them (a coach's caseload); ScopeError outside an owner's scope. For raw SQL, which no
    manager filters."""
    value = get_scope().get(DIMENSION)
    if isinstance(value, int):
        return (value,)
    if isinstance(value, tuple) and all(isinstance(v, int) for v in value):
        return value
    raise ScopeError("no owner is acting: owned rows are read only within an owner's scope")


class ReadOnlyScope(ScopeError):  # type: ignore[misc]  # django-scopes is untyped
    """A write attempted within a read-only scope (a coach's look at a seeker's job search)."""


def refuse_writes_when_read_only(*_: Any, **__: Any) -> None:
    """ReadOnlyScope within a read-only scope; nothing elsewhere. Also the ``pre_save``
    handler of every model (store/apps.py)."""
    if get_scope().get(READ_ONLY):
        raise ReadOnlyScope("a read-only look at a job search writes nothing")


@contextlib.contextmanager
def database_read_only() -> Iterator[None]:
    """The database refuses every write made in this block (and nothing made in it is
    kept: there is nothing to keep). Inside the caller's transaction when there is one."""
    postgres = connection.vendor == "postgresql"
    with transaction.atomic():
        with connection.cursor() as cursor:
            # PostgreSQL: read-only until the savepoint (or transaction) is rolled back
            # below, which also ends the mode; SQLite: the connection's flag, until unset.
            cursor.execute("SET LOCAL transaction_read_only = on" if postgres else "PRAGMA query_only = ON")
        try:
            yield
        finally:
            if not postgres:
                with connection.cursor() as cursor:
                    cursor.execute("PRAGMA query_only = OFF")
            transaction.set_rollback(True)


class OwnedQuerySet(models.QuerySet[_Row]):
    """An owned table's rows: their writes refused within a read-only scope."""

    def update(self, **kwargs: Any) -> int:
        refuse_writes_when_read_only()
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        refuse_writes_when_read_only()
        return super().delete()

    def bulk_create(self, *args: Any, **kwargs: Any) -> list[_Row]:
        refuse_writes_when_read_only()
        return super().bulk_create(*args, **kwargs)

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        refuse_writes_when_read_only()
        return super().bulk_update(*args, **kwargs)


class OwnedManager(models.Manager[_Row]):
    """django-scopes' ScopedManager, as a class of its own (the type checker's plugin
    cannot follow the one django-scopes makes inside a function): the acting owner's rows,
    and outside a scope a queryset that raises ScopeError on any use."""

    path = DIMENSION  # the lookup from the table to its owner
    _queryset_class = OwnedQuerySet

    def get_queryset(self) -> models.QuerySet[_Row]:
        current = get_scope()
        if not current.get("_enabled", True):  # scopes_disabled(): maintenance and tests only
            return super().get_queryset()
        if DIMENSION not in current:
            refusing: models.QuerySet[_Row] = DisabledQuerySet(self.model, using=self._db, missing_scopes={DIMENSION})
            return refusing
        value = current[DIMENSION]
        if isinstance(value, tuple):  # a read over several owners (a coach's caseload): never a write
            return super().get_queryset().filter(**{f"{self.path}__in": value})
        # None (no saved owner) matches no row: never everyone's.
        return super().get_queryset().filter(**{self.path: value})

    def all(self) -> models.QuerySet[_Row]:
        rows = super().all()
        if isinstance(rows, DisabledQuerySet):
            rows = rows.all()  # raises ScopeError
        return rows


class OwnedThroughApplication(OwnedManager[_Row]):
    path = f"application__{DIMENSION}"
