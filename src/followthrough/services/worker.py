"""The worker: reminders and the reply watcher, pass after pass, in as many processes as wanted.

Each pass delivers what has come due on every channel, a batch of outbox rows at a time
(claimed with ``FOR UPDATE SKIP LOCKED`` on PostgreSQL, a conditional update on SQLite:
see followthrough.services.reminders), then reads the mailbox where IMAP is set up. Workers
share the reminders batch by batch; the mailbox is read by one of them at a time. A claim
left by a worker that died is taken over once its lease (``claim_timeout``) runs out, at
once when the dead worker ran on this host. Nothing a pass meets stops the worker: a
failure is logged and the next pass tries again.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from followthrough.services import reminders

log = logging.getLogger("followthrough.worker")


@dataclass
class PassReport:
    """What one pass did, in counts (never whose steps: the log is not the place)."""

    number: int
    sent: dict[str, int] = field(default_factory=dict)  # channel -> steps delivered
    dropped: int = 0  # claimed, then found cancelled or settled: not sent
    failed: dict[str, str] = field(default_factory=dict)  # channel -> why
    mailbox: str = "not set up"
    seconds: float = 0.0

    def line(self) -> str:
        total = sum(self.sent.values())
        channels = ", ".join(f"{name} {count}" for name, count in self.sent.items())
        failed = f", {len(self.failed)} channel(s) failed" if self.failed else ""
        return (
            f"pass {self.number}: {total} reminder(s) delivered ({channels or 'no channel'}), "
            f"{self.dropped} dropped{failed}; mailbox: {self.mailbox}; {self.seconds:.1f} s"
        )


def _one_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def read_mailbox(folders: Sequence[str]) -> str:
    """One watcher pass where IMAP is set up, by one worker at a time; a failure is logged
    (one line, no password: the adapter's messages hold none) and tried on the next pass."""
    from followthrough.services import watch, watch_pass
    from followthrough.store import outbox

    try:
        if not watch.imap_settings().host:
            return "not set up"
        with outbox.only_one("watch") as mine:
            if not mine:
                return "another worker is reading it"
            result = watch_pass.watch_once(folders)
    except Exception as error:
        log.warning("could not read the mailbox: %s (will retry on the next pass)", _one_line(error))
        return "failed"
    for why in result.failed.values():
        log.warning("%s", why)
    read = sum(result.read.values())
    return f"{read} message(s) read, {len(result.found)} possible response(s)"


def one_pass(
    number: int,
    channels: Sequence[reminders.Channel],
    batch: int,
    stop: threading.Event,
    claim_timeout: dt.timedelta,
    folders: Sequence[str] = ("INBOX",),
) -> PassReport:
    """Deliver what is due on each channel, ``batch`` rows at a time, then read the mailbox.

    ``stop`` set (SIGTERM) ends the pass after the batch in hand: it is delivered and
    marked, nothing more is claimed, the mailbox waits.
    """
    from django.db import connection

    started = time.monotonic()
    report = PassReport(number)
    try:
        result = reminders.start()
        for channel in channels:
            if stop.is_set():
                break
            reminders.deliver(result, channel, batch=batch, stop=stop, lease=claim_timeout, keep=False)
        report.sent, report.dropped, report.failed = result.sent, result.dropped, result.failed
        report.mailbox = "not read (stopping)" if stop.is_set() else read_mailbox(folders)
    finally:
        connection.close()  # nothing held between passes: no idle session, no advisory lock
    report.seconds = time.monotonic() - started
    return report


def run(
    channels: Callable[[], Sequence[reminders.Channel]],
    stop: threading.Event,
    once: bool = False,
    interval: float = 60,
    batch: int = 500,
    claim_timeout: dt.timedelta = reminders.LEASE,
    folders: Sequence[str] = ("INBOX",),
) -> int:
    """Pass after pass until ``stop`` is set (or one pass with ``once``). Returns the exit
    code: 1 when the ``once`` pass could not deliver on a channel or failed, else 0."""
    number = 0
    while True:
        number += 1
        trouble = False
        try:
            report = one_pass(number, channels(), batch, stop, claim_timeout, folders)
            log.info("%s", report.line())
            for name, why in report.failed.items():
                log.warning("could not deliver on %s: %s (will retry on the next pass)", name, why)
            trouble = bool(report.failed) or report.mailbox == "failed"
        except Exception as error:  # the database away, say: the next pass tries again
            log.warning("pass %d failed: %s (will retry on the next pass)", number, _one_line(error))
            trouble = True
        if once:
            return 1 if trouble else 0
        if _wait(stop, interval):
            return 0


def _wait(stop: threading.Event, seconds: float) -> bool:
    """Sleep until the next pass; True as soon as ``stop`` is set (checked every 0.2 s, so a
    signal handler setting it is seen at once whatever the platform's wait does)."""
    deadline = time.monotonic() + seconds
    while not stop.is_set():
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        stop.wait(min(left, 0.2))
    return True
