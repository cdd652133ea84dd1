"""Reading a file the user hands to `import`: a regular file of a sane size, or a UserError.

A pipe would block for ever, a device (a link to /dev/zero) never ends, and a file of
gigabytes would fill the memory before any check ran: all are refused before a byte is
read, with one line that says why.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from followthrough.core.errors import UserError

MAX_IMPORT_BYTES = 50_000_000  # 50 MB: docs/files.md


def read_import(path: Path, limit: int = MAX_IMPORT_BYTES) -> bytes:
    """The bytes of ``path``, if it is a regular file of at most ``limit`` bytes."""
    try:
        # O_NONBLOCK: opening a FIFO with no writer must not wait for one.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise UserError(f"{path}: cannot read: {error.strerror}") from None
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UserError(f"{path}: not a regular file ({_kind(info.st_mode)}): import reads files only")
        if info.st_size > limit:
            raise UserError(f"{path}: {info.st_size:,} bytes, more than the {limit:,} bytes an import reads")
        try:
            data = file.read(limit + 1)
        except OSError as error:
            raise UserError(f"{path}: cannot read: {error.strerror}") from None
    if len(data) > limit:
        raise UserError(f"{path}: more than the {limit:,} bytes an import reads")
    return data


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a plain file"
