"""Reminders that never repeat and never skip: an outbox per (step, channel).

One run of :func:`run`, per channel:

1. enqueue: every pending step whose digest moment has passed gets an outbox row; the
   unique (step, channel) key makes a second row impossible, whoever races to insert it;
2. claim: rows are taken with a conditional UPDATE (``FOR UPDATE SKIP LOCKED`` on
   PostgreSQL) and committed, so two runs never hold the same row; a claim whose
   process died (same host, pid gone) or whose lease ran out is taken over;
3. check: each claimed step is read again: one that a response cancelled, that was
   settled or that moved later is dropped, never delivered;
4. deliver, with no transaction open: a channel that takes seconds (notify-send, an
   SMTP server) keeps no other writer waiting;
5. mark: the rows still claimed by this run become sent (a conditional UPDATE).

For the terminal and ``--json``, delivery is the printing: printed and flushed, then
marked. A crash anywhere before the mark leaves the rows claimed by a dead process: the
next run delivers them again (a repeat, late if the day has changed), never a loss.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import threading
import uuid
import zoneinfo
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from followthrough.core import words
from followthrough.core.model import ReminderState, StepStatus
from followthrough.interop import notify
from followthrough.services.errors import UserError

DEFAULT_DIGEST_TIME = dt.time(8, 0)
LEASE = dt.timedelta(minutes=15)  # a claim older than this is abandoned, even on another host
UTC = dt.UTC


@dataclass(frozen=True)
class Reminder:
    """A step as a reminder shows it."""

    step_id: str
    application: str
    company: str
    role: str
    kind: str
    contact: str | None
    contact_name: str | None
    due: dt.date
    late: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.step_id,
            "application": self.application,
            "company": self.company,
            "role": self.role,
            "kind": self.kind,
            "contact": self.contact,
            "contact_name": self.contact_name,
            "due": self.due.isoformat(),
            "late": self.late,
        }


class Channel(Protocol):
    """Where a digest goes. ``deliver`` raises when it could not deliver."""

    name: str

    def deliver(self, digest: Sequence[Reminder], day: dt.date) -> None: ...


@dataclass
class RunResult:
    now: dt.datetime  # aware, in the user's zone
    cutoff: dt.date | None  # steps due on or before this day were deliverable
    digest_at: dt.datetime  # today's digest moment
    delivered: dict[str, list[Reminder]] = field(default_factory=dict)  # channel -> what it delivered
    failed: dict[str, str] = field(default_factory=dict)  # channel -> why
    waiting: int = 0  # steps due today, waiting for today's digest moment

    def steps(self) -> list[tuple[Reminder, list[str]]]:
        """Each delivered step once, with the channels it went to."""
        seen: dict[str, tuple[Reminder, list[str]]] = {}
        for channel, items in self.delivered.items():
            for item in items:
                seen.setdefault(item.step_id, (item, []))[1].append(channel)
        return sorted(seen.values(), key=lambda pair: (pair[0].due, pair[0].application, pair[0].kind))


# --- settings ----------------------------------------------------------------------


def _profile_row() -> Any:
    from followthrough.store.models import Profile

    return Profile.objects.order_by("id").first()


def digest_time() -> dt.time:
    row = _profile_row()
    return (row.digest_time if row and row.digest_time else None) or DEFAULT_DIGEST_TIME


def set_digest_time(value: str) -> dt.time:
    """Set the local wall-clock time of the daily digest ("08:00")."""
    from followthrough.services.profile import get_profile
    from followthrough.services.profile_edit import save_profile

    try:
        parsed = dt.time.fromisoformat(value.strip())
    except ValueError:
        raise UserError(f"--time {value!r}: use HH:MM, e.g. 08:00") from None
    parsed = parsed.replace(second=0, microsecond=0, tzinfo=None)
    from django.db import transaction

    with transaction.atomic():
        if _profile_row() is None:
            save_profile(get_profile())
        row = _profile_row()
        row.digest_time = parsed
        row.save(update_fields=["digest_time"])
    return parsed


def zone() -> zoneinfo.ZoneInfo:
    from followthrough.services.profile import get_profile

    return zoneinfo.ZoneInfo(get_profile().timezone)


def digest_moment(day: dt.date, at: dt.time, tz: zoneinfo.ZoneInfo) -> dt.datetime:
    """When the digest of ``day`` goes out: that wall-clock time there, whatever the UTC offset."""
    return dt.datetime.combine(day, at, tzinfo=tz)


def cutoff_for(now: dt.datetime, at: dt.time, tz: zoneinfo.ZoneInfo) -> dt.date:
    """The last day whose digest moment has passed at ``now``."""
    today = now.astimezone(tz).date()
    # Compare in UTC: aware datetimes sharing a tzinfo compare as wall times in Python.
    if now.astimezone(UTC) >= digest_moment(today, at, tz).astimezone(UTC):
        return today
    return today - dt.timedelta(days=1)


# --- channels ----------------------------------------------------------------------


def action(kind: str, who: str | None) -> str:
    return words.action(kind, who)  # the same words as the agenda, calendars and the web app


def _lines(digest: Sequence[Reminder], day: dt.date) -> list[str]:
    lines = []
    for item in digest:
        late = f" (late: was due {item.due:%a %Y-%m-%d})" if item.late else ""
        lines.append(f"{item.company} · {item.role}: {action(item.kind, item.contact_name)}{late}  [{item.step_id}]")
    return lines


def digest_title(digest: Sequence[Reminder], day: dt.date) -> str:
    late = sum(item.late for item in digest)
    count = f"{len(digest)} follow-up step{'s' * (len(digest) != 1)}"
    return f"{count} due {day:%a %Y-%m-%d}" + (f", {late} late" if late else "")


def digest_text(digest: Sequence[Reminder], day: dt.date) -> str:
    return "\n".join([digest_title(digest, day), "", *_lines(digest, day)])


class DeliveryError(Exception):
    """A channel could not deliver; the message is one line, fit to show the user."""


class DesktopChannel:
    """A desktop notification through ``notify-send`` (libnotify)."""

    name = "desktop"

    def __init__(self, command: str = "notify-send") -> None:
        self.command = command

    @staticmethod
    def available() -> bool:
        return notify.available()

    def deliver(self, digest: Sequence[Reminder], day: dt.date) -> None:
        try:
            notify.show(digest_title(digest, day), "\n".join(_lines(digest, day)), self.command)
        except notify.NotShown as error:
            raise DeliveryError(str(error)) from None


class EmailChannel:
    """One digest e-mail per run, to the profile's own address, through the SMTP settings."""

    name = "email"

    def __init__(self, send: Callable[[Any], object] | None = None) -> None:
        self._send = send

    @staticmethod
    def available() -> bool:
        from followthrough.services import mailer
        from followthrough.services.profile import get_profile

        return mailer.configured() and bool(get_profile().email)

    def message(self, digest: Sequence[Reminder], day: dt.date) -> Any:
        from email.message import EmailMessage
        from email.utils import formataddr

        from followthrough.services.profile import get_profile

        profile = get_profile()
        message = EmailMessage()
        message["From"] = formataddr(("followthrough", profile.email))
        message["To"] = formataddr((profile.name, profile.email)) if profile.name else profile.email
        message["Subject"] = f"Follow-up digest: {digest_title(digest, day)}"
        # Our own digest must never look like an answer from an employer to the watcher.
        message["Auto-Submitted"] = "auto-generated"
        message.set_content(digest_text(digest, day) + "\n\nMark each one with 'followthrough done STEP'.\n")
        return message

    def deliver(self, digest: Sequence[Reminder], day: dt.date) -> None:
        from followthrough.services import mailer

        send = self._send or mailer.send
        send(self.message(digest, day))


def default_channels() -> list[Channel]:
    """The channels this machine can deliver on now, besides the terminal."""
    channels: list[Channel] = []
    if DesktopChannel.available():
        channels.append(DesktopChannel())
    if EmailChannel.available():
        channels.append(EmailChannel())
    return channels


# --- the run -----------------------------------------------------------------------


def _me() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _abandoned(claimed_by: str, claimed_at: dt.datetime | None, clock: dt.datetime) -> bool:
    if claimed_at is None or clock - claimed_at > LEASE:
        return True
    host, _, pid = claimed_by.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _enqueue(channel: str, cutoff: dt.date) -> None:
    from followthrough.store.models import Reminder as Row
    from followthrough.store.models import Step

    sent_or_queued = Row.objects.filter(channel=channel).values("step_id")
    due = Step.objects.filter(status=StepStatus.PENDING, due__lte=cutoff).exclude(id__in=sent_or_queued)
    fresh = [Row(step_id=sid, channel=channel, due=day) for sid, day in due.values_list("id", "due")]
    if fresh:
        # Another run may insert the same rows meanwhile: the unique key keeps one.
        Row.objects.bulk_create(fresh, ignore_conflicts=True)


def _claim(channel: str, token: str, clock: dt.datetime) -> list[Any]:
    from django.db import connection, transaction
    from django.db.models import Q

    from followthrough.store.models import Reminder as Row

    with transaction.atomic():
        open_rows = Row.objects.filter(Q(state=ReminderState.QUEUED) | Q(state=ReminderState.CLAIMED), channel=channel)
        if connection.vendor == "postgresql":
            open_rows = open_rows.select_for_update(skip_locked=True)
        for rid, state, token_then, by, at in open_rows.values_list(
            "id", "state", "claim_token", "claimed_by", "claimed_at"
        ):
            if state == ReminderState.CLAIMED and not _abandoned(by, at, clock):
                continue
            # Conditional: only if nobody changed the row since we read it.
            Row.objects.filter(id=rid, state=state, claim_token=token_then).update(
                state=ReminderState.CLAIMED, claim_token=token, claimed_by=_me(), claimed_at=clock
            )
    return list(Row.objects.filter(claim_token=token, state=ReminderState.CLAIMED))


def _reminder(step: Any, day: dt.date) -> Reminder:
    return Reminder(
        step.id, step.application.slug, step.application.company, step.application.role, step.kind,
        step.contact_key, step.contact.name if step.contact else None, step.due, step.due < day,
    )  # fmt: skip


@dataclass
class _Batch:
    """What one run claimed on one channel and still means to deliver."""

    token: str
    digest: list[Reminder]
    rows: list[int]  # outbox row ids, in the digest


def _check(rows: list[Any], token: str, day: dt.date, cutoff: dt.date) -> _Batch:
    """The claimed steps read again, just before delivery: one that a response cancelled,
    that was settled, or that moved later is dropped (its row deleted: re-queued if it
    comes due again), never delivered."""
    from django.db import transaction

    from followthrough.store.models import Reminder as Row
    from followthrough.store.models import Step

    with transaction.atomic():
        ids = [r.step_id for r in rows]
        steps = {s.id: s for s in Step.objects.filter(id__in=ids).select_related("application", "contact")}
        keep, drop = [], []
        for row in rows:
            step = steps.get(row.step_id)
            if step is None or step.status != StepStatus.PENDING or step.due > cutoff:
                drop.append(row.id)
            else:
                keep.append((_reminder(step, day), row.id))
        Row.objects.filter(id__in=drop, claim_token=token).delete()
    keep.sort(key=lambda pair: (pair[0].due, pair[0].application, pair[0].kind, pair[0].contact or ""))
    return _Batch(token, [r for r, _ in keep], [rid for _, rid in keep])


def _mark_sent(batch: _Batch, now: dt.datetime) -> None:
    """Delivered: only rows still claimed by this run become sent (a run that lost its
    claim to a takeover leaves them to the run that took them: a repeat, never a loss)."""
    from followthrough.store.models import Reminder as Row

    for is_late in (True, False):
        chosen = [rid for item, rid in zip(batch.digest, batch.rows, strict=True) if item.late == is_late]
        Row.objects.filter(id__in=chosen, claim_token=batch.token, state=ReminderState.CLAIMED).update(
            state=ReminderState.SENT, sent_at=now, late=is_late, digest=batch.token
        )


def _release(token: str) -> None:
    from followthrough.store.models import Reminder as Row

    Row.objects.filter(claim_token=token, state=ReminderState.CLAIMED).update(
        state=ReminderState.QUEUED, claim_token="", claimed_by=""
    )


def start(now: dt.datetime | None = None, waiting_on: str = "terminal") -> RunResult:
    """A run judged at ``now`` (default: the real time): what is deliverable, and how many
    steps due today wait for today's digest moment on channel ``waiting_on``."""
    from followthrough.store.models import Reminder as Row
    from followthrough.store.models import Step

    tz = zone()
    at = digest_time()
    now = (now or dt.datetime.now(UTC)).astimezone(tz)
    day = now.date()
    cutoff = cutoff_for(now, at, tz)
    result = RunResult(now, cutoff, digest_moment(day, at, tz))
    if cutoff < day:
        delivered = Row.objects.filter(channel=waiting_on).values("step_id")
        result.waiting = Step.objects.filter(status=StepStatus.PENDING, due=day).exclude(id__in=delivered).count()
    return result


def deliver(result: RunResult, channel: Channel, clock: Callable[[], dt.datetime] | None = None) -> list[Reminder]:
    """Deliver on ``channel`` what has come due by ``result``'s moment and was not delivered there.

    Claim (committed), check against the plan (committed), deliver with no transaction
    open, so no writer waits on the channel, then mark delivered. A crash before the mark
    leaves the rows claimed by a dead process: the next run delivers them again.
    """
    assert result.cutoff is not None
    clock = clock or (lambda: dt.datetime.now(UTC))
    token = uuid.uuid4().hex
    try:
        _enqueue(channel.name, result.cutoff)
        rows = _claim(channel.name, token, clock())
        batch = _check(rows, token, result.now.date(), result.cutoff) if rows else _Batch(token, [], [])
        if batch.digest:
            channel.deliver(batch.digest, result.now.date())
        _mark_sent(batch, result.now)
        result.delivered[channel.name] = batch.digest
    except Exception as error:  # one channel failing must not stop the others
        _release(token)
        result.failed[channel.name] = (str(error).strip().splitlines() or [type(error).__name__])[0]
    return result.delivered.get(channel.name, [])


def run(
    channels: Sequence[Channel],
    now: dt.datetime | None = None,
    clock: Callable[[], dt.datetime] | None = None,
) -> RunResult:
    """Deliver, on each channel in turn, every step that has come due and was not delivered there.

    ``now`` is the moment the digest is judged at (default: the real time); ``clock`` is
    what claims are timed with (default: the real time), so a simulation can move both.
    """
    names = [c.name for c in channels]
    result = start(now, "terminal" if "terminal" in names or not names else names[0])
    for channel in channels:
        deliver(result, channel, clock)
    return result


def preview(channel: str, now: dt.datetime) -> RunResult:
    """What a run at ``now`` would deliver on ``channel``, without delivering or recording anything."""
    from followthrough.store.models import Reminder as Row
    from followthrough.store.models import Step

    tz = zone()
    at = digest_time()
    now = now.astimezone(tz)
    day = now.date()
    cutoff = cutoff_for(now, at, tz)
    result = RunResult(now, cutoff, digest_moment(day, at, tz))
    sent = Row.objects.filter(channel=channel, state=ReminderState.SENT).values("step_id")
    due = Step.objects.filter(status=StepStatus.PENDING, due__lte=cutoff).exclude(id__in=sent)
    digest = [_reminder(step, day) for step in due.select_related("application", "contact")]
    result.delivered[channel] = sorted(digest, key=lambda r: (r.due, r.application, r.kind, r.contact or ""))
    return result


def today() -> dt.date:
    """Today in the user's time zone (not in UTC)."""
    return dt.datetime.now(zone()).date()


def end_of(day: dt.date) -> dt.datetime:
    """``--as-of DAY``: as if run at the very end of that day, so its digest is out."""
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=zone())


def keep_reminding(
    channels: Callable[[], Sequence[Channel]],
    stop: threading.Event,
    interval: float = 300,
    warn: Callable[[str], None] = lambda why: None,
) -> None:
    """Run the reminders now, then every ``interval`` seconds until ``stop`` is set.

    The body of the local ``serve``'s background thread, for the local job search: Django gives the thread a database
    connection of its own, closed after each run so it never holds a lock in between.
    A failure is reported through ``warn`` and tried again on the next run.
    """
    from django.db import connection

    from followthrough.services.owners import acting_locally

    while True:
        try:
            with acting_locally():  # a thread of its own: the local job search's scope, entered here
                result = run(channels())
            for name, why in result.failed.items():
                warn(f"could not deliver on {name}: {why} (will retry on the next run)")
        except Exception as error:  # the server must keep serving; the next run tries again
            warn((str(error).strip().splitlines() or [type(error).__name__])[0])
        finally:
            connection.close()
        if stop.wait(interval):
            return
