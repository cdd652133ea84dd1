"""The interview morning: on the day of an interview recorded before that day, at the
digest time, each channel gets "Interview today: Acme Corp, with Ann Lee and Bo Park" and
the six asks of the on-site checklist (playbook section 1), exactly once.

The outbox of its own (``ft_interview_morning``, one row per interview, day and channel)
works as the steps' one does:

1. enqueue: a row for each interview on today that was recorded before today; the unique
   (interview, day, channel) key keeps one row whoever races to insert it;
2. claim: each row is taken by a conditional UPDATE (on its state and the token it had),
   committed, so two runs never hold the same row; a claim whose process died on this
   host or whose lease ran out is taken over;
3. check: the interview is read again: removed (its rows went with it), moved to another
   day, or its application closed: the row is dropped, never delivered;
4. deliver, with no transaction open;
5. mark: the row, if this run still holds it, becomes sent.

A crash between 4 and 5 delivers it again on the next run that day (never a loss); a
morning is never delivered on another day than the interview's.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from followthrough import clock as followthrough_clock
from followthrough.core.model import ApplicationStatus, ReminderState
from followthrough.services.jobsearch.applications import get_application
from followthrough.services.jobsearch.profile import get_profile
from followthrough.services.mail.drafts import checklist_context, render
from followthrough.services.reminders.digest import zone
from followthrough.services.reminders.outbox import LEASE, RunResult, claimer_gone, me
from followthrough.store.models import Event, InterviewMorning

QUEUED, CLAIMED, SENT = ReminderState.QUEUED.value, ReminderState.CLAIMED.value, ReminderState.SENT.value
_ASK = re.compile(r"^\[ \]\s*(\d+\.\s*.*?)(?:\s{2,}.*)?$")  # "[ ] 1. Ask ...    Their answer: ___"


@dataclass(frozen=True)
class Morning:
    """One interview today, as its morning reminder says it."""

    event: int
    application: str
    company: str
    role: str
    day: dt.date
    at: dt.time | None
    people: tuple[str, ...]  # the names of whom it is with
    asks: tuple[str, ...]  # the checklist's six asks, numbered, in the playbook's words

    @property
    def title(self) -> str:
        return f"Interview today: {self.company}" + (f", with {_and(self.people)}" if self.people else "")


def _and(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def morning_text(morning: Morning, how_to_print: str = "") -> str:
    """The reminder's words: the title, the role and hour, the asks, and ``how_to_print``
    (the front end's words for printing the checklist: a link or a command)."""

    when = f", at {morning.at:%H:%M}" if morning.at else ""
    lines = [morning.title, f"{morning.role}{when}", "", "Before you leave, with the hiring officer:"]
    lines += [f"  {ask}" for ask in morning.asks]
    if how_to_print:
        lines += ["", f"Print the checklist: {how_to_print}"]
    return "\n".join(lines)


def _asks(slug: str) -> tuple[str, ...]:
    """The six asks of the application's checklist, from the checklist's own template."""
    _subject, body = render("checklist", checklist_context(get_application(slug), get_profile()))
    found = (_ASK.match(line.strip()) for line in body.splitlines())
    return tuple(m.group(1).strip() for m in found if m)


def _morning(row: Any, event: Event) -> Morning:
    application = event.application
    names = {c.key: c.name for c in application.contacts.all()}
    payload = dict(event.payload)
    at = dt.time.fromisoformat(payload["at"]) if payload.get("at") else None
    people = tuple(names.get(key, key) for key in payload.get("with") or ())
    return Morning(
        event.id, application.slug, application.company, application.role, row.day, at, people, _asks(application.slug)
    )


def due_today(result: RunResult) -> bool:
    """Whether ``result``'s moment is on today, at or after today's digest moment."""
    day = result.now.date()
    return result.cutoff == day and day == followthrough_clock.now().astimezone(zone()).date()


def _enqueue(channel: str, day: dt.date) -> None:
    start = dt.datetime.combine(day, dt.time(0), tzinfo=zone())
    interviews = Event.objects.filter(
        type="interview", on=day, recorded_at__lt=start, application__status=ApplicationStatus.OPEN.value
    ).values_list("id", flat=True)
    rows = [InterviewMorning(event_id=event, day=day, channel=channel) for event in interviews]
    if rows:
        InterviewMorning.objects.bulk_create(rows, ignore_conflicts=True)  # the unique key decides


def _claim(channel: str, day: dt.date, token: str, now: dt.datetime) -> list[InterviewMorning]:
    """The rows of ``channel`` for ``day`` this run now holds (each claim committed)."""

    open_rows = InterviewMorning.objects.filter(channel=channel, day=day, state__in=(QUEUED, CLAIMED))
    mine = []
    for row in open_rows:
        if row.state == CLAIMED and not (
            row.claimed_at is None or row.claimed_at < now - LEASE or claimer_gone(row.claimed_by)
        ):
            continue  # another run is delivering it now
        taken = InterviewMorning.objects.filter(id=row.id, state=row.state, claim_token=row.claim_token).update(
            state=CLAIMED, claim_token=token, claimed_by=me(), claimed_at=now
        )
        if taken:
            mine.append(row)
    return mine


def _check(rows: Sequence[InterviewMorning], token: str, day: dt.date) -> list[tuple[int, Morning]]:
    """The claimed rows whose interview is still on ``day`` in an open application; the
    others (moved, removed, closed) are dropped."""

    events = {
        e.id: e
        for e in Event.objects.filter(id__in=[r.event_id for r in rows]).select_related("application")
        if e.type == "interview" and e.on == day and e.application.status == ApplicationStatus.OPEN.value
    }
    keep, drop = [], []
    for row in rows:
        event = events.get(row.event_id)
        if event is None:
            drop.append(row.id)
        else:
            keep.append((row.id, _morning(row, event)))
    if drop:
        InterviewMorning.objects.filter(id__in=drop, claim_token=token).delete()
    return keep


def deliver_mornings(
    result: RunResult,
    channel: str,
    send: Callable[[Morning], None],
    clock: Callable[[], dt.datetime] | None = None,
) -> list[Morning]:
    """Deliver on ``channel`` (through ``send``, which raises when it could not) each
    interview morning due at ``result``'s moment and not delivered there yet. A failure is
    put in ``result.failed`` and its rows go back to the queue for the next run."""

    if not due_today(result):
        return []
    clock = clock or followthrough_clock.now
    day, token = result.now.date(), uuid.uuid4().hex
    delivered: list[Morning] = []
    try:
        _enqueue(channel, day)
        for row, morning in _check(_claim(channel, day, token, clock()), token, day):
            send(morning)
            InterviewMorning.objects.filter(id=row, claim_token=token, state=CLAIMED).update(
                state=SENT, sent_at=result.now
            )
            delivered.append(morning)
    except Exception as error:  # one channel failing must not stop the others
        result.failed[channel] = (str(error).strip().splitlines() or [type(error).__name__])[0]
    finally:
        InterviewMorning.objects.filter(Q(claim_token=token) & Q(state=CLAIMED)).update(
            state=QUEUED, claim_token="", claimed_by=""
        )
    return delivered


def send_on(channel: Any, how_to_print: Callable[[str], str] = lambda _slug: "") -> Callable[[Morning], None]:
    """How ``channel`` (a reminders Channel with ``deliver_note``) delivers a morning;
    ``how_to_print``: the front end's words for printing an application's checklist."""

    def send(morning: Morning) -> None:
        channel.deliver_note(morning.title, morning_text(morning, how_to_print(morning.application)))

    return send
