"""Correcting what was recorded: edit, rename, remove and undo, snoozes and days away,
and the journal of what was taken out.
"""

from followthrough.services.corrections.editing import delete_application, edit_contact, remove_contact
from followthrough.services.corrections.events import (
    Numbered,
    add_event,
    edit_event,
    journal,
    recorded_events,
    remove_event,
    undo,
)
from followthrough.services.corrections.pauses import add_away, away_periods, remove_away, reopen, snooze
from followthrough.services.corrections.undoing import Latest, fingerprint, latest_event, remove_shown, undo_latest

__all__ = [
    "Latest",
    "Numbered",
    "add_away",
    "add_event",
    "away_periods",
    "delete_application",
    "edit_contact",
    "edit_event",
    "fingerprint",
    "journal",
    "latest_event",
    "recorded_events",
    "remove_away",
    "remove_contact",
    "remove_event",
    "remove_shown",
    "reopen",
    "snooze",
    "undo",
    "undo_latest",
]
