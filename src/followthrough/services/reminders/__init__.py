"""Reminders exactly once: the outbox, the daily digest's time, the worker's passes and
the server's housekeeping.
"""

from __future__ import annotations

from followthrough.services import lazy_names

TYPE_CHECKING = False  # the typing module costs the fast paths; type checkers read this as True
if TYPE_CHECKING:
    from followthrough.services.reminders.digest import digest_time, set_digest_time
    from followthrough.services.reminders.mornings import Morning, deliver_mornings, morning_text, send_on
    from followthrough.services.reminders.outbox import (
        Channel,
        Reminder,
        default_channels,
        deliver,
        digest_text,
        end_of,
        keep_reminding,
        preview,
        start,
        today,
    )
    from followthrough.services.reminders.upcoming import Coming, coming_up
    from followthrough.services.reminders.worker import log as worker_log
    from followthrough.services.reminders.worker import run as run_worker

# Each name, from the module that holds it: loaded when first asked for, so that a front
# end loads only what its command uses and no package waits on another's face.
_HOMES: dict[str, tuple[str, str]] = {
    "Channel": ("outbox", "Channel"),
    "Coming": ("upcoming", "Coming"),
    "Morning": ("mornings", "Morning"),
    "deliver_mornings": ("mornings", "deliver_mornings"),
    "morning_text": ("mornings", "morning_text"),
    "send_on": ("mornings", "send_on"),
    "Reminder": ("outbox", "Reminder"),
    "coming_up": ("upcoming", "coming_up"),
    "default_channels": ("outbox", "default_channels"),
    "deliver": ("outbox", "deliver"),
    "digest_text": ("outbox", "digest_text"),
    "digest_time": ("digest", "digest_time"),
    "end_of": ("outbox", "end_of"),
    "keep_reminding": ("outbox", "keep_reminding"),
    "preview": ("outbox", "preview"),
    "run_worker": ("worker", "run"),
    "set_digest_time": ("digest", "set_digest_time"),
    "start": ("outbox", "start"),
    "today": ("outbox", "today"),
    "worker_log": ("worker", "log"),
}

__all__ = [
    "Channel",
    "Coming",
    "Morning",
    "Reminder",
    "coming_up",
    "default_channels",
    "deliver",
    "deliver_mornings",
    "digest_text",
    "digest_time",
    "end_of",
    "keep_reminding",
    "morning_text",
    "preview",
    "run_worker",
    "send_on",
    "set_digest_time",
    "start",
    "today",
    "worker_log",
]


if not TYPE_CHECKING:  # hidden from type checkers, so a name not listed above is an error
    __getattr__ = lazy_names(__name__, _HOMES)
