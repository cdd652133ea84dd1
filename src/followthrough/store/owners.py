"""Whose rows a query reads. Every owned table is read inside its owner's scope or not at
all: a query outside one raises ScopeError (django-scopes' scope and refusing queryset)
instead of answering with everyone's rows.

The scope holds the acting owner's user id; new rows take it as their ``owner`` (the field's
default), so no write path has to remember to set it. Entering a scope is the services'
business (services.owners); this module only reads it.
"""

from __future__ import annotations

from typing import TypeVar

from django.db import models
from django_scopes import get_scope
from django_scopes.exceptions import ScopeError
from django_scopes.manager import DisabledQuerySet

from followthrough.store.sole_owner import LOCAL

__all__ = ["DIMENSION", "LOCAL", "OwnedManager", "OwnedThroughApplication", "ScopeError", "acting_owner_id"]

DIMENSION = "owner"
_Row = TypeVar("_Row", bound=models.Model)


def acting_owner_id() -> int:
    """The id of the user the code acts for; ScopeError outside an owner's scope."""
    value = get_scope().get(DIMENSION)
    if not isinstance(value, int):
        raise ScopeError("no owner is acting: owned rows are read and written only within an owner's scope")
    return value


class OwnedManager(models.Manager[_Row]):
    """django-scopes' ScopedManager, as a class of its own (the type checker's plugin
    cannot follow the one django-scopes makes inside a function): the acting owner's rows,
    and outside a scope a queryset that raises ScopeError on any use."""

    path = DIMENSION  # the lookup from the table to its owner

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
