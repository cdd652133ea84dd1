"""Where the data lives. Cheap to import: the agenda's fast path needs it."""

from __future__ import annotations

import os
import sys

DEFAULT_FILE = "followthrough.sqlite3"


def default_location() -> str:
    """followthrough.sqlite3 in the user data directory (XDG on Linux)."""
    if sys.platform.startswith("linux"):  # platformdirs' answer, without its import cost
        base = os.environ.get("XDG_DATA_HOME", "").strip() or os.path.expanduser("~/.local/share")
        return os.path.join(base, "followthrough", DEFAULT_FILE)
    import platformdirs

    return os.path.join(platformdirs.user_data_dir("followthrough", appauthor=False), DEFAULT_FILE)


def locate(option: str | None) -> str:
    """The database to use: --db, else FOLLOWTHROUGH_DB, else the user data directory."""
    return option or os.environ.get("FOLLOWTHROUGH_DB") or default_location()


def is_postgres(location: str) -> bool:
    return location.startswith(("postgresql://", "postgres://"))


def masked(location: str) -> str:
    """The location as it may be shown (banners, errors, logs): a URL's password, and any
    query (where libpq takes a password too), replaced by ***. A password with an
    unencoded / ? or # in it hides everything before the last @."""
    scheme, sep, rest = location.partition("://")
    if not sep:
        return location  # a file path
    from urllib.parse import urlsplit

    netloc = urlsplit(location).netloc
    if "@" in netloc:
        user, _, host = netloc.rpartition("@")
        if ":" in user:
            user = user.split(":", 1)[0] + ":***"
        rest = f"{user}@{host}" + rest[len(netloc) :]
    elif "@" in rest:
        rest = "***@" + rest.rpartition("@")[2]
    rest, query, _ = rest.partition("?")
    return f"{scheme}://{rest}" + ("?***" if query else "")


def sqlite_file(location: str) -> str:
    if location.startswith("sqlite:///"):
        location = location.removeprefix("sqlite://")
    return os.path.expanduser(location)
