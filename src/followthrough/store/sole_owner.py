"""A local job search has one owner: the sqlite3 fast paths check it, without Django."""

from __future__ import annotations

TYPE_CHECKING = False  # typing itself costs the fast paths a few milliseconds
if TYPE_CHECKING:
    from typing import Any

LOCAL = "local"  # the username of a local job search's owner: reserved, no one signs in as it


def only_the_local_owner(connection: Any) -> bool:
    """Whether the local owner is the database's one user (a DB-API connection): then
    every row is theirs, and the fast paths may read and write without a scope. A shared
    server's database (several owners), or one never opened, takes the ORM path."""
    row = connection.execute("SELECT COUNT(*), MIN(username) FROM ft_user").fetchone()
    return bool(row) and row[0] == 1 and row[1] == LOCAL
