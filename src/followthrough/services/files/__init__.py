"""Files in and out: the followthrough/1 exchange, calendar, contact and spreadsheet
imports and exports, uploads waiting for confirmation, and the calendar feed.
"""

from __future__ import annotations

from followthrough.services import lazy_names

TYPE_CHECKING = False  # the typing module costs the fast paths; type checkers read this as True
if TYPE_CHECKING:
    from followthrough.services.files.calendar_feed import (
        feed_for,
        feed_path,
        feed_token,
        new_feed_token,
        remember_port,
        remembered_port,
        turn_feed_off,
    )
    from followthrough.services.files.file_import import (
        ImportOptions,
        application_choices,
        check_options,
        check_size,
        import_bytes,
        kind_of,
        read,
    )
    from followthrough.services.files.file_import import run as import_file
    from followthrough.services.files.rows import calendar, contact_cards, job_search, tracker
    from followthrough.services.files.uploads import EXPIRED, base_name, forget, keep, take

# Each name, from the module that holds it: loaded when first asked for, so that a front
# end loads only what its command uses and no package waits on another's face.
_HOMES: dict[str, tuple[str, str]] = {
    "EXPIRED": ("uploads", "EXPIRED"),
    "ImportOptions": ("file_import", "ImportOptions"),
    "application_choices": ("file_import", "application_choices"),
    "base_name": ("uploads", "base_name"),
    "calendar": ("rows", "calendar"),
    "check_options": ("file_import", "check_options"),
    "check_size": ("file_import", "check_size"),
    "contact_cards": ("rows", "contact_cards"),
    "feed_for": ("calendar_feed", "feed_for"),
    "feed_path": ("calendar_feed", "feed_path"),
    "feed_token": ("calendar_feed", "feed_token"),
    "forget": ("uploads", "forget"),
    "import_bytes": ("file_import", "import_bytes"),
    "import_file": ("file_import", "run"),
    "job_search": ("rows", "job_search"),
    "keep": ("uploads", "keep"),
    "kind_of": ("file_import", "kind_of"),
    "new_feed_token": ("calendar_feed", "new_feed_token"),
    "read": ("file_import", "read"),
    "remember_port": ("calendar_feed", "remember_port"),
    "remembered_port": ("calendar_feed", "remembered_port"),
    "take": ("uploads", "take"),
    "tracker": ("rows", "tracker"),
    "turn_feed_off": ("calendar_feed", "turn_feed_off"),
}

__all__ = [
    "EXPIRED",
    "ImportOptions",
    "application_choices",
    "base_name",
    "calendar",
    "check_options",
    "check_size",
    "contact_cards",
    "feed_for",
    "feed_path",
    "feed_token",
    "forget",
    "import_bytes",
    "import_file",
    "job_search",
    "keep",
    "kind_of",
    "new_feed_token",
    "read",
    "remember_port",
    "remembered_port",
    "take",
    "tracker",
    "turn_feed_off",
]


if not TYPE_CHECKING:  # hidden from type checkers, so a name not listed above is an error
    __getattr__ = lazy_names(__name__, _HOMES)
