"""A database too busy to write to: telling it from other errors, and saying who holds it.

SQLite gives up with "database is locked" after its busy timeout; PostgreSQL cancels a
statement that waited longer than ``lock_timeout`` (SQLSTATE 55P03). Both wait
:data:`BUSY_TIMEOUT` seconds (``FOLLOWTHROUGH_BUSY_TIMEOUT`` changes it). Who holds the
lock is read where the system tells: on Linux, the SQLite writer is the process holding
the WAL write lock (byte 120 of the ``-shm`` file, in ``/proc/locks``); on PostgreSQL,
the oldest other open transaction on the database (``pg_stat_activity``).
"""

from __future__ import annotations

import os
import sys
from typing import Any

PROGRAM = "followthrough"
_WAL_WRITE_LOCK = 120  # the byte of the -shm file a WAL writer locks (SQLite's WALINDEX_LOCK_OFFSET)
_RESERVED_BYTE = 0x40000001  # the byte of the database file a rollback-journal writer locks


def busy_timeout() -> float:
    """Seconds a write waits for another writer before giving up."""
    try:
        seconds = float(os.environ.get("FOLLOWTHROUGH_BUSY_TIMEOUT", "30"))
    except ValueError:
        return 30.0
    return seconds if 0 < seconds <= 3600 else 30.0


def is_busy(error: BaseException) -> bool:
    """A write that gave up waiting for another one (SQLite or PostgreSQL, Django's
    error or the driver's own)."""
    for cause in (error, error.__cause__):
        if cause is None:
            continue
        if getattr(cause, "sqlstate", None) == "55P03":  # lock_not_available
            return True
        if type(cause).__name__ == "OperationalError" and "database is locked" in str(cause):
            return True
    return False


def describe(argv: list[str]) -> str:
    """A process as a person would name it: 'followthrough import', else its program."""
    words = [os.path.basename(a) for a in argv[:2]]
    if PROGRAM in words or (len(argv) > 2 and argv[1:3] == ["-m", PROGRAM]):
        start = words.index(PROGRAM) + 1 if PROGRAM in words else 3
        rest = argv[start:]
        command = next(
            (a for i, a in enumerate(rest) if not a.startswith("-") and (i == 0 or rest[i - 1] != "--db")), ""
        )
        return f"{PROGRAM} {command}".strip()
    return words[0] if words else "another program"


def program_name() -> str:
    """How this process names itself to PostgreSQL (``application_name``)."""
    return describe(sys.argv if sys.argv and sys.argv[0] else [PROGRAM])[:63]


def _cmdline(pid: int) -> list[str]:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as file:
            return [a.decode(errors="replace") for a in file.read().split(b"\0") if a]
    except OSError:
        return []


def sqlite_writer(path: str) -> str | None:
    """'followthrough import (pid 4242)': the process holding the SQLite file's write lock,
    where the system says (Linux); else None."""
    wanted = []
    for name, byte in ((f"{path}-shm", _WAL_WRITE_LOCK), (path, _RESERVED_BYTE)):
        try:
            stat = os.stat(name)
        except OSError:
            continue
        wanted.append((os.major(stat.st_dev), os.minor(stat.st_dev), stat.st_ino, byte))
    try:
        with open("/proc/locks") as file:
            lines = file.read().splitlines()
    except OSError:
        return None
    for line in lines:
        fields = line.split()
        if len(fields) < 8 or fields[1] not in ("POSIX", "OFDLCK") or fields[3] != "WRITE":
            continue
        try:
            major, minor, inode = (int(x, 16) if i < 2 else int(x) for i, x in enumerate(fields[5].split(":")))
            start, end = int(fields[6]), (sys.maxsize if fields[7] == "EOF" else int(fields[7]))
            pid = int(fields[4])
        except ValueError:
            continue
        for want_major, want_minor, want_inode, byte in wanted:
            if (major, minor, inode) == (want_major, want_minor, want_inode) and start <= byte <= end:
                if pid <= 0 or pid == os.getpid():
                    return None
                return f"{describe(_cmdline(pid))} (pid {pid})"
    return None


def postgres_holder(connection: Any) -> str | None:
    """'followthrough import (in a transaction for 12 s)': the oldest other open transaction on this
    PostgreSQL database, named by its ``application_name`` (else its user)."""
    query = (
        "SELECT application_name, usename, EXTRACT(EPOCH FROM now() - xact_start) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL "
        "ORDER BY xact_start LIMIT 1"
    )
    try:
        with connection.cursor() as cursor:
            cursor.execute(query)
            row = cursor.fetchone()
    except Exception:  # the server is gone too: no name to give
        return None
    if row is None:
        return None
    name, user, seconds = row
    return f"{name or f'a session of user {user}'} (in a transaction for {int(seconds or 0)} s)"
