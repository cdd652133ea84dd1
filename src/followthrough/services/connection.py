"""Opening the store a command works on, once the entry point has configured it."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from django.db import Error as DatabaseError
from django.db import connection

from followthrough.services.errors import UserError
from followthrough.store import busy, database


def open_store(location: str) -> str:
    """Bring the configured database's tables up to date; a one-line error when it cannot
    be reached. Returns the location as it may be shown (any password masked)."""
    try:
        database.migrate()
    except Exception as error:  # the driver's own errors: unreachable server, bad file
        if (message := busy_message(error)) is not None:
            raise UserError(message) from None
        if isinstance(error, DatabaseError | OSError):
            raise UserError(
                f"cannot open the database {database.mask(location)}: {_first_line(error, location)}"
            ) from None
        raise
    return database.mask(location)


def _first_line(error: BaseException, location: str) -> str:
    line = (str(error).strip().splitlines() or [type(error).__name__])[0]
    password = urlsplit(location).password if "://" in location else None
    return line.replace(unquote(password), "***") if password else line


def busy_message(error: BaseException) -> str | None:
    """One line for a write that gave up waiting for another writer, naming who holds the
    database where that can be known; None for any other error."""
    if not busy.is_busy(error):
        return None

    waited = f"waited {busy.busy_timeout():g} s"
    if connection.vendor == "postgresql":
        holder = busy.postgres_holder(connection)
    else:
        holder = busy.sqlite_writer(str(connection.settings_dict["NAME"]))
    if holder is None:
        return f"the database is busy: another program is writing to it ({waited}); try again in a moment"
    return f"the database is busy: {holder} is writing to it ({waited}); try again when it is done"
