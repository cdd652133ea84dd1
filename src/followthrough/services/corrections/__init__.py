"""Correcting what was recorded: edit, rename, remove and undo, snoozes and days away,
and the journal of what was taken out.
"""

from __future__ import annotations

from followthrough.services import lazy_names

TYPE_CHECKING = False  # the typing module costs the fast paths; type checkers read this as True
if TYPE_CHECKING:
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
    from followthrough.services.corrections.journal_entries import JournalRecord
    from followthrough.services.corrections.pauses import (
        add_away,
        away_periods,
        remove_away,
        remove_away_period,
        reopen,
        snooze,
    )
    from followthrough.services.corrections.person_links import (
        Elsewhere,
        Linked,
        Other,
        link_contacts,
        people_elsewhere,
        unlink_contact,
    )
    from followthrough.services.corrections.restoring import (
        Restored,
        application_names,
        entry_fingerprint,
        journal_mark,
        kept_since,
        restore,
    )
    from followthrough.services.corrections.undoing import (
        Latest,
        fingerprint,
        latest_event,
        remove_shown,
        undo_latest,
        undo_playbook,
    )

# Each name, from the module that holds it: loaded when first asked for, so that a front
# end loads only what its command uses and no package waits on another's face.
_HOMES: dict[str, tuple[str, str]] = {
    "JournalRecord": ("journal_entries", "JournalRecord"),
    "Latest": ("undoing", "Latest"),
    "Elsewhere": ("person_links", "Elsewhere"),
    "Linked": ("person_links", "Linked"),
    "Other": ("person_links", "Other"),
    "people_elsewhere": ("person_links", "people_elsewhere"),
    "link_contacts": ("person_links", "link_contacts"),
    "unlink_contact": ("person_links", "unlink_contact"),
    "Numbered": ("events", "Numbered"),
    "Restored": ("restoring", "Restored"),
    "add_away": ("pauses", "add_away"),
    "application_names": ("restoring", "application_names"),
    "add_event": ("events", "add_event"),
    "away_periods": ("pauses", "away_periods"),
    "delete_application": ("editing", "delete_application"),
    "edit_contact": ("editing", "edit_contact"),
    "edit_event": ("events", "edit_event"),
    "entry_fingerprint": ("restoring", "entry_fingerprint"),
    "fingerprint": ("undoing", "fingerprint"),
    "journal": ("events", "journal"),
    "journal_mark": ("restoring", "journal_mark"),
    "kept_since": ("restoring", "kept_since"),
    "latest_event": ("undoing", "latest_event"),
    "recorded_events": ("events", "recorded_events"),
    "remove_away": ("pauses", "remove_away"),
    "remove_away_period": ("pauses", "remove_away_period"),
    "remove_contact": ("editing", "remove_contact"),
    "remove_event": ("events", "remove_event"),
    "remove_shown": ("undoing", "remove_shown"),
    "reopen": ("pauses", "reopen"),
    "restore": ("restoring", "restore"),
    "snooze": ("pauses", "snooze"),
    "undo": ("events", "undo"),
    "undo_latest": ("undoing", "undo_latest"),
    "undo_playbook": ("undoing", "undo_playbook"),
}

__all__ = [
    "Elsewhere",
    "JournalRecord",
    "Latest",
    "Linked",
    "Numbered",
    "Other",
    "Restored",
    "add_away",
    "add_event",
    "application_names",
    "away_periods",
    "delete_application",
    "edit_contact",
    "edit_event",
    "entry_fingerprint",
    "fingerprint",
    "journal",
    "journal_mark",
    "kept_since",
    "latest_event",
    "link_contacts",
    "people_elsewhere",
    "recorded_events",
    "remove_away",
    "remove_away_period",
    "remove_contact",
    "remove_event",
    "remove_shown",
    "reopen",
    "restore",
    "snooze",
    "undo",
    "undo_latest",
    "undo_playbook",
    "unlink_contact",
]


if not TYPE_CHECKING:  # hidden from type checkers, so a name not listed above is an error
    __getattr__ = lazy_names(__name__, _HOMES)
