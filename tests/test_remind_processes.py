"""Real `followthrough remind` processes: racing each other, and one killed between claiming
its rows and sending them; and `followthrough serve` reminding in the background. A stand-in
notify-send records every desktop notification."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.racing import commands_at_once
from tests.test_remind import add_acme, setup_profile
from tests.waiting import wait_until

FAKE_NOTIFY = """#!/bin/sh
# Stands in for libnotify's notify-send: $2 is the title, $3 the body (one line per step).
if [ -n "$FAKE_NOTIFY_KILL" ] && [ ! -e "$FAKE_NOTIFY_KILL" ]; then
  touch "$FAKE_NOTIFY_KILL"
  kill -9 $PPID   # the remind process dies with its rows claimed and nothing sent
  exit 1
fi
sleep 0.2
printf '%s\\n' "$3" >> "$FAKE_NOTIFY_LOG"
"""
STEP_ID = re.compile(r"\[([0-9a-f]{12})\]")


@pytest.fixture
def desktop(tmp_path: Path) -> dict[str, str]:
    """The environment for a remind process with a (recording) desktop notifier."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "notify-send"
    script.write_text(FAKE_NOTIFY)
    script.chmod(0o755)
    env = dict(os.environ)
    env |= {
        "PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
        "DISPLAY": ":0",
        "FAKE_NOTIFY_LOG": str(tmp_path / "notified.log"),
        "FOLLOWTHROUGH_SMTP_PASSWORD": "",
    }
    env.pop("FAKE_NOTIFY_KILL", None)
    return env


def _remind(db: str, env: dict[str, str], as_of: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "followthrough", "--db", db, "remind", "--as-of", as_of, "--json"]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


# A racer: the followthrough command, started and imported, then held at the start line
# (a read on a pipe) until every racer is there; closing the pipe releases them all at once.
def _race(db: str, env: dict[str, str], as_of: str, racers: int) -> list[subprocess.Popen[str]]:
    """``racers`` remind processes, released together once all are ready."""
    return commands_at_once([["--db", db, "remind", "--as-of", as_of, "--json"]] * racers, env)


def _notified(env: dict[str, str]) -> list[str]:
    log = Path(env["FAKE_NOTIFY_LOG"])
    return STEP_ID.findall(log.read_text()) if log.exists() else []


def _due(as_of: dt.date) -> set[str]:
    from followthrough.services.jobsearch.applications import get_plan, list_applications

    return {s.id for a in list_applications() for s in get_plan(a.id).pending if s.due <= as_of}


def _job_search() -> None:
    setup_profile(zone="Europe/Berlin")
    for n in range(8):
        add_acme(f"app{n}", dt.date(2026, 11, 2) + dt.timedelta(days=n), timeframe="two weeks" if n % 2 else None)


# Each round finds new steps due: thank-you notes, then the calls of each application.
ROUNDS = ("2026-11-03", "2026-11-05", "2026-11-09", "2026-11-11")
ROUNDS += ("2026-11-13", "2026-11-17", "2026-11-20", "2026-11-24")


def test_three_racing_processes_deliver_each_step_once(db: str, desktop: dict[str, str]) -> None:
    from django.db import connections

    _job_search()
    connections.close_all()
    terminal: list[str] = []
    desktop_json: list[str] = []
    for as_of in ROUNDS:
        for racer in _race(db, desktop, as_of, racers=3):
            out, err = racer.communicate(timeout=120)
            assert racer.returncode == 0, err
            body = json.loads(out)
            assert body["failed"] == {}
            # One racer may print a step and another notify it: each channel once, whoever does it.
            terminal += [s["id"] for s in body["delivered"] if "terminal" in s["channels"]]
            desktop_json += [s["id"] for s in body["delivered"] if "desktop" in s["channels"]]
        expected = _due(dt.date.fromisoformat(as_of))
        assert [sid for sid, n in Counter(terminal).items() if n > 1] == []
        assert set(terminal) == expected
        assert sorted(_notified(desktop)) == sorted(desktop_json) == sorted(terminal), "once on the desktop too"


def test_a_process_killed_between_claim_and_send_loses_nothing(
    db: str, desktop: dict[str, str], tmp_path: Path
) -> None:
    from django.db import connections

    from followthrough.store.models import Reminder

    _job_search()
    connections.close_all()
    killed = _remind(db, desktop | {"FAKE_NOTIFY_KILL": str(tmp_path / "killed-once")}, "2026-11-10")
    out, _ = killed.communicate(timeout=120)
    assert killed.returncode == -9, "the first remind died in the desktop notification"
    assert _notified(desktop) == [] and out == "", "nothing notified, nothing printed"
    claimed = set(Reminder.objects.filter(channel="desktop", state="claimed").values_list("step_id", flat=True))
    assert claimed == _due(dt.date(2026, 11, 10)), "its desktop rows stay claimed by a dead process"
    assert not Reminder.objects.filter(state="sent").exists(), "the JSON (the terminal's delivery) never printed"
    connections.close_all()

    survivor = _remind(db, desktop, "2026-11-10")
    out, err = survivor.communicate(timeout=120)
    assert survivor.returncode == 0, err
    delivered = json.loads(out)["delivered"]
    assert {s["id"] for s in delivered} == claimed
    assert all(s["channels"] == ["desktop", "terminal"] for s in delivered), "both, once"
    assert sorted(_notified(desktop)) == sorted(claimed)
    again = _remind(db, desktop, "2026-11-10")
    assert json.loads(again.communicate(timeout=120)[0])["delivered"] == []
    assert Counter(_notified(desktop)).most_common(1)[0][1] == 1


def _serve(db: str, env: dict[str, str], out: Path, *more: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "followthrough", "--db", db, "serve", "--no-browser", "--port", "0", *more]
    with out.open("wb") as stdout, (out.parent / f"{out.name}.err").open("wb") as stderr:
        return subprocess.Popen(command, env=env, stdout=stdout, stderr=stderr)


def _stop(server: subprocess.Popen[bytes], out: Path) -> str:
    server.send_signal(signal.SIGINT)
    server.wait(timeout=60)
    err = (out.parent / f"{out.name}.err").read_text()
    assert server.returncode == 0, err  # stopped cleanly, the reminder thread with it
    return err


def test_serve_delivers_reminders_in_the_background(db: str, desktop: dict[str, str], tmp_path: Path) -> None:
    from django.db import connections

    from followthrough.store.models import Reminder

    setup_profile(zone="Europe/Berlin")
    add_acme("acme", dt.date(2025, 1, 6))  # long past: its whole plan is due, and late
    connections.close_all()
    out = tmp_path / "serve.out"
    server = _serve(db, desktop, out)
    try:
        wait_until(lambda: len(_notified(desktop)) == 8, what="the run at start notified all eight steps")
        wait_until(lambda: "8 follow-up steps due" in out.read_text(), what="and printed them on the server")
        sent = Reminder.objects.filter(state="sent")
        # Marked sent once each channel has delivered: wait for that state, not for a time.
        wait_until(lambda: sent.count() == 16, what="all 16 reminders marked sent")
        assert sorted(sent.values_list("channel", flat=True).distinct()) == ["desktop", "terminal"]
        assert sent.count() == 16 and all(sent.values_list("late", flat=True))
        connections.close_all()
    finally:
        if server.poll() is None:
            _stop(server, out)
    assert "Warning" not in (tmp_path / "serve.out.err").read_text()


def _serve_then_stop(db: str, env: dict[str, str], out: Path, *more: str) -> None:
    """Start serve, wait until it serves, stop it and wait for it to exit. Its run of
    reminders at start is part of that: the server waits for it before exiting."""
    server = _serve(db, env, out, *more)
    try:
        wait_until(lambda: "?token=" in out.read_text(), what="serving")
    finally:
        _stop(server, out)


def test_serve_no_reminders_leaves_them_to_remind(db: str, desktop: dict[str, str], tmp_path: Path) -> None:
    """No waiting for something not to happen: a server that has exited delivers nothing
    more, and the same start-and-stop without the flag does deliver (the control)."""
    from django.db import connections

    from followthrough.store.models import Reminder

    setup_profile(zone="Europe/Berlin")
    add_acme("acme", dt.date(2025, 1, 6))
    connections.close_all()
    _serve_then_stop(db, desktop, tmp_path / "quiet.out", "--no-reminders")
    assert _notified(desktop) == [] and not Reminder.objects.exists()
    connections.close_all()

    _serve_then_stop(db, desktop, tmp_path / "reminding.out")
    assert len(_notified(desktop)) == 8 and Reminder.objects.filter(state="sent").count() == 16
