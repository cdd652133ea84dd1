"""The small pieces every followthrough/1 reader shares: typed fields, checked, with the
JSON path of any fault, and the limits every door applies."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Mapping
from enum import StrEnum
from typing import Any, TypeVar

E = TypeVar("E", bound=StrEnum)


class InvalidData(ValueError):
    """A value that does not fit the exchange format, and where it is."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path, self.message = path, message


def read_object(value: Any, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InvalidData(path, f"expected an object, found {kind_of(value)}")
    return value


def kind_of(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false"}.get(
        type(value), "null" if value is None else "a number"
    )


# Names, addresses of one line, ids: these end up in mail headers, calendar and card
# fields and terminal lines, where a line break would forge a line of its own. Every
# character some software reads as a line break counts (what str.splitlines splits on,
# C1 controls included), and so does an RFC 2047 encoded word: a mail library decodes
# "=?utf-8?q?Pat=0D=0ABcc:...?=" into a real line break when it writes the header.
_MULTILINE = frozenset({"home_address", "how_did_i_do", "note", "notes"})
_CONTROL = frozenset(map(chr, [*range(32), *range(127, 160), 0x2028, 0x2029]))
_TEXT_CONTROL = _CONTROL - {"\n", "\r", "\t"}
_BREAKS = frozenset("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_ENCODED_WORD = re.compile(r"=\?[^?\s]*\?[^?\s]*\?.*?\?=", re.DOTALL)
_SURROGATE = re.compile("[\ud800-\udfff]")


def check_text(value: str, where: str, multiline: bool = False) -> str:
    """The value, if it holds no control character (line breaks only where text may
    span lines), no lone surrogate and, on one line, no encoded word; else InvalidData
    naming ``where``."""
    bad = next((c for c in value if c in (_TEXT_CONTROL if multiline else _CONTROL)), None)
    if bad is not None:
        what = "a line break" if bad in _BREAKS else "the control character"
        raise InvalidData(
            where,
            f"contains {what} U+{ord(bad):04X}: " + ("not allowed here" if multiline else "it must be one line"),
        )
    surrogate = _SURROGATE.search(value)
    if surrogate is not None:
        raise InvalidData(where, f"contains a lone surrogate U+{ord(surrogate.group()):04X}: not valid Unicode text")
    if not multiline and _ENCODED_WORD.search(value):
        raise InvalidData(where, "contains a MIME encoded word (=?...?=): refused, it could forge mail headers")
    return value


# The days the product accepts: wide enough for any job search, narrow enough that every
# date arithmetic (a timeframe, a business-day roll, a year ahead) stays inside Python's.
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2200, 12, 31)


def check_date(value: dt.date, where: str) -> dt.date:
    """The date, if it lies in FIRST_DAY..LAST_DAY; else InvalidData naming ``where``."""
    if not FIRST_DAY <= value <= LAST_DAY:
        raise InvalidData(where, f"{value.isoformat()} is outside the dates accepted ({FIRST_DAY} to {LAST_DAY})")
    return value


# An application's id: what `followthrough add --id` accepts, and what a URL or a file
# name can carry as is.
ID_RULE = "lower-case letters, digits and single dashes, at most 100 characters"
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_KEY = 100


def check_id(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise InvalidData(where, f"expected an id, found {kind_of(value)}")
    if len(value) > MAX_KEY or not _ID.fullmatch(value):
        raise InvalidData(where, f"{_short(value)} is not an id: use {ID_RULE}")
    return value


def _short(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:40] + "…")


# Values carried through untouched (fields this version does not know) still have to
# survive both databases and the JSON written back: no NUL (PostgreSQL refuses it), no
# lone surrogate (not UTF-8), no NaN or infinity (not JSON), no number too large to
# write back as text. Keys and strings are otherwise free.
MAX_NUMBER = 10**300
_MAX_DEPTH = 64


def check_carried(value: Any, where: str, depth: int = 0) -> None:
    if depth > _MAX_DEPTH:
        raise InvalidData(where, "nested too deeply")
    if isinstance(value, str):
        if "\x00" in value:
            raise InvalidData(where, "contains a NUL character")
        surrogate = _SURROGATE.search(value)
        if surrogate is not None:
            raise InvalidData(where, f"contains a lone surrogate U+{ord(surrogate.group()):04X}: not valid Unicode")
    elif isinstance(value, bool) or value is None:
        return
    elif isinstance(value, int | float):
        if value != value or not -MAX_NUMBER < value < MAX_NUMBER:
            raise InvalidData(where, "a number too large (or not a number) to keep")
    elif isinstance(value, Mapping):
        for key, item in value.items():
            check_carried(key, f"{where}.{key}" if isinstance(key, str) else where, depth + 1)
            check_carried(item, f"{where}.{key}", depth + 1)
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            check_carried(item, f"{where}[{i}]", depth + 1)
    else:
        raise InvalidData(where, f"unexpected value of type {type(value).__name__}")


def read_text(obj: Mapping[str, Any], key: str, path: str, required: bool = True) -> str | None:
    if key not in obj or obj[key] is None:
        if required:
            raise InvalidData(f"{path}.{key}", "is required")
        return None
    value = obj[key]
    if not isinstance(value, str):
        raise InvalidData(f"{path}.{key}", f"expected a string, found {kind_of(value)}")
    if required and not value.strip():
        raise InvalidData(f"{path}.{key}", "must not be empty")
    return check_text(value, f"{path}.{key}", multiline=key in _MULTILINE)


def read_required_text(obj: Mapping[str, Any], key: str, path: str) -> str:
    value = read_text(obj, key, path)
    assert value is not None
    return value


def read_flag(obj: Mapping[str, Any], key: str, path: str) -> bool | None:
    value = obj.get(key)
    if value is not None and not isinstance(value, bool):
        raise InvalidData(f"{path}.{key}", f"expected true or false, found {kind_of(value)}")
    return value


def parse_date(value: Any, path: str) -> dt.date:
    if not isinstance(value, str):
        raise InvalidData(path, f"expected a date as YYYY-MM-DD, found {kind_of(value)}")
    try:
        if len(value) != 10 or not value.isascii():
            raise ValueError
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidData(path, f"{_short(value)} is not a real date (YYYY-MM-DD)") from None
    return check_date(day, path)


def read_date(obj: Mapping[str, Any], key: str, path: str, required: bool = True) -> dt.date | None:
    if obj.get(key) is None:
        if required:
            raise InvalidData(f"{path}.{key}", "is required")
        return None
    return parse_date(obj[key], f"{path}.{key}")


def read_choice(obj: Mapping[str, Any], key: str, path: str, enum: type[E], required: bool = False) -> E | None:
    value = obj.get(key)
    if value is None:
        if required:
            raise InvalidData(f"{path}.{key}", f"is required (one of {', '.join(enum)})")
        return None
    try:
        return enum(value)
    except ValueError:
        raise InvalidData(f"{path}.{key}", f"unknown {key} {value!r} (one of {', '.join(enum)})") from None


def extra_keys(obj: Mapping[str, Any], known: set[str]) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if k not in known}


_ZONE = re.compile(r"[A-Za-z0-9_+-]+(?:/[A-Za-z0-9_+-]+)*")


def check_timezone(name: Any, path: str) -> str:
    if not isinstance(name, str) or not name:
        raise InvalidData(path, "expected a time zone name such as 'America/Chicago'")
    try:
        if len(name) > 64 or not _ZONE.fullmatch(name):
            raise ValueError
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder, e.g. 'America'
        raise InvalidData(path, f"unknown time zone {_short(name)}") from None
    return name
