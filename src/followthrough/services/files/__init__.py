"""Files in and out: the followthrough/1 exchange, calendar, contact and spreadsheet
imports and exports, uploads waiting for confirmation, and the calendar feed.
"""

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
