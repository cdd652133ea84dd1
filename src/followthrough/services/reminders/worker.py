"""The worker: reminders and the reply watcher, pass after pass, in as many processes as wanted.

Each pass goes through the job seekers in turn, acting as each (their own time zone,
digest time, mail settings and rows). It delivers what has come due on every channel, a batch of outbox rows at a time
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
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django_scopes import scopes_disabled

from followthrough.services import owners
from followthrough.services.mail import scheduled, watch, watch_pass
from followthrough.services.owners import acting_as
from followthrough.services.reminders import housekeeping, mornings
from followthrough.services.reminders import outbox as reminders
from followthrough.store import outbox
from followthrough.store.models import Application, User

log = logging.getLogger("followthrough.worker")


@dataclass
class PassReport:
    """What one pass did, in counts (never whose steps: the log is not the place)."""

    number: int
    sent: dict[str, int] = field(default_factory=dict)  # channel -> steps delivered
    dropped: int = 0  # claimed, then found cancelled or settled: not sent
    failed: dict[str, str] = field(default_factory=dict)  # channel -> why
    mailbox: str = "not set up"
    mailbox_failed: bool = False
    seconds: float = 0.0
    mail_sent: int = 0  # e-mails scheduled for the employer's working hours, sent now

    def line(self) -> str:
        total = sum(self.sent.values())
        channels = ", ".join(f"{name} {count}" for name, count in self.sent.items())
        failed = f", {len(self.failed)} channel(s) failed" if self.failed else ""
        mail = f"; {self.mail_sent} scheduled e-mail(s) sent" if self.mail_sent else ""
        return (
            f"pass {self.number}: {total} reminder(s) delivered ({channels or 'no channel'}), "
            f"{self.dropped} dropped{failed}{mail}; mailbox: {self.mailbox}; {self.seconds:.1f} s"
        )


def _one_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def job_seekers() -> list[Any]:
    """Everyone with an application: whose reminders and mailbox a pass goes through."""

    with scopes_disabled():  # the one read across owners: who they are, not their rows
        return list(User.objects.filter(id__in=Application.objects.order_by().values("owner_id")).order_by("id"))


def read_mailbox(folders: Sequence[str]) -> tuple[str, int, int]:
    """The acting job seeker's mailbox, once, where IMAP is set up and no other worker is
    reading it: (how it went, messages read, possible responses found). A failure is
    logged (one line, no password: the adapter's messages hold none) and tried on the next
    pass."""

    try:
        if not watch.imap_settings().host:
            return "not set up", 0, 0
        with outbox.only_one(f"watch:{owners.current_owner_id()}") as mine:
            if not mine:
                return "read by another worker", 0, 0
            result = watch_pass.watch_once(folders)
    except Exception as error:
        log.warning("could not read the mailbox: %s (will retry on the next pass)", _one_line(error))
        return "failed", 0, 0
    for why in result.failed.values():
        log.warning("%s", why)
    return "read", sum(result.read.values()), len(result.found)


def _print_from_the_page(slug: str) -> str:
    """Where the worker's reader prints the checklist: the application's page (the worker
    knows no web address of its own)."""
    return f"Print it from the application's page ({slug}): On-site checklist."


def send_scheduled_mail(report: PassReport) -> None:
    """The acting job seeker's e-mails whose working-hours moment has come, each sent
    once (services.mail.scheduled); what fails is logged, in counts, never whose."""

    try:
        done = scheduled.deliver_due()
    except Exception as error:
        log.warning("could not send scheduled e-mails: %s (will retry on the next pass)", _one_line(error))
        report.failed["scheduled e-mail"] = _one_line(error)
        return
    report.mail_sent += done.sent
    if done.failed:
        log.warning(
            "%d scheduled e-mail(s) refused for good by the mail server: the step(s) are to do again", len(done.failed)
        )
    if done.retry:
        log.warning(
            "%d scheduled e-mail(s) not sent yet: %s (will retry on the next pass)",
            len(done.retry),
            "the mail server could not be reached or asked to wait",
        )
    if done.uncertain:
        log.warning("%d scheduled e-mail(s) may or may not have gone (the connection dropped)", done.uncertain)


def _mailboxes(outcomes: list[tuple[str, int, int]]) -> str:
    read, found = sum(o[1] for o in outcomes), sum(o[2] for o in outcomes)
    kinds = Counter(o[0] for o in outcomes)
    if kinds.get("read"):
        kinds.pop("read")
        parts = [f"{read} message(s) read, {found} possible response(s)"]
    else:
        parts = []
    one = len(outcomes) == 1
    parts += [kind if one else f"{count} {kind}" for kind, count in kinds.items()]
    return ", ".join(parts) or "no job seeker yet"


def one_pass(
    number: int,
    channels: Callable[[], Sequence[reminders.Channel]],
    batch: int,
    stop: threading.Event,
    claim_timeout: dt.timedelta,
    folders: Sequence[str] = ("INBOX",),
) -> PassReport:
    """For each job seeker in turn, acting as them (their time zone, digest time, mail
    settings, rows): deliver what is due on each channel, ``batch`` rows at a time, then
    read their mailbox.

    ``stop`` set (SIGTERM) ends the pass after the batch in hand: it is delivered and
    marked, nothing more is claimed, the mailbox waits.
    """

    started = time.monotonic()
    report = PassReport(number)
    mailboxes: list[tuple[str, int, int]] = []
    try:
        for seeker in job_seekers():
            if stop.is_set():
                break
            with acting_as(seeker):
                result = reminders.start()
                for channel in channels():
                    if stop.is_set():
                        break
                    reminders.deliver(result, channel, batch=batch, stop=stop, lease=claim_timeout, keep=False)
                    if hasattr(channel, "deliver_note"):  # the interview mornings, once per interview and channel
                        mornings.deliver_mornings(result, channel.name, mornings.send_on(channel, _print_from_the_page))
                for name, count in result.sent.items():
                    report.sent[name] = report.sent.get(name, 0) + count
                report.dropped += result.dropped
                report.failed |= result.failed
                if not stop.is_set():
                    send_scheduled_mail(report)
                    mailboxes.append(read_mailbox(folders))
        report.mailbox = "not read (stopping)" if stop.is_set() else _mailboxes(mailboxes)
        report.mailbox_failed = any(kind == "failed" for kind, _, _ in mailboxes)
        if not stop.is_set():
            # Django and django-axes date the sessions and sign-ins tidied by the real time
            housekeeping.now_and_then(dt.datetime.now(dt.UTC))  # noqa: TID251
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
            report = one_pass(number, channels, batch, stop, claim_timeout, folders)
            log.info("%s", report.line())
            for name, why in report.failed.items():
                log.warning("could not deliver on %s: %s (will retry on the next pass)", name, why)
            trouble = bool(report.failed) or report.mailbox_failed
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
