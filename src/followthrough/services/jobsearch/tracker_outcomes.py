"""Closing an application as a spreadsheet's status column says (the words are read by
followthrough.core.status_words)."""

from __future__ import annotations

from typing import Any

from followthrough.core import codec
from followthrough.core.model import NO_RESPONSE, ApplicationStatus
from followthrough.services.errors import UserError
from followthrough.store.models import Event as EventRow


def close(app: Any, outcome: str, on: Any, where: str) -> bool:
    """Record the event that closes ``app`` (an Application row) with ``outcome``, unless it
    is already closed: a spreadsheet does not overrule what was recorded here. True if an
    event was added (the caller re-plans)."""

    if app.status != ApplicationStatus.OPEN:
        return False
    if outcome == NO_RESPONSE:  # moving on: the last step of the plan, done
        payload: dict[str, Any] = {"type": "step_done", "on": on.isoformat(), "kind": "move_on"}
    else:
        payload = {"type": "response", "on": on.isoformat(), "outcome": outcome}
    keys = set(app.contacts.values_list("key", flat=True))
    try:
        codec.event_from_dict(payload, "event", keys)
    except codec.InvalidData as error:
        raise UserError(f"{where}: {error.message} ({error.path})") from None
    last = app.events.order_by("-position").values_list("position", flat=True).first()
    EventRow.objects.create(
        application=app, position=0 if last is None else last + 1, type=payload["type"], on=on, payload=payload
    )
    return True
