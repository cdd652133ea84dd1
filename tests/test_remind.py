"""Reminders: once per step and channel, never for a cancelled step, at the user's local time."""

from __future__ import annotations

import datetime as dt
import json
import os
import zoneinfo
from collections.abc import Sequence
from pathlib import Path

import pytest

from followthrough.core.model import ContactRole, Debrief, Interview, Response, ResponseOutcome
from tests.conftest import Cli
from tests.waiting import wait_until


class Recorder:
    """A channel that keeps what it was given, and can fail or crash on demand."""

    def __init__(self, name: str = "terminal") -> None:
        self.name = name
        self.digests: list[tuple[dt.date, list[object]]] = []
        self.fail_with: BaseException | None = None

    def deliver(self, digest: Sequence[object], day: dt.date) -> None:
        if self.fail_with is not None:
            error, self.fail_with = self.fail_with, None
            raise error
        self.digests.append((day, list(digest)))

    def ids(self) -> list[str]:
        return [item.step_id for _, digest in self.digests for item in digest]  # type: ignore[attr-defined]


class Crash(BaseException):
    """The process dies: nothing after it runs, no except Exception catches it."""


def setup_profile(zone: str = "America/Chicago", digest: str = "08:30") -> None:
    from followthrough.services.jobsearch.profile_edit import update_profile
    from followthrough.services.reminders import digest as digest_time

    update_profile(name="Jordan Rivera", timezone=zone, email="jordan@example.org")
    digest_time.set_digest_time(digest)


def add_acme(slug: str, interview_on: dt.date, timeframe: str | None = "two weeks") -> None:
    """Case A of the playbook: Ann (hiring officer), Bo (interviewer), Cy (inside contact)."""
    from followthrough.services.jobsearch.applications import add_application, add_contact, record_event

    add_application("Acme Corp", "Data Analyst", slug, anyway=True)  # several of the same job, on purpose
    # Each application its own Ann: the same address in two would be one person to call (one card).
    add_contact(slug, "Ann Lee", ContactRole.HIRING_OFFICER, "ann", email=f"ann@{slug}.example")
    add_contact(slug, "Bo Park", ContactRole.INTERVIEWER, "bo")
    add_contact(slug, "Cy Diaz", ContactRole.INSIDE_CONTACT, "cy")
    record_event(slug, Interview(interview_on, ("ann", "bo"), None, True))
    if timeframe:
        record_event(slug, Debrief(interview_on, timeframe=timeframe))


def at(zone: str, day: str, clock: str) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time.fromisoformat(clock), zoneinfo.ZoneInfo(zone))


def test_each_due_step_is_delivered_once_per_channel(db: str) -> None:
    from followthrough.services.reminders import outbox as reminders

    setup_profile()
    add_acme("acme", dt.date(2026, 11, 3))
    terminal, email = Recorder("terminal"), Recorder("email")
    first = reminders.run([terminal, email], now=at("America/Chicago", "2026-11-03", "09:00"))
    assert sorted(i.kind for i in first.delivered["terminal"]) == ["thank_you_note", "thank_you_note"]
    assert terminal.ids() == email.ids() and len(email.digests) == 1
    reminders.run([terminal, email], now=at("America/Chicago", "2026-11-03", "10:00"))
    reminders.run([terminal, email], now=at("America/Chicago", "2026-11-17", "23:00"))
    assert len(terminal.ids()) == 2, "nothing new came due: nothing more is delivered"
    reminders.run([terminal, email], now=at("America/Chicago", "2026-11-18", "08:31"))
    assert [i.kind for _, d in terminal.digests[1:] for i in d] == ["call_hiring_officer", "call_inside_contact"]
    assert len(set(terminal.ids())) == len(terminal.ids()) == 4


def test_nothing_before_the_digest_time_then_everything_of_the_day(db: str) -> None:
    from followthrough.services.reminders import outbox as reminders

    setup_profile(digest="08:30")
    add_acme("acme", dt.date(2026, 11, 3))
    terminal = Recorder()
    early = reminders.run([terminal], now=at("America/Chicago", "2026-11-03", "08:29"))
    assert early.delivered["terminal"] == [] and early.waiting == 2
    on_time = reminders.run([terminal], now=at("America/Chicago", "2026-11-03", "08:30"))
    assert [i.late for i in on_time.delivered["terminal"]] == [False, False]


def test_a_step_cancelled_by_a_response_is_never_reminded(db: str) -> None:
    from followthrough.services.jobsearch.applications import record_event
    from followthrough.services.reminders import outbox as reminders

    setup_profile()
    add_acme("acme", dt.date(2026, 11, 3))
    terminal = Recorder()
    reminders.run([terminal], now=at("America/Chicago", "2026-11-03", "09:00"))
    record_event("acme", Response(dt.date(2026, 11, 10), ResponseOutcome.OFFER, "ann"))
    reminders.run([terminal], now=at("America/Chicago", "2026-12-31", "09:00"))
    assert [i.kind for i in (item for _, d in terminal.digests for item in d)] == ["thank_you_note"] * 2


def test_a_step_queued_then_cancelled_before_sending_is_dropped(db: str) -> None:
    """The re-check at send time: the outbox row exists, the plan no longer wants it."""
    from followthrough.services.jobsearch.applications import record_event
    from followthrough.services.reminders import outbox as reminders
    from followthrough.store.models import Reminder

    setup_profile()
    add_acme("acme", dt.date(2026, 11, 3))
    now = at("America/Chicago", "2026-11-18", "09:00")
    reminders._enqueue("terminal", now.date())
    assert Reminder.objects.filter(state="queued").count() == 4
    # "Not decided, by Dec 1": the 11-18 calls give way to a new waiting phase; notes stay owed.
    record_event("acme", Response(dt.date(2026, 11, 17), ResponseOutcome.NOT_DECIDED, "ann", dt.date(2026, 12, 1)))
    terminal = Recorder()
    result = reminders.run([terminal], now=now)
    assert [i.kind for i in result.delivered["terminal"]] == ["thank_you_note"] * 2
    assert not Reminder.objects.filter(state__in=["queued", "claimed"]).exists()


def test_after_downtime_everything_missed_comes_once_marked_late_in_one_digest(db: str) -> None:
    from followthrough.services.reminders import outbox as reminders

    setup_profile()
    add_acme("acme", dt.date(2026, 11, 3))
    add_acme("beta", dt.date(2026, 11, 4), timeframe=None)
    email = Recorder("email")
    reminders.run([email], now=at("America/Chicago", "2026-11-03", "09:00"))
    # Off from the 4th to the 19th: beta's notes (4th) and calls (11th, 18th), acme's calls (18th).
    result = reminders.run([email], now=at("America/Chicago", "2026-11-19", "07:00"))
    assert len(email.digests) == 2, "one digest for everything missed"
    missed = result.delivered["email"]
    assert all(i.late for i in missed)
    assert sorted((i.application, i.kind, i.due.isoformat()) for i in missed) == [
        ("acme", "call_hiring_officer", "2026-11-18"),
        ("acme", "call_inside_contact", "2026-11-18"),
        ("beta", "call_hiring_officer", "2026-11-11"),
        ("beta", "call_hiring_officer", "2026-11-18"),
        ("beta", "call_inside_contact", "2026-11-11"),
        ("beta", "thank_you_note", "2026-11-04"),
        ("beta", "thank_you_note", "2026-11-04"),
    ]
    assert reminders.run([email], now=at("America/Chicago", "2026-11-19", "09:00")).delivered["email"] == []


def test_the_digest_keeps_its_wall_clock_time_across_dst(db: str) -> None:
    from followthrough.services.reminders import outbox as reminders

    setup_profile(zone="America/New_York", digest="08:30")
    # Thank-you notes due Fri 10-30 (EDT, UTC-4) and Mon 11-02 (EST, UTC-5).
    add_acme("before", dt.date(2026, 10, 30))
    add_acme("after", dt.date(2026, 11, 2))
    terminal = Recorder()
    for day in ("2026-10-30", "2026-11-02"):
        early = reminders.run([terminal], now=at("America/New_York", day, "08:29"))
        assert early.delivered["terminal"] == [], day
        assert len(reminders.run([terminal], now=at("America/New_York", day, "08:30")).delivered["terminal"]) == 2
    # 08:30 EST is 13:30 UTC; a digest kept in UTC from before the change would fire at 12:30.
    assert at("America/New_York", "2026-11-02", "08:30").astimezone(dt.UTC).hour == 13


def test_a_failing_channel_is_retried_and_does_not_stop_the_others(db: str) -> None:
    from followthrough.services.reminders import outbox as reminders

    setup_profile()
    add_acme("acme", dt.date(2026, 11, 3))
    terminal, email = Recorder("terminal"), Recorder("email")
    email.fail_with = OSError("connection refused")
    result = reminders.run([terminal, email], now=at("America/Chicago", "2026-11-03", "09:00"))
    assert result.failed == {"email": "connection refused"} and len(terminal.ids()) == 2
    again = reminders.run([terminal, email], now=at("America/Chicago", "2026-11-03", "10:00"))
    assert not again.failed and len(email.ids()) == 2 and len(terminal.ids()) == 2


def test_a_claim_left_by_a_crash_is_taken_over_once_its_lease_ends(db: str) -> None:
    from followthrough.services.reminders import outbox as reminders
    from followthrough.store.models import Reminder

    setup_profile()
    add_acme("acme", dt.date(2026, 11, 3))
    now = at("America/Chicago", "2026-11-03", "09:00")
    crashing = Recorder()
    crashing.fail_with = Crash()
    with pytest.raises(Crash):
        reminders.run([crashing], now=now, clock=lambda: now)
    assert Reminder.objects.filter(state="claimed").count() == 2, "claimed, never sent"
    soon = Recorder()
    reminders.run([soon], now=now + dt.timedelta(minutes=5), clock=lambda: now + dt.timedelta(minutes=5))
    assert soon.ids() == [], "the claimer is alive and its lease runs: hands off"
    later = now + reminders.LEASE + dt.timedelta(minutes=1)
    reminders.run([soon], now=later, clock=lambda: later)
    assert len(soon.ids()) == 2 and crashing.ids() == []
    assert Reminder.objects.filter(state="sent").count() == 2


def test_remind_command_json_and_text(ft: Cli) -> None:
    ft("profile", "set", "--timezone", "America/Chicago")
    ft("profile", "digest", "--time", "08:30")
    add_acme("acme", dt.date(2026, 11, 3))
    body = json.loads(ft("remind", "--as-of", "2026-11-18", "--json", "--no-desktop").stdout)
    assert body["as_of"] == "2026-11-18"
    kinds = sorted((s["kind"], s["due"], s["late"]) for s in body["delivered"])
    assert kinds == [
        ("call_hiring_officer", "2026-11-18", False),
        ("call_inside_contact", "2026-11-18", False),
        ("thank_you_note", "2026-11-03", True),
        ("thank_you_note", "2026-11-03", True),
    ]
    assert all(s["channels"] == ["terminal"] for s in body["delivered"])
    assert "Nothing new" in ft("remind", "--as-of", "2026-11-18", "--no-desktop").stdout
    text = ft("remind", "--as-of", "2026-11-25", "--no-desktop").stdout
    assert "call Ann Lee" in text and "1 follow-up step due Wed 2026-11-25" in text


def test_profile_digest_rejects_a_bad_time(ft: Cli) -> None:
    result = ft("profile", "digest", "--time", "8 o'clock", code=2)
    assert "HH:MM" in result.output
    assert "Daily digest at 08:00" in ft("profile", "digest").stdout


def test_an_answer_recorded_between_claim_and_send_stops_the_reminder(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from followthrough.services.jobsearch.applications import record_event
    from followthrough.services.reminders import outbox as reminders
    from followthrough.store.models import Reminder

    setup_profile()
    add_acme("acme", dt.date(2026, 11, 3))
    claim = reminders._claim

    def claim_then_the_employer_answers(*args: object) -> list[object]:
        rows = claim(*args)  # type: ignore[arg-type]
        assert len(rows) == 4
        record_event("acme", Response(dt.date(2026, 11, 18), ResponseOutcome.FILLED, "ann"))
        return rows

    monkeypatch.setattr(reminders, "_claim", claim_then_the_employer_answers)
    terminal = Recorder()
    result = reminders.run([terminal], now=at("America/Chicago", "2026-11-18", "09:00"))
    assert result.delivered["terminal"] == [] and terminal.digests == []
    assert not Reminder.objects.exists(), "dropped, so nothing is left to send later"


def test_a_future_as_of_is_refused_and_a_dry_run_uses_nothing_up(ft: Cli) -> None:
    from followthrough.services.reminders import outbox as reminders
    from followthrough.store.models import Reminder

    ft("profile", "set", "--timezone", "America/Chicago")
    add_acme("acme", dt.date(2026, 11, 3))
    future = (reminders.today() + dt.timedelta(days=400)).isoformat()
    refused = ft("remind", "--as-of", future, "--no-desktop", code=2)
    assert "after today" in refused.output and "--dry-run" in refused.output
    assert len(refused.output.strip().splitlines()) == 1
    shown = ft("remind", "--as-of", future, "--dry-run", "--no-desktop").stdout
    assert "call Ann Lee" in shown and "dry run" in shown
    body = json.loads(ft("remind", "--as-of", future, "--dry-run", "--json", "--no-desktop").stdout)
    assert body["dry_run"] is True and len(body["delivered"]) == 8, "the whole plan by then"
    assert not Reminder.objects.exists(), "a dry run records nothing"
    real = json.loads(ft("remind", "--as-of", "2026-11-18", "--json", "--no-desktop").stdout)
    assert len(real["delivered"]) == 4, "the real run still delivers what came due"


def test_a_failed_desktop_notification_is_one_line_with_notify_sends_words(
    ft: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = tmp_path / "notify-send"
    script.write_text(
        "#!/bin/sh\necho 'GDBus.Error:org.freedesktop.DBus.Error.ServiceUnknown: no notification daemon' >&2\nexit 1\n"
    )
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}:{os.environ.get('PATH', '')}")
    monkeypatch.setenv("DISPLAY", ":0")
    ft("profile", "set", "--timezone", "America/Chicago")
    add_acme("acme", dt.date(2026, 11, 3))
    result = ft("remind", "--as-of", "2026-11-03", code=1)
    assert result.stderr.splitlines() == [
        "Warning: could not deliver on desktop: notify-send failed: GDBus.Error:org.freedesktop.DBus.Error"
        ".ServiceUnknown: no notification daemon (will retry on the next run)"
    ]
    assert "send a thank-you note" in result.stdout, "the terminal still got it"


def test_keep_reminding_runs_at_once_then_again_until_stopped(db: str) -> None:
    import threading

    from django.db import connections

    from followthrough.services.reminders import outbox as reminders

    setup_profile()
    add_acme("acme", dt.date(2025, 1, 6))  # long past: the whole plan is due
    connections.close_all()
    terminal = Recorder()
    terminal.fail_with = OSError("the terminal is gone")
    runs: list[int] = []
    warnings: list[str] = []

    def channels() -> list[Recorder]:
        runs.append(1)
        return [terminal]

    stop = threading.Event()
    thread = threading.Thread(target=reminders.keep_reminding, args=(channels, stop, 0.05, warnings.append))
    thread.start()
    try:
        wait_until(lambda: len(runs) >= 4, what="four runs")
    finally:
        stop.set()
    thread.join(timeout=30)
    assert not thread.is_alive(), "it stops when told"
    assert len(runs) >= 4
    assert warnings == ["could not deliver on terminal: the terminal is gone (will retry on the next run)"]
    assert len(terminal.ids()) == len(set(terminal.ids())) == 8, "the next run delivered everything, once"
