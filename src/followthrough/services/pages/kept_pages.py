"""Pages kept in this process's memory while what they show is unchanged (the
career-centre server).

A seeker's Today page and a coach's caseload are drawn from many rows; opened again
with nothing changed, they would be drawn again to the same result. Each is kept under
a *stamp* read from the database in one small query before the page's data
(store.page_stamps: the version of the seeker's job search, which the database moves on
at the commit of every change to it, or a fingerprint of everything a caseload is drawn
from) together with the day it is drawn for. A change moves the stamp on, so the next
look draws the page afresh; a stale page is never shown, and what is kept is only ever
what the same person was just shown.

What is kept is the page's data, never its HTML: the sign-in, the form tokens, the
notices and a coach's entry in the access log are made for every request. Each
process keeps its own (a bounded number of pages, the least recently used dropped);
nothing is shared between processes or hosts, so nothing needs telling when data
changes. Where the database keeps no stamps (SQLite, the local app) nothing is kept.
``FOLLOWTHROUGH_KEPT_PAGES=0`` turns keeping off (to measure, or to rule it out).
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from followthrough.services.jobsearch.profile import forget_read
from followthrough.services.owners import current_owner_id
from followthrough.store.page_stamps import seeker_version

log = logging.getLogger(__name__)

T = TypeVar("T")
MOST = 500  # pages kept per process: a Today page's data is some tens of kilobytes


class _Kept:
    """A bounded map of the pages last drawn, safe for the server's threads."""

    def __init__(self, most: int) -> None:
        self.most = most
        self.pages: OrderedDict[Hashable, Any] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: Hashable) -> tuple[bool, Any]:
        with self.lock:
            if key not in self.pages:
                return False, None
            self.pages.move_to_end(key)
            return True, self.pages[key]

    def put(self, key: Hashable, value: Any) -> None:
        with self.lock:
            self.pages[key] = value
            self.pages.move_to_end(key)
            while len(self.pages) > self.most:
                self.pages.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.pages.clear()


_kept = _Kept(MOST)


def keeping() -> bool:
    return os.environ.get("FOLLOWTHROUGH_KEPT_PAGES", "1") != "0"


def kept(key: Hashable | None, draw: Callable[[], T]) -> T:
    """The page filed under ``key``, drawn by ``draw`` unless it is kept already. A key
    of None (no stamp: SQLite) draws every time. The key must hold the stamp and all
    else the page depends on (whose page, the day, the page's parameters)."""
    if key is None or not keeping():
        return draw()
    found, page = _kept.get(key)
    if found:
        return page  # type: ignore[no-any-return]
    page = draw()
    _kept.put(key, page)
    log.debug("page drawn and kept: %s", key[0] if isinstance(key, tuple) else key)
    return page


def forget_all() -> None:
    """Drop every kept page (tests; a process that must draw everything afresh)."""
    _kept.clear()


def seeker_stamp() -> str | None:
    """The acting seeker's stamp: the version of their job search, read now, before any
    of the page's data (None where versions are not kept). The profile this request read
    before is forgotten: a save committed in between is in the stamp, and a page drawn
    with the profile from before would be kept under it (read it after this, for free)."""

    if not keeping():
        return None
    stamp = seeker_version()
    if stamp is not None:
        forget_read()
    return stamp


def seeker_key(page: str, stamp: str | None, *more: Hashable) -> tuple[Hashable, ...] | None:
    """The key a page of the acting seeker's is kept under: whose, which page, the stamp
    read before its data, and whatever else it depends on (the day)."""

    if stamp is None:
        return None
    return (page, current_owner_id(), stamp, *more)
