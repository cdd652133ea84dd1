"""Reminders that never repeat and never skip: an outbox per (step, channel).

One run of :func:`run`, per channel:

1. enqueue: every pending step whose digest moment has passed gets an outbox row; the
   unique (step, channel) key makes a second row impossible, whoever races to insert it
   (on PostgreSQL the row is inserted already claimed, by the run that locked the step
   ``FOR NO KEY UPDATE SKIP LOCKED``: steps 1 and 2 are one statement);
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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from email.message import EmailMessage
from email.utils import formataddr
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Protocol

from django.db import connection
from django.db.models import Exists, OuterRef

from followthrough import clock as followthrough_clock
from followthrough.core import words
from followthrough.core.model import ReminderState, StepStatus
from followthrough.interop import notify
from followthrough.services.jobsearch.profile import get_profile
from followthrough.services.jobsearch.together import cards_due, joined_ids
from followthrough.services.mail import mailer
from followthrough.services.owners import acting_locally
from followthrough.services.reminders.digest import cutoff_for, digest_moment, digest_time, zone
from followthrough.store import outbox
from followthrough.store.models import Reminder as Row
from followthrough.store.models import Step

if TYPE_CHECKING:
    from followthrough.store.outbox import DueSteps

LEASE = dt.timedelta(minutes=15)  # a claim older than this is abandoned, even on another host
UTC = dt.UTC


@dataclass(frozen=True, slots=True)
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
    # One person, one call: the other roles this call is about ("Data Engineer (acme-engineer)").
    also: tuple[str, ...] = ()


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
    sent: dict[str, int] = field(default_factory=dict)  # channel -> how many steps went out
    dropped: int = 0  # claimed, then found cancelled, settled or moved later: not sent

    def steps(self) -> list[tuple[Reminder, list[str]]]:
        """Each delivered step once, with the channels it went to."""
        seen: dict[str, tuple[Reminder, list[str]]] = {}
        for channel, items in self.delivered.items():
            for item in items:
                seen.setdefault(item.step_id, (item, []))[1].append(channel)
        return sorted(seen.values(), key=lambda pair: (pair[0].due, pair[0].application, pair[0].kind))


# --- channels ----------------------------------------------------------------------


def action(kind: str, who: str | None) -> str:
    return words.action(kind, who)  # the same words as the agenda, calendars and the web app


def _lines(digest: Sequence[Reminder], day: dt.date) -> list[str]:
    lines = []
    for item in digest:
        late = f" (late: was due {item.due:%a %Y-%m-%d})" if item.late else ""
        also = f" (also about {'; '.join(item.also)})" if item.also else ""
        lines.append(
            f"{item.company} · {item.role}: {action(item.kind, item.contact_name)}{also}{late}  [{item.step_id}]"
        )
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

    def deliver_note(self, title: str, text: str) -> None:
        """A message of its own (the interview morning): ``title``, then the rest of ``text``."""
        try:
            notify.show(title, text.partition("\n")[2].strip(), self.command)
        except notify.NotShown as error:
            raise DeliveryError(str(error)) from None


class EmailChannel:
    """One digest e-mail per run, to the profile's own address, through the SMTP settings."""

    name = "email"

    def __init__(self, send: Callable[[Any], object] | None = None, how_to_mark: str = "") -> None:
        self._send = send
        self.how_to_mark = how_to_mark  # the front end's words for marking a step done, under the list

    @staticmethod
    def available() -> bool:
        return mailer.configured() and bool(get_profile().email)

    def message(self, digest: Sequence[Reminder], day: dt.date) -> Any:
        footer = f"\n\n{self.how_to_mark}" if self.how_to_mark else ""
        return _to_self(f"Follow-up digest: {digest_title(digest, day)}", digest_text(digest, day) + footer)

    def deliver(self, digest: Sequence[Reminder], day: dt.date) -> None:
        send = self._send or mailer.send
        send(self.message(digest, day))

    def deliver_note(self, title: str, text: str) -> None:
        """A message of its own (the interview morning), ``title`` its subject."""
        (self._send or mailer.send)(_to_self(title, text))


def _to_self(subject: str, text: str) -> EmailMessage:
    """A message from followthrough to the user's own address."""
    profile = get_profile()
    message = EmailMessage()
    message["From"] = formataddr(("followthrough", profile.email))
    message["To"] = formataddr((profile.name, profile.email)) if profile.name else profile.email
    message["Subject"] = subject
    # Our own mail must never look like an answer from an employer to the watcher.
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text + "\n")
    return message


def default_channels(how_to_mark: str = "") -> list[Channel]:
    """The channels this machine can deliver on now, besides the terminal; ``how_to_mark``:
    the front end's words for marking a step done, under the e-mail's list."""
    channels: list[Channel] = []
    if DesktopChannel.available():
        channels.append(DesktopChannel())
    if EmailChannel.available():
        channels.append(EmailChannel(how_to_mark=how_to_mark))
    return channels


# --- the run -----------------------------------------------------------------------


def _me() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def me() -> str:
    """This process as a claim names it (host:pid)."""
    return _me()


def claimer_gone(claimed_by: str) -> bool:
    """Whether the process that made a claim died on this host."""
    return _dead(claimed_by)


def _dead(claimed_by: str) -> bool:
    """A claimer on this host whose process is gone (its claims need not wait for the lease)."""
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


def _enqueue(channel: str, cutoff: dt.date) -> int | None:
    """An outbox row for every pending step due by ``cutoff`` not yet queued or sent on
    ``channel``; None when another process is enqueuing it now (see outbox.enqueue)."""

    return outbox.enqueue(channel, cutoff)


def _wait_for_enqueue(channel: str) -> None:
    outbox.wait_for_enqueue(channel)


def _claim(
    channel: str,
    token: str,
    clock: dt.datetime,
    limit: int | None = None,
    lease: dt.timedelta = LEASE,
    due: DueSteps | None = None,
) -> list[Any]:
    """Claim (committed) up to ``limit`` rows of ``channel``: with ``due``, due steps with no
    row yet first; then open rows: queued ones, and claims whose process died on this host
    or whose lease ran out. Those are looked for once the due steps no longer fill a batch
    (towards the end of a pass), not at every batch of a million-step pass."""

    rows: list[Any] = due.claim(token, _me(), clock, limit) if due else []
    if limit is None or len(rows) < limit:
        dead = [by for by in outbox.claimers(channel) if _dead(by)]
        rows += outbox.claim(
            channel, token, _me(), clock, clock - lease, dead, None if limit is None else limit - len(rows)
        )
    return rows


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
    covered: list[int] = field(default_factory=list)  # rows of calls a card in the digest stands for


def _check(rows: list[Any], token: str, day: dt.date, cutoff: dt.date) -> _Batch:
    """The claimed steps read again, just before delivery: one that a response cancelled,
    that was settled, or that moved later is dropped (its row deleted: re-queued if it
    comes due again), never delivered."""

    due = [r for r in rows if isinstance(r, outbox.ClaimedStep)]  # claimed with their steps read
    queued = [r for r in rows if not isinstance(r, outbox.ClaimedStep)]
    now = outbox.states_now(due)
    steps = [(s, *now.get(s.step_id, (None, None))) for s in due]
    steps += [(s, s.status, s.due) for s in outbox.claimed_steps(queued)]
    keep, drop = [], []
    for step, status, when in steps:
        if status != StepStatus.PENDING or when is None or when > cutoff:
            drop.append(step.row)
            continue
        item = Reminder(
            step.step_id, step.application, step.company, step.role, step.kind,
            step.contact_key, step.contact_name, when, when < day,
        )  # fmt: skip
        keep.append(((when, step.application, step.kind, step.contact_key or ""), item, step.row))
    outbox.drop(drop, token)
    keep.sort(key=itemgetter(0))
    # One person, one call: a call another application's call joins is one line naming
    # both; the joined one is not listed again (its row is marked sent with the card's).
    found = cards_due([(i.step_id, i.application, i.kind, i.contact or "") for _, i, _ in keep], day)
    hidden = joined_ids(found)
    digest, rows, covered = [], [], []
    for _, item, row in keep:
        if item.step_id in hidden:
            covered.append(row)
            continue
        card = found.get(item.step_id)
        if card is not None:
            item = replace(item, also=tuple(f"{c.role} ({c.application})" for c in card.joined))
        digest.append(item)
        rows.append(row)
    return _Batch(token, digest, rows, covered)


def _mark_sent(batch: _Batch, now: dt.datetime) -> None:
    """Delivered: only rows still claimed by this run become sent (a run that lost its
    claim to a takeover leaves them to the run that took them: a repeat, never a loss)."""

    pairs = list(zip(batch.digest, batch.rows, strict=True))
    late = [rid for item, rid in pairs if item.late]
    on_time = [rid for item, rid in pairs if not item.late] + batch.covered
    outbox.mark_sent(late, on_time, batch.token, now)


def _release(token: str) -> None:
    outbox.release(token)


def _one_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def start(now: dt.datetime | None = None, waiting_on: str = "terminal") -> RunResult:
    """A run judged at ``now`` (default: the real time): what is deliverable, and how many
    steps due today wait for today's digest moment on channel ``waiting_on``."""

    tz = zone()
    at = digest_time()
    now = (now or followthrough_clock.now()).astimezone(tz)
    day = now.date()
    cutoff = cutoff_for(now, at, tz)
    result = RunResult(now, cutoff, digest_moment(day, at, tz))
    if cutoff < day:
        delivered = Row.objects.filter(channel=waiting_on, step_id=OuterRef("id"))  # by the unique key
        result.waiting = Step.objects.filter(status=StepStatus.PENDING, due=day).exclude(Exists(delivered)).count()
    return result


def deliver(
    result: RunResult,
    channel: Channel,
    clock: Callable[[], dt.datetime] | None = None,
    batch: int | None = None,
    stop: threading.Event | None = None,
    lease: dt.timedelta = LEASE,
    keep: bool = True,
) -> list[Reminder]:
    """Deliver on ``channel`` what has come due by ``result``'s moment and was not delivered there.

    Claim (committed), check against the plan (committed), deliver with no transaction
    open, so no writer waits on the channel, then mark delivered. A crash before the mark
    leaves the rows claimed by a dead process: the next run delivers them again.

    With ``batch``, rows are claimed ``batch`` at a time until none is left (or ``stop``
    is set: the batch in hand is finished first), each batch one digest; without
    it, everything at once, one digest. ``keep=False`` only counts what went out
    (``result.sent``), for passes over more than memory should hold.
    """
    assert result.cutoff is not None
    clock = clock or followthrough_clock.now
    token = uuid.uuid4().hex
    day = result.now.date()
    delivered: list[Reminder] = []
    result.sent.setdefault(channel.name, 0)
    try:
        # PostgreSQL claims due steps without queueing them first; SQLite queues them all.
        due = outbox.DueSteps(channel.name, result.cutoff) if outbox.postgres() else None
        queued = 0 if due else _enqueue(channel.name, result.cutoff)
        while True:
            rows = _claim(channel.name, token, clock(), batch, lease, due)
            if not rows and queued is None:  # another worker is still queueing: wait, look again
                _wait_for_enqueue(channel.name)
                queued = 0
                continue
            if not rows:
                break
            claimed = _check(rows, token, day, result.cutoff)
            result.dropped += len(rows) - len(claimed.rows)
            for digest in [claimed] if claimed.digest else []:  # the acting owner's: one digest
                try:
                    channel.deliver(digest.digest, day)
                except Exception as error:  # left claimed by this run: released below, tried next run
                    result.failed[channel.name] = _one_line(error)
                    continue
                _mark_sent(digest, result.now)
                result.sent[channel.name] += len(digest.digest)
                if keep:
                    delivered += digest.digest
            if (batch is None and queued is not None) or channel.name in result.failed or (stop and stop.is_set()):
                break
        if channel.name in result.failed:
            _release(token)
    except Exception as error:  # one channel failing must not stop the others
        _release(token)
        result.failed[channel.name] = _one_line(error)
    if delivered or channel.name not in result.failed:
        result.delivered[channel.name] = delivered
    return delivered


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

    tz = zone()
    at = digest_time()
    now = now.astimezone(tz)
    day = now.date()
    cutoff = cutoff_for(now, at, tz)
    result = RunResult(now, cutoff, digest_moment(day, at, tz))
    sent = Row.objects.filter(channel=channel, state=ReminderState.SENT, step_id=OuterRef("id"))  # by the unique key
    due = Step.objects.filter(status=StepStatus.PENDING, due__lte=cutoff).exclude(Exists(sent))
    digest = [_reminder(step, day) for step in due.select_related("application", "contact")]
    result.delivered[channel] = sorted(digest, key=lambda r: (r.due, r.application, r.kind, r.contact or ""))
    return result


def today() -> dt.date:
    """Today in the user's time zone (not in UTC)."""
    return followthrough_clock.now().astimezone(zone()).date()


def end_of(day: dt.date) -> dt.datetime:
    """``--as-of DAY``: as if run at the very end of that day, so its digest is out."""
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=zone())


def keep_reminding(
    channels: Callable[[], Sequence[Channel]],
    stop: threading.Event,
    interval: float = 300,
    warn: Callable[[str], None] = lambda why: None,
    also: Callable[[RunResult, Sequence[Channel]], None] | None = None,
) -> None:
    """Run the reminders now, then every ``interval`` seconds until ``stop`` is set.

    The body of the local ``serve``'s background thread, for the local job search: Django gives the thread a database
    connection of its own, closed after each run so it never holds a lock in between.
    A failure is reported through ``warn`` and tried again on the next run. ``also``:
    what each run delivers besides the digests (the interview mornings), on the same channels.
    """

    while True:
        try:
            with acting_locally():  # a thread of its own: the local job search's scope, entered here
                chosen = channels()
                result = run(chosen)
                if also is not None:
                    also(result, chosen)
            for name, why in result.failed.items():
                warn(f"could not deliver on {name}: {why} (will retry on the next run)")
        except Exception as error:  # the server must keep serving; the next run tries again
            warn((str(error).strip().splitlines() or [type(error).__name__])[0])
        finally:
            connection.close()
        if stop.wait(interval):
            return
