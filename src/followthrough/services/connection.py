"""Opening the store a command works on."""

from __future__ import annotations

from followthrough.services.errors import UserError
from followthrough.store import database


def connect(db: str | None) -> str:
    """Set up the store named by --db / FOLLOWTHROUGH_DB / the default; return its location."""
    location = database.locate(db)
    try:
        database.use(location)
        database.migrate()
    except database.BadDatabase as error:
        raise UserError(str(error)) from None
    except Exception as error:  # the driver's own errors: unreachable server, bad file
        from django.db import Error as DatabaseError

        if isinstance(error, DatabaseError | OSError):
            raise UserError(f"cannot open the database {_safe(location)}: {_first_line(error)}") from None
        raise
    return location


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def _safe(location: str) -> str:
    """The location without any password it may carry."""
    if database.is_postgres(location) and "@" in location:
        scheme, rest = location.split("://", 1)
        return f"{scheme}://…@{rest.rsplit('@', 1)[1]}"
    return location
