"""Whose job search the code works on: every row belongs to someone.

A local job search (the command line, the web app on 127.0.0.1) has one implicit owner,
the user ``local``, made when the store is first opened. A shared server acts for the
signed-in user. Either way the code runs inside :func:`acting_as` (or
:func:`act_locally_from_now_on` for a whole command-line process): the owned tables are
read and written within that owner's scope, and a query outside any scope raises.

Step ids are the planner's stable ids; they carry a namespace so two job seekers with an
application of the same id never share one. The local owner's namespace is empty: the
ids of a local job search are what they always were.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection
from django_scopes import get_scope, scope, scopes_disabled

from followthrough.services.fastpath import promises
from followthrough.store.models import Profile, User
from followthrough.store.owners import (
    DIMENSION,
    LOCAL,
    READ_ONLY,
    ReadOnlyScope,
    ScopeError,
    acting_owner_id,
    database_read_only,
)

__all__ = [
    "LOCAL",
    "ReadOnlyScope",
    "ScopeError",
    "act_locally_from_now_on",
    "acting_as",
    "acting_locally",
    "anyone_acting",
    "current_owner",
    "current_owner_id",
    "forget_local_owner",
    "local_owner",
    "local_owner_id",
    "owner_of_feed",
    "reading_as",
    "step_namespace",
]

log = logging.getLogger(__name__)

_NAMESPACE = "steps_namespace"
_local_ids: dict[tuple[str, str], int] = {}  # (engine, database) -> the local owner's id
_process_scope: contextlib.ExitStack | None = None


def local_owner() -> Any:
    """The implicit owner of a local job search, made on first need with a password no one
    can sign in with. Race-safe: two processes opening a new database at once end with one
    (the username is unique; the loser of the race reads the winner's row)."""

    user, made = User.objects.get_or_create(username=LOCAL, defaults={"password": make_password(None)})
    if made:
        log.info("made the local owner of this job search (user %s)", user.pk)
    return user


def local_owner_id() -> int:
    """The local owner's id, read once per database and process."""

    key = (connection.vendor, str(connection.settings_dict["NAME"]))
    if key not in _local_ids:
        _local_ids[key] = local_owner().pk
    return _local_ids[key]


def forget_local_owner() -> None:
    """Read the local owner again on next need (a database emptied or replaced)."""
    _local_ids.clear()


def _is_local(user: Any) -> bool:
    return bool(user.username == LOCAL)


@contextlib.contextmanager
def _acting(owner_id: int, namespace: str, read_only: bool = False) -> Iterator[None]:
    if not isinstance(owner_id, int):  # a scope without a value would filter nothing: never
        raise ScopeError(f"cannot act for {owner_id!r}: not a saved user")
    # Read-only holds for every scope entered inside a read-only one.
    read_only = read_only or bool(get_scope().get(READ_ONLY))
    with scope(**{DIMENSION: owner_id, _NAMESPACE: namespace, READ_ONLY: read_only}):
        yield


def _namespace(user: Any) -> str:
    return "" if _is_local(user) else str(user.pk)


def acting_as(user: Any) -> contextlib.AbstractContextManager[None]:
    """Work on ``user``'s job search: its rows only, and new rows are theirs."""
    return _acting(user.pk, _namespace(user))


@contextlib.contextmanager
def reading_as(user: Any) -> Iterator[None]:
    """Read ``user``'s job search and write nothing (a coach's full view): its rows only,
    and a write attempted in here raises, ReadOnlyScope from the models and querysets, and
    the database's own refusal from any other path (raw SQL, a table no one owns)."""
    with _acting(user.pk, _namespace(user), read_only=True), database_read_only():
        yield


def acting_locally() -> contextlib.AbstractContextManager[None]:
    """Work on the local owner's job search (the local web app, per request)."""
    return _acting(local_owner_id(), "")


def act_locally_from_now_on() -> None:
    """The command line: this process works on the local owner's job search."""
    global _process_scope
    if _process_scope is not None:
        _process_scope.close()
    _process_scope = contextlib.ExitStack()
    _process_scope.enter_context(acting_locally())


def current_owner_id() -> int:
    """The acting owner's id (what a new row's ``owner`` becomes); ScopeError outside."""
    return acting_owner_id()


def current_owner() -> Any:
    return User.objects.get(pk=acting_owner_id())


def step_namespace() -> str:
    """What the acting owner's step ids are made with: empty for a local job search."""
    acting_owner_id()  # outside a scope, there is no namespace to give
    return str(get_scope().get(_NAMESPACE, ""))


def _whose_job_search() -> str:
    """For services.fastpath.promises: whose readings these are (the step namespace: "" for the
    local job search, and outside any scope)."""
    try:
        return step_namespace()
    except ScopeError:
        return ""


def anyone_acting() -> bool:
    """Whether the code runs for someone (a command, a signed-in request) or for no one
    yet (a server request that only holds a secret address)."""
    try:
        acting_owner_id()
    except ScopeError:
        return False
    return True


def owner_of_feed(token: str) -> Any:
    """Whose calendar feed has this secret address, on a server where the request itself
    names no one (a calendar program signs in to nothing). The one read across owners:
    by a 256-bit random value, indexed, answering a user or None."""

    if not token:
        return None
    with scopes_disabled():
        row = Profile.objects.select_related("owner").filter(calendar_token=token).first()
    return row.owner if row is not None else None


def _readings_per_job_search() -> None:
    promises.whose = _whose_job_search


_readings_per_job_search()
