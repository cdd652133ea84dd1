"""The Undo a page offers after a change, named so that it undoes exactly that change.

Beside the event just recorded (web.common.offer_undo), an Undo can name: a journal entry
the change wrote (an edit, a removal, a deletion: undone by restoring it), days away added
or removed (by their dates), or a playbook switch (from which to which). It stays in the
session until the next action (web.common.notify takes it away) and is posted to /undo.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from followthrough.core.model import AwayPeriod
from followthrough.services.corrections import entry_fingerprint, kept_since
from followthrough.web.common import UNDO_KEY


def offer(request: HttpRequest, kind: str, label: str, back: str, **fields: Any) -> None:
    """An Undo button of ``kind`` (the /undo view's), its accessible name ending in
    ``label`` ("what was just removed"), posting ``fields``; then back to ``back``."""
    request.session[UNDO_KEY] = {"kind": kind, "label": label, "next": back, "fields": fields}


def offer_kept(request: HttpRequest, mark: int, slug: str, label: str, back: str) -> None:
    """An Undo for the change just made to application ``slug``, which wrote one journal
    entry after ``mark`` (services.corrections.journal_mark, read before the change).
    A change that wrote none, or several (a new hiring officer demotes the one on file),
    is offered no Undo: the Journal page restores each entry."""
    written = kept_since(mark, slug)
    if len(written) != 1:
        request.session.pop(UNDO_KEY, None)
        return
    entry = written[0]
    offer(request, "journal", label, back, entry=entry.id, fingerprint=entry_fingerprint(entry))


def offer_away(request: HttpRequest, kind: str, period: AwayPeriod) -> None:
    """Undo for days away added (``away-added``) or removed (``away-removed``)."""
    label = "adding these days away" if kind == "away-added" else "removing these days away"
    first, last = period.from_.isoformat(), period.until.isoformat()
    offer(request, kind, label, "/settings/#away", first=first, last=last)
