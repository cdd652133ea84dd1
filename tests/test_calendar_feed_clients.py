"""A real calendar program follows the feed: vdirsyncer syncs it into a folder, khal lists
what is due; a step settled in followthrough shows there at the next sync."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli, need_tool
from tests.test_ical import _khal

QUIET = ["--no-browser", "--no-reminders"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# The day the demo's job search is made and the feed served: its steps fall inside the
# window khal is asked to list (2026-01-01 and the 730 days after) and before the agenda's
# --as-of 2030-01-01. khal is given that window: it never reads the machine's date here.
FEED_DAY = dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.UTC)  # 9:00 in Chicago, the demo's zone


@pytest.fixture
def feed_day(pin_clock: Any) -> dt.datetime:
    """FEED_DAY, here and in `serve` (started with the clock pinned) and the commands."""
    pin_clock(FEED_DAY)
    return FEED_DAY


@pytest.fixture
def serving(db: str, tmp_path: Path, feed_day: dt.datetime) -> Iterator[int]:
    """'followthrough serve --port P' on the test's database, as the user leaves it running,
    its clock at ``feed_day``."""
    port = _free_port()
    out = tmp_path / "serve.out"
    with out.open("w") as said:
        server = subprocess.Popen(
            [sys.executable, "-m", "followthrough", "--db", db, "serve", "--port", str(port), *QUIET],
            stdout=said,
            stderr=subprocess.STDOUT,
        )
    try:
        for _ in range(600):
            if re.search(r"\?token=", out.read_text()) or server.poll() is not None:
                break
            subprocess.run(["sleep", "0.1"], check=True)
        assert server.poll() is None, out.read_text()
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def _vdirsyncer(tmp_path: Path, url: str) -> Callable[[], None]:
    vdirsyncer = need_tool("vdirsyncer")
    config = tmp_path / "vdirsyncer.conf"
    config.write_text(
        f'[general]\nstatus_path = "{tmp_path / "status"}"\n\n'
        '[pair followthrough]\na = "feed"\nb = "folder"\ncollections = null\nconflict_resolution = "a wins"\n\n'
        f'[storage feed]\ntype = "http"\nurl = "{url}"\n\n'
        f'[storage folder]\ntype = "filesystem"\npath = "{tmp_path / "cal"}"\nfileext = ".ics"\n'
    )
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}

    def run(*args: str) -> None:
        done = subprocess.run(
            [vdirsyncer, "-c", str(config), *args], capture_output=True, text=True, env=env, timeout=120
        )
        assert done.returncode == 0, done.stdout + done.stderr

    run("discover", "followthrough")
    return lambda: run("sync")


def test_vdirsyncer_and_khal_follow_the_feed(ft: Cli, serving: int, tmp_path: Path) -> None:
    ft("demo")
    url = ft("calendar-url", "--new").stdout.strip()
    assert url.startswith(f"http://127.0.0.1:{serving}/calendar/"), "the port serve was told, remembered"
    khal_run = _khal(tmp_path)  # reads tmp_path/cal, where vdirsyncer writes
    sync = _vdirsyncer(tmp_path, url)
    sync()

    def listed() -> dict[tuple[str, str], str]:
        # vdirsyncer's http storage replaces UIDs by content hashes (by design): events
        # are told apart by day and title here; test_calendar_feed checks the UIDs.
        lines = khal_run("list", "2026-01-01", "730d", "--format", "{start-date}|{cancelled}|{title}").splitlines()
        rows = [line.split("|", 2) for line in lines if line.count("|") == 2]
        return {(day, title): "cancelled" if status.strip() else "due" for day, status, title in rows}

    def due_in_followthrough() -> list[dict[str, str]]:
        return list(json.loads(ft("agenda", "--as-of", "2030-01-01", "--json").stdout)["steps"])

    def due_in_khal(shown: dict[tuple[str, str], str]) -> list[tuple[str, str]]:
        return sorted(k for k, v in shown.items() if v == "due")

    def matches(steps: list[dict[str, str]], due: list[tuple[str, str]]) -> bool:
        return len(steps) == len(due) and all(any(d == s["due"] and s["company"] in t for d, t in due) for s in steps)

    before, pending = listed(), due_in_followthrough()
    assert len(pending) >= 5 and matches(pending, due_in_khal(before)), (pending, before)
    step = next(s for s in pending if s["kind"] == "thank_you_note")
    ft("done", step["id"])
    sync()
    after = listed()
    changed = {k: (before.get(k), after.get(k)) for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    assert list(changed.values()) == [("due", "cancelled")], changed
    [(day, title)] = changed
    assert day == step["due"] and step["contact_name"] in title
    assert matches(due_in_followthrough(), due_in_khal(after))


def test_serve_keeps_its_port_and_says_when_it_cannot_have_it(ft: Cli, tmp_path: Path) -> None:
    """'serve --port P' is kept, so the feed's address stays put; when P is taken later,
    serve says that calendar programs cannot reach the port it got instead."""
    port = _free_port()
    ft("calendar-url", "--new")
    base = [sys.executable, "-m", "followthrough", "--db", ft.location, "serve", *QUIET]
    first = subprocess.Popen([*base, "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert first.stdout is not None
        assert any(f"127.0.0.1:{port}/?token=" in line for line in first.stdout)
        assert ft("calendar-url").stdout.startswith(f"http://127.0.0.1:{port}/calendar/")
        second = subprocess.Popen(base, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            assert second.stdout is not None
            said = []
            for line in second.stdout:
                said.append(line)
                if "?token=" in line:
                    break
            text = "".join(said)
            assert f"port {port} is taken" in text and "calendar programs" in text, text
            assert f"127.0.0.1:{port}/?token=" not in text
        finally:
            second.terminate()
            second.wait(timeout=30)
    finally:
        first.terminate()
        first.wait(timeout=30)
