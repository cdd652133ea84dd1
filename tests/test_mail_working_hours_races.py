"""A scheduled e-mail racing a cancel from a second process: exactly one wins. Real
`followthrough` processes released together (tests.racing), a real SMTP server, on
both databases: the morning's `remind` (the worker's delivery) against "unschedule",
round after round."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from tests.conftest import Cli
from tests.racing import commands_at_once
from tests.test_mail_working_hours import Inbox, config, inbox, minute  # noqa: F401  (the fixtures)

CHICAGO = ZoneInfo("America/Chicago")
ROUNDS = 4


def _schedule(ft: Cli, port: int, pin_clock: Callable[..., None]) -> list[tuple[str, dt.datetime]]:
    """Four applications in Berlin; in each, the first follow-up e-mail written at 18:00
    in Chicago on one evening after another: each waits for its own Berlin morning."""
    ft("profile", "set", "--name", "Jordan Rivera", "--timezone", "America/Chicago", "--email", "jordan@example.org")
    ft("profile", "smtp", "--host", "127.0.0.1", "--port", str(port), "--security", "none")
    waiting = []
    for n in range(ROUNDS):
        ft("add", f"Acme {n}", "Data Analyst", "--id", f"acme{n}", "--playbook", "email-first")
        ft("edit", f"acme{n}", "--timezone", "Europe/Berlin", "--country", "DE")
        ft.contact(f"acme{n}", "Ann Lee", "hiring_officer", key="ann", email=f"ann{n}@acme.com")
        ft("interview", f"acme{n}", "--on", "2026-11-03", "--with", "ann")
        steps = json.loads(ft("plan", f"acme{n}", "--json").stdout)["steps"]
        first = next(s["id"] for s in steps if s["kind"] == "email_follow_up")
        pin_clock(dt.datetime(2026, 11, 10 + n, 18, 0, tzinfo=CHICAGO))
        assert "08:34 their time" in ft("send", first).stdout
        waiting.append((first, dt.datetime.fromisoformat(_step(ft, n, first)["scheduled_for"])))
    return waiting


def _step(ft: Cli, n: int, step_id: str) -> dict[str, Any]:
    return next(s for s in json.loads(ft("plan", f"acme{n}", "--json").stdout)["steps"] if s["id"] == step_id)


def test_a_scheduled_e_mail_racing_a_cancel_goes_once_or_not_at_all(
    ft: Cli,
    db: str,
    inbox: tuple[Inbox, int],  # noqa: F811
    pin_clock: Callable[..., None],
    minute: None,  # noqa: F811
) -> None:
    box, port = inbox
    waiting = _schedule(ft, port, pin_clock)
    outcomes = []
    for n, (step_id, when) in enumerate(waiting):
        pin_clock(when + dt.timedelta(minutes=6))  # its morning has come: the others are later
        sender = ["--db", db, "remind", "--no-desktop"]
        racers = commands_at_once([sender, ["--db", db, "unschedule", step_id]], dict(os.environ))
        (send_code, send_out), (cancel_code, cancel_out) = [(p.wait(300), "".join(p.communicate())) for p in racers]
        mailed = [e for e in box.messages if e.rcpt_tos == [f"ann{n}@acme.com"]]
        shown = _step(ft, n, step_id)
        if cancel_code == 0:  # the cancel won: nothing went, the step is to do again
            assert "Cancelled" in cancel_out and mailed == [] and shown["status"] == "pending"
            outcomes.append("cancelled")
        else:  # the send won: it went once, the cancel was refused and changed nothing
            assert (cancel_code == 2 and "nothing is scheduled" in cancel_out) or "being sent" in cancel_out
            assert send_code == 0, send_out
            assert len(mailed) == 1 and shown["status"] == "done" and "sent_at" in shown
            outcomes.append("sent")
        assert send_code == 0, send_out
        assert "scheduled_for" not in shown
    assert ft("scheduled").stdout.strip() == "No e-mail is waiting for working hours."
    assert len(outcomes) == ROUNDS, outcomes


def test_two_runs_at_its_minute_send_it_once(
    ft: Cli,
    db: str,
    inbox: tuple[Inbox, int],  # noqa: F811
    pin_clock: Callable[..., None],
    minute: None,  # noqa: F811
) -> None:
    box, port = inbox
    waiting = _schedule(ft, port, pin_clock)
    for n, (step_id, when) in enumerate(waiting):
        pin_clock(when + dt.timedelta(minutes=1))
        remind = ["--db", db, "remind", "--no-desktop"]
        for racer in commands_at_once([remind, remind], dict(os.environ)):
            assert racer.wait(300) == 0, racer.communicate()
        assert len([e for e in box.messages if e.rcpt_tos == [f"ann{n}@acme.com"]]) == 1
        assert "sent_at" in _step(ft, n, step_id)
