"""Reminders exactly once: the outbox, the daily digest's time, the worker's passes and
the server's housekeeping.
"""

from followthrough.services.reminders.digest import digest_time, set_digest_time
from followthrough.services.reminders.outbox import (
    Channel,
    default_channels,
    deliver,
    digest_text,
    end_of,
    keep_reminding,
    preview,
    start,
    today,
)
from followthrough.services.reminders.worker import log as worker_log
from followthrough.services.reminders.worker import run as run_worker

__all__ = [
    "Channel",
    "default_channels",
    "deliver",
    "digest_text",
    "digest_time",
    "end_of",
    "keep_reminding",
    "preview",
    "run_worker",
    "set_digest_time",
    "start",
    "today",
    "worker_log",
]
