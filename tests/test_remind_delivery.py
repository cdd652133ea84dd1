"""Delivery and the database: `remind --json` killed at any moment loses nothing (delivery
is the printing: printed and flushed, then marked), and a channel that takes seconds keeps
no other command waiting (it delivers with no transaction open). Real processes."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import Cli
from tests.test_remind import add_acme, setup_profile
from tests.waiting import wait_until

FIRST = dt.date(2026, 10, 5)


def _command(db: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "followthrough", "--db", db, *args]


def _terminal_rows() -> dict[str, str]:
    from followthrough.store.models import Reminder

    return dict(Reminder.objects.filter(channel="terminal").values_list("step_id", "state"))


def _due_by(day: dt.date) -> set[str]:
    from followthrough.store.models import Step

    return set(Step.objects.filter(status="pending", due__lte=day).values_list("id", flat=True))


def _states() -> tuple[int, int]:
    from followthrough.store.models import Reminder

    rows = Reminder.objects.filter(channel="terminal")
    return rows.filter(state="claimed").count(), rows.filter(state="sent").count()


def _kill_at_some_moment(run: subprocess.Popen[bytes], out: Path, rng: random.Random, duration: float) -> None:
    """Kill -9 at a random moment of the run, or just as it reaches one of the moments
    that matter: its claim committed, its first byte printed, its rows marked delivered."""
    moment = rng.choice(["any", "claimed", "printing", "marked", "marked"])
    if moment == "any":
        time.sleep(rng.uniform(0.3, 1.1) * duration)  # a random moment of the run: what is under test
    else:
        claimed, sent = _states()
        reached = {
            "claimed": lambda: _states()[0] > claimed,
            "printing": lambda: out.stat().st_size > 0,
            "marked": lambda: _states()[1] > sent,
        }[moment]
        wait_until(lambda: run.poll() is not None or reached(), what=f"the run reaching {moment}")
        if moment == "printing":
            time.sleep(rng.uniform(0, 0.01))  # somewhere in the printing: what is under test
    if run.poll() is None:
        run.send_signal(signal.SIGKILL)


def test_remind_json_killed_at_random_moments_loses_nothing(db: str, tmp_path: Path) -> None:
    from django.db import connections

    setup_profile(zone="Europe/Berlin")
    for n in range(30):  # interviews spread over six weeks: each round finds new steps due
        add_acme(f"app{n}", FIRST + dt.timedelta(days=(5 * n) // 3), timeframe="two weeks" if n % 2 else None)
    connections.close_all()
    rng = random.Random(9)
    env = dict(os.environ) | {"FOLLOWTHROUGH_SMTP_PASSWORD": ""}
    env.pop("DISPLAY", None)
    printed: set[str] = set()  # every step some run printed in a complete JSON document
    killed = complete = 0
    duration = 1.0  # how long a run takes here, learnt from the runs that finish
    rounds = 30
    for n in range(rounds + 1):
        as_of = FIRST + dt.timedelta(days=(5 * min(n, rounds - 1)) // 3)
        out = tmp_path / f"run{n}.json"
        with out.open("wb") as stdout:
            started = time.monotonic()
            run = subprocess.Popen(
                _command(db, "remind", "--as-of", as_of.isoformat(), "--json", "--no-desktop"),
                env=env, stdout=stdout, stderr=subprocess.PIPE,
            )  # fmt: skip
            if n < rounds:  # the last run is left to finish: it delivers what is left
                _kill_at_some_moment(run, out, rng, duration)
            _, err = run.communicate(timeout=120)
        if run.returncode == -signal.SIGKILL:
            killed += 1
        else:
            assert run.returncode == 0, err.decode()
            duration = time.monotonic() - started
        try:
            body = json.loads(out.read_text())
        except ValueError:
            assert run.returncode == -signal.SIGKILL, "only a killed run leaves its output incomplete"
            continue
        complete += 1
        printed |= {s["id"] for s in body["delivered"]}
        marked = {sid for sid, state in _terminal_rows().items() if state == "sent"}
        assert marked <= printed, f"round {n}: marked delivered, never printed: {sorted(marked - printed)}"
        connections.close_all()
    marked = {sid for sid, state in _terminal_rows().items() if state == "sent"}
    assert marked <= printed, f"lost: {sorted(marked - printed)}"
    assert _due_by(FIRST + dt.timedelta(days=(5 * (rounds - 1)) // 3)) <= printed, (
        "every due step was printed in the end"
    )
    assert killed >= 5 and complete >= 5, f"the kills landed at all moments ({killed} killed, {complete} complete)"


SLOW_NOTIFY = """#!/bin/sh
# A desktop notification that lasts until the test lets it end (it reads a line from a
# FIFO): it says when it starts and when it is done.
touch "$SLOW_NOTIFY_STARTED"
read line < "$SLOW_NOTIFY_RELEASE"
printf '%s\\n' "$3" >> "$SLOW_NOTIFY_LOG"
"""


def test_a_slow_channel_keeps_no_other_command_waiting(ft: Cli, tmp_path: Path) -> None:
    from django.db import connections

    from followthrough.services.jobsearch.applications import get_plan

    setup_profile(zone="Europe/Berlin")
    add_acme("acme", dt.date(2026, 11, 2))
    step = get_plan("acme").pending[0].id  # a step the slow digest is delivering
    connections.close_all()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "notify-send").write_text(SLOW_NOTIFY)
    (bin_dir / "notify-send").chmod(0o755)
    started, release, log = tmp_path / "started", tmp_path / "release", tmp_path / "notified.log"
    os.mkfifo(release)
    env = dict(os.environ) | {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "DISPLAY": ":0",
        "SLOW_NOTIFY_STARTED": str(started),
        "SLOW_NOTIFY_RELEASE": str(release),
        "SLOW_NOTIFY_LOG": str(log),
        "FOLLOWTHROUGH_SMTP_PASSWORD": "",
    }
    remind = subprocess.Popen(
        _command(ft.location, "remind", "--as-of", "2026-11-20", "--json"), env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        wait_until(lambda: started.exists() or remind.poll() is not None, what="the slow notification starting")
        assert started.exists(), "the slow notification started"
        # While it lasts (until released below), other commands work and end: not waiting.
        ft("add", "Globex", "Analyst", "--id", "globex")
        ft("done", step)  # the very application being reminded of
        assert remind.poll() is None and not log.exists(), "both finished while the notification was still going"
    finally:
        with release.open("w") as fifo:  # the notification reads it and ends
            fifo.write("done\n")
        out, _ = remind.communicate(timeout=300)
    assert remind.returncode == 0 and step in {s["id"] for s in json.loads(out)["delivered"]}
