"""The follow-up method as data (docs/playbooks.md): a handful of numbers and choices.

``column`` is the career column's method and the default; ``email-first`` writes instead
of calling and stops after two follow-ups. A job search may carry playbooks of its own:
``from_mapping`` checks one (from the exchange document, later from a TOML file) and
names the key at fault.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

FOLLOW_UP_BY = ("call", "email")


class PlaybookError(ValueError):
    """A playbook value that does not fit, and the key it belongs to (None: the whole)."""

    def __init__(self, key: str | None, message: str) -> None:
        super().__init__(f"{key}: {message}" if key else message)
        self.key, self.message = key, message


@dataclass(frozen=True)
class Playbook:
    # The keys of section 5, with the column's values.
    thank_you_notes: bool = True
    follow_ups: int = 3
    follow_up_by: str = "call"
    follow_up_every_days: int = 7
    no_promise_wait_days: int = 7
    inside_contacts: bool = True
    last_email_months: int = 1
    move_on_days: int = 7
    # Not data: which playbook this is, and a behaviour knob kept from before section 5.
    # The method says a "please don't call us" need not be obeyed (the calls are then
    # flagged); a program embedding the planner may turn those calls off instead.
    name: str = "column"
    call_when_asked_not_to: bool = True

    def __post_init__(self) -> None:
        check(self)

    def values(self) -> dict[str, Any]:
        """The section 5 keys and their values, in the table's order."""
        return {key: getattr(self, key) for key in KEYS}


KEYS: tuple[str, ...] = tuple(f.name for f in fields(Playbook) if f.name not in ("name", "call_when_asked_not_to"))
# (smallest, largest) of each number; the largest only guard against typing slips.
_RANGES: dict[str, tuple[int, int]] = {
    "follow_ups": (0, 10),
    "follow_up_every_days": (1, 365),
    "no_promise_wait_days": (0, 365),
    "last_email_months": (0, 24),
    "move_on_days": (0, 365),
}
_BOOLEANS = ("thank_you_notes", "inside_contacts")
NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


def check(book: Playbook) -> None:
    for key, (low, high) in _RANGES.items():
        value = getattr(book, key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise PlaybookError(key, f"expected a whole number, found {value!r}")
        if not low <= value <= high:
            raise PlaybookError(key, f"{value} is out of range ({low} to {high})")
    for key in _BOOLEANS:
        if not isinstance(getattr(book, key), bool):
            raise PlaybookError(key, f"expected true or false, found {getattr(book, key)!r}")
    if book.follow_up_by not in FOLLOW_UP_BY:
        raise PlaybookError("follow_up_by", f"{book.follow_up_by!r} is not one of {', '.join(map(repr, FOLLOW_UP_BY))}")


def check_name(name: Any) -> str:
    if not isinstance(name, str) or not NAME.match(name):
        raise PlaybookError(None, f"{name!r} is not a playbook name (lower-case letters, digits, '-' and '_')")
    return name


def from_mapping(name: str, values: Mapping[str, Any], base: Playbook | None = None) -> Playbook:
    """The playbook ``values`` describe: keys it leaves out keep the column's value (or
    ``base``'s). Raises PlaybookError naming the first unknown key or bad value."""
    check_name(name)
    for key in values:
        if key not in KEYS:
            raise PlaybookError(str(key), f"unknown key (one of {', '.join(KEYS)})")
    for key, value in values.items():
        if key in _BOOLEANS and not isinstance(value, bool):
            raise PlaybookError(key, f"expected true or false, found {_shown(value)}")
        if key in _RANGES and (isinstance(value, bool) or not isinstance(value, int)):
            raise PlaybookError(key, f"expected a whole number, found {_shown(value)}")
        if key == "follow_up_by" and value not in FOLLOW_UP_BY:
            raise PlaybookError(key, f"{_shown(value)} is not one of {', '.join(map(repr, FOLLOW_UP_BY))}")
    return replace(base or COLUMN, name=name, **dict(values))


def _shown(value: Any) -> str:
    return "null" if value is None else repr(value)


COLUMN = Playbook()
EMAIL_FIRST = Playbook(follow_up_by="email", follow_ups=2, name="email-first")
BUILT_IN: dict[str, Playbook] = {book.name: book for book in (COLUMN, EMAIL_FIRST)}
DEFAULT_PLAYBOOK = COLUMN


def resolve(name: str | None, own: Mapping[str, Playbook] | None = None, default: str | None = None) -> Playbook:
    """The playbook called ``name`` (else ``default``, else the column's): the job
    search's own first, then the built-in ones. Raises PlaybookError if unknown."""
    wanted = name or default or COLUMN.name
    book = (own or {}).get(wanted) or BUILT_IN.get(wanted)
    if book is None:
        known = sorted({*BUILT_IN, *(own or {})})
        raise PlaybookError(None, f"unknown playbook {wanted!r} (known: {', '.join(known)})")
    return book
