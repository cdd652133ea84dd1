"""Sixty days of hourly `remind` runs across a daylight-saving change, three days off and a
crash: every step that came due is delivered exactly once per channel, none missed, none
cancelled ever delivered, each on time at the user's wall-clock digest time or marked late."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import Counter

import pytest

from followthrough.core.model import Response, ResponseOutcome, StepDone, StepKind
from tests.test_remind import Crash, Recorder, add_acme, setup_profile

START = dt.date(2026, 10, 12)  # Monday; EU clocks go back on 10-25, US clocks on 11-01
DAYS = 60
DOWNTIME = (dt.date(2026, 11, 6), dt.date(2026, 11, 9))  # off from the 6th to the 8th: 3 whole days
DIGEST = dt.time(8, 30)


def _day(n: int) -> dt.date:
    return START + dt.timedelta(days=n)


# What the user records, on which day (at 07:00 local): the plan changes under the reminders.
EVENTS = {
    _day(0): [("add", "a1", "two weeks")],
    _day(2): [("add", "a2", None)],
    _day(9): [("add", "a3", "by Friday")],
    _day(10): [("response", "a2", ResponseOutcome.NOT_DECIDED, _day(24))],
    _day(16): [("add", "a4", "in 3 weeks")],
    _day(17): [("done", "a1", StepKind.CALL_HIRING_OFFICER, "ann")],
    _day(19): [("response", "a3", ResponseOutcome.OFFER, None)],
    _day(31): [("add", "a5", None)],
    _day(34): [("response", "a1", ResponseOutcome.NOT_DECIDED, None)],
    _day(45): [("add", "a6", "two weeks")],
}


def _record(day: dt.date, what: tuple[object, ...]) -> str:
    from followthrough.services.jobsearch.applications import record_event

    kind, slug = what[0], str(what[1])
    if kind == "add":
        add_acme(slug, day, timeframe=what[2])  # type: ignore[arg-type]
    elif kind == "response":
        record_event(slug, Response(day, what[2], "ann", what[3]))  # type: ignore[arg-type]
    else:
        record_event(slug, StepDone(day, what[2], what[3]))  # type: ignore[arg-type]
    return slug


@pytest.mark.parametrize("zone", ["America/New_York", "Europe/Berlin"])
def test_sixty_days_with_dst_downtime_and_a_crash(db: str, zone: str) -> None:
    from followthrough.services.jobsearch.applications import get_plan
    from followthrough.services.reminders import digest as digest_time
    from followthrough.services.reminders import outbox as reminders

    tz = zoneinfo.ZoneInfo(zone)
    setup_profile(zone=zone, digest=DIGEST.strftime("%H:%M"))
    terminal, email = Recorder("terminal"), Recorder("email")
    deliveries: dict[str, list[tuple[dt.datetime, object]]] = {"terminal": [], "email": []}
    pending: dict[str, dict[str, dt.date]] = {}  # the oracle: each application's pending steps, from the planner
    expected: set[str] = set()  # steps pending while their digest moment had passed, at a run
    ever_pending: set[str] = set()
    crashed_at: dt.datetime | None = None
    crash_day = _day(21)  # the first digest from then on crashes

    start = dt.datetime.combine(START, dt.time(0), tz).astimezone(dt.UTC)
    for hour in range(DAYS * 24):
        now = (start + dt.timedelta(hours=hour)).astimezone(tz)
        if DOWNTIME[0] <= now.date() < DOWNTIME[1]:
            continue
        if now.hour == 7:  # before the digest: what the user records shapes the day's digest
            for what in EVENTS.get(now.date(), []):
                slug = _record(now.date(), what)
                pending[slug] = {s.id: s.due for s in get_plan(slug).pending}
                ever_pending |= set(pending[slug])
        cutoff = digest_time.cutoff_for(now, DIGEST, tz)
        expected |= {sid for steps in pending.values() for sid, due in steps.items() if due <= cutoff}
        if crashed_at is None and now.date() >= crash_day and expected - set(email.ids()):
            email.fail_with = Crash()  # the process dies after claiming, before the e-mail goes out
            crashed_at = now
            with pytest.raises(Crash):
                reminders.run([terminal, email], now=now, clock=lambda now=now: now)
            continue
        result = reminders.run([terminal, email], now=now, clock=lambda now=now: now)
        assert not result.failed
        for channel, items in result.delivered.items():
            deliveries[channel] += [(now, item) for item in items]

    # Exactly once, none missed, on both channels.
    for channel, recorder in (("terminal", terminal), ("email", email)):
        counts = Counter(recorder.ids())
        assert [sid for sid, n in counts.items() if n > 1] == [], f"{channel}: duplicates"
        assert set(counts) == expected, f"{channel}: missed {expected - set(counts)}, extra {set(counts) - expected}"
    never = ever_pending - expected
    assert never, "the scenario cancels some steps before they come due"
    assert never.isdisjoint(terminal.ids())

    # On time means at the wall-clock digest time (within the hour of runs); late means a later day.
    late_days = set()
    crash_late = 0
    for when, item in deliveries["email"]:
        due = item.due  # type: ignore[attr-defined]
        assert item.late == (when.date() > due)  # type: ignore[attr-defined]
        if item.late:  # type: ignore[attr-defined]
            late_days.add(when)
        elif crashed_at and when == crashed_at + dt.timedelta(hours=1):
            crash_late += 1  # the crashed digest, sent by the next run the same morning
        else:
            assert (when.hour, when.minute) == (9, 0), f"{item} delivered at {when}"
    assert crash_late > 0, "the run after the crash sent what the crashed run had claimed"
    assert len(late_days) == 1, "everything missed while off comes in one digest"
    assert min(late_days).date() == DOWNTIME[1]
    offsets = {when.utcoffset() for when, _ in deliveries["email"]}
    assert len(offsets) == 2, "deliveries on both sides of the daylight-saving change"
