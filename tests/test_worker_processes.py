"""`followthrough worker` as real processes: four at once deliver each step once on every
channel, a hung or killed worker's claims are taken over after the claim timeout, and
SIGTERM stops one cleanly. Deliveries are counted where they arrive: a real SMTP server
(aiosmtpd on loopback) and the workers' JSON output, and in the outbox table."""

from __future__ import annotations

import asyncio
import datetime as dt
import email
import email.policy
import json
import os
import re
import signal
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from followthrough import clock
from tests.racing import commands_at_once
from tests.test_remind import add_acme, setup_profile
from tests.test_send import _free_port
from tests.waiting import wait_until

STEP_ID = re.compile(r"\[([0-9a-f]{12})\]")


@dataclass
class Mailroom:
    """An SMTP server's handler that keeps each digest; it can hold the first one in the
    middle of DATA (the sender waits for the server's answer) and then refuse it."""

    messages: list[bytes] = field(default_factory=list)
    hold_first: bool = False
    arrived: threading.Event = field(default_factory=threading.Event)
    go_on: threading.Event = field(default_factory=threading.Event)
    refuse_held: bool = False

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.hold_first and not self.arrived.is_set():
            self.arrived.set()
            await asyncio.get_running_loop().run_in_executor(None, self.go_on.wait)  # until the test lets it
            if self.refuse_held:
                return "451 4.3.0 try again later"
        self.messages.append(envelope.original_content)
        return "250 Message accepted for delivery"

    def steps(self) -> list[str]:
        ids = []
        for raw in self.messages:
            message = email.message_from_bytes(raw, policy=email.policy.default)
            ids += STEP_ID.findall(message.get_content())  # type: ignore[attr-defined]
        return ids


@pytest.fixture
def mailroom() -> Iterator[tuple[Mailroom, int]]:
    from aiosmtpd.controller import Controller

    room = Mailroom()
    port = _free_port()
    controller = Controller(room, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield room, port
    finally:
        room.go_on.set()
        controller.stop()


@pytest.fixture(autouse=True)
def running_clock(pin_clock: Any) -> None:
    """The workers' claims time out: their clock runs (in step, from the suite's instant)."""
    from tests.conftest import SUITE_NOW

    pin_clock(SUITE_NOW, running=True)


def _environment() -> dict[str, str]:
    env = dict(os.environ) | {"FOLLOWTHROUGH_SMTP_PASSWORD": "", "FOLLOWTHROUGH_LOG": "info"}
    env.pop("DISPLAY", None)
    return env


def _job_search(applications: int, smtp_port: int) -> set[str]:
    """Applications whose interviews were months ago (their plans due by now), mail set up;
    returns the steps due now, which every channel must deliver once."""
    from django.db import connections

    from followthrough.services.jobsearch.applications import get_plan, list_applications
    from followthrough.services.mail.servers import save_server_settings
    from followthrough.services.reminders import outbox as reminders

    setup_profile(zone="Europe/Berlin", digest="08:00")
    save_server_settings("smtp", "127.0.0.1", smtp_port, "none")
    long_ago = clock.today_in("Europe/Berlin") - dt.timedelta(days=120)
    for n in range(applications):
        add_acme(f"app{n}", long_ago + dt.timedelta(days=n), timeframe="two weeks" if n % 2 else None)
    cutoff = reminders.start().cutoff
    assert cutoff is not None
    due = {s.id for a in list_applications() for s in get_plan(a.id).pending if s.due <= cutoff}
    connections.close_all()
    return due


def _worker(db: str, *options: str) -> list[str]:
    return [sys.executable, "-m", "followthrough", "--db", db, "worker", "--json", "--no-desktop", *options]


def _together(db: str, racers: int, *options: str) -> list[subprocess.Popen[str]]:
    """``racers`` workers, imported and waiting at a pipe barrier, released at once."""
    arguments = _worker(db, *options)[3:]  # after "-m followthrough"
    return commands_at_once([arguments] * racers, _environment())


def _printed(out: str) -> list[str]:
    """The steps in a worker's output: one JSON line per digest."""
    return [item["id"] for line in out.splitlines() if line.strip() for item in json.loads(line)["delivered"]]


def _spawn(db: str, log: Path, *options: str) -> subprocess.Popen[bytes]:
    with log.open("wb") as out, log.with_suffix(".err").open("wb") as err:
        return subprocess.Popen(_worker(db, *options), env=_environment(), stdout=out, stderr=err)


def _claims_made_minutes_ago(minutes: int) -> None:
    """The claims held now, as if made ``minutes`` ago (the clock of a lease that runs out)."""
    from django.db import connections
    from django.db.models import F

    from followthrough.store.models import Reminder

    Reminder.objects.filter(state="claimed").update(claimed_at=F("claimed_at") - dt.timedelta(minutes=minutes))
    connections.close_all()


def _rows(state: str, channel: str = "email") -> set[str]:
    from followthrough.store.models import Reminder

    found = set(Reminder.objects.filter(state=state, channel=channel).values_list("step_id", flat=True))
    from django.db import connections

    connections.close_all()
    return found


def test_four_workers_released_together_deliver_each_step_once(db: str, mailroom: tuple[Mailroom, int]) -> None:
    room, port = mailroom
    due = _job_search(24, port)
    assert len(due) > 150
    printed: list[str] = []
    for racer in _together(db, 4, "--once", "--batch", "7"):
        out, err = racer.communicate(timeout=300)
        assert racer.returncode == 0, err
        assert re.search(r"pass 1: \d+ reminder\(s\) delivered", err), err
        printed += _printed(out)
    doubled = [sid for sid, n in Counter(printed).items() if n > 1]
    assert doubled == [] and set(printed) == due, "each due step printed once, none missed"
    mailed = room.steps()
    assert [sid for sid, n in Counter(mailed).items() if n > 1] == [] and set(mailed) == due, "and mailed once"
    assert len(room.messages) >= len(due) / 7, "in digests of at most a batch each"
    for channel in ("email", "terminal"):
        assert _rows("sent", channel) == due and not _rows("queued", channel) and not _rows("claimed", channel)


def test_a_hung_then_killed_worker_loses_nothing(db: str, mailroom: tuple[Mailroom, int], tmp_path: Path) -> None:
    room, port = mailroom
    due = _job_search(6, port)
    room.hold_first = room.refuse_held = True
    # A lease of ten minutes: however slow the machine, the second worker comes while it holds.
    lease = ("--once", "--claim-timeout", "600")
    hung = _spawn(db, tmp_path / "hung.out", *lease, "--batch", "5")
    try:
        assert room.arrived.wait(120), "the first worker is sending its first digest"
        held = _rows("claimed")
        assert len(held) == 5 and held <= due

        # A second worker while the claim is fresh: everything but the held batch.
        second = subprocess.run(_worker(db, *lease), env=_environment(), capture_output=True)
        assert second.returncode == 0, second.stderr
        assert set(room.steps()) == due - held and _rows("claimed") == held, "the held batch is left alone"

        # Past the timeout, while the first worker still hangs: its claims are taken over.
        # Eleven minutes pass for its claims (they are dated back), not for the test.
        _claims_made_minutes_ago(11)
        third = subprocess.run(_worker(db, *lease), env=_environment(), capture_output=True)
        assert third.returncode == 0, third.stderr
        assert "pass 1: 5 reminder(s) delivered (email 5, terminal 0)" in third.stderr.decode()
        assert set(_printed(third.stdout.decode())) == set()
        hung.send_signal(signal.SIGKILL)
        assert hung.wait(60) == -signal.SIGKILL
    finally:
        room.go_on.set()
        if hung.poll() is None:
            hung.kill()
    mailed = room.steps()
    assert sorted(mailed) == sorted(due), "each step mailed once: the killed worker's batch by the third"
    assert (tmp_path / "hung.out").read_text() == "", "the killed worker printed nothing"
    assert _rows("sent") == due and not _rows("claimed") and _rows("sent", "terminal") == due


def test_sigterm_finishes_the_batch_in_hand_and_exits_0(
    db: str, mailroom: tuple[Mailroom, int], tmp_path: Path
) -> None:
    room, port = mailroom
    due = _job_search(4, port)
    room.hold_first = True  # held, then accepted: the batch in hand is delivered
    log = tmp_path / "worker.out"
    worker = _spawn(db, log, "--batch", "3", "--interval", "0.5")
    try:
        assert room.arrived.wait(120)
        worker.send_signal(signal.SIGTERM)
        said = log.with_suffix(".err")
        wait_until(lambda: "SIGTERM: finishing the batch in hand" in said.read_text(), what="SIGTERM heard")
        assert worker.poll() is None, "it waits for its digest to be sent"
        room.go_on.set()
        assert worker.wait(60) == 0
    finally:
        if worker.poll() is None:
            worker.kill()
    err = log.with_suffix(".err").read_text()
    assert "SIGTERM: finishing the batch in hand" in err and "pass 1: 3 reminder(s) delivered (email 3)" in err
    assert len(room.messages) == 1 and _rows("sent") == set(room.steps()), "delivered and marked: nothing more"
    assert not _rows("claimed") and not _rows("sent", "terminal") and log.read_text() == ""

    rest = subprocess.run(_worker(db, "--once"), env=_environment(), capture_output=True, text=True)
    assert rest.returncode == 0, rest.stderr
    assert sorted(room.steps()) == sorted(due) and sorted(_printed(rest.stdout)) == sorted(due)


def test_sigint_between_passes_exits_0_and_a_mailbox_failure_never_stops_the_worker(
    db: str, mailroom: tuple[Mailroom, int], tmp_path: Path
) -> None:
    from followthrough.services.mail import watch

    room, port = mailroom
    due = _job_search(2, port)
    watch.save_imap_settings("127.0.0.1", _free_port(), "none", "jordan")  # nobody listens there
    from django.db import connections

    connections.close_all()
    log = tmp_path / "worker.out"
    env_password = {"FOLLOWTHROUGH_IMAP_PASSWORD": "imap-secret-never-logged"}
    with log.open("wb") as out, log.with_suffix(".err").open("wb") as err:
        worker = subprocess.Popen(
            _worker(db, "--interval", "0.5"), env=_environment() | env_password, stdout=out, stderr=err
        )
    try:
        wait_until(lambda: "pass 3:" in log.with_suffix(".err").read_text(), what="a third pass: it keeps passing")
        worker.send_signal(signal.SIGINT)
        assert worker.wait(30) == 0
    finally:
        if worker.poll() is None:
            worker.kill()
    err = log.with_suffix(".err").read_text()
    assert err.count("could not read the mailbox") >= 3 and "Traceback" not in err
    assert "imap-secret-never-logged" not in err
    assert "pass 1: " in err and "mailbox: failed" in err
    assert sorted(_printed(log.read_text())) == sorted(due) == sorted(room.steps()), "reminders went out all the same"


def test_each_job_seeker_gets_their_own_steps_at_their_own_address(db: str, mailroom: tuple[Mailroom, int]) -> None:
    """A server's worker goes through every job seeker, acting as each: their digest, to
    their address, holds their steps and no one else's."""
    from django.db import connections

    from followthrough.services.jobsearch.applications import get_plan, list_applications
    from followthrough.services.jobsearch.profile_edit import update_profile
    from followthrough.services.owners import acting_as
    from followthrough.store.models import User

    room, port = mailroom
    due = {"jordan@example.org": _job_search(2, port)}
    sam = User.objects.create_user("sam")
    with acting_as(sam):
        due["sam@example.org"] = _job_search(3, port)
        update_profile(name="Sam Okafor", email="sam@example.org", timezone="Asia/Tokyo")
        assert {s.id for a in list_applications() for s in get_plan(a.id).pending} >= due["sam@example.org"]
    assert due["sam@example.org"].isdisjoint(due["jordan@example.org"])
    connections.close_all()

    once = subprocess.run(_worker(db, "--once", "--batch", "1000"), env=_environment(), capture_output=True, text=True)
    assert once.returncode == 0, once.stderr
    mailed: dict[str, set[str]] = {}
    for raw in room.messages:
        message = email.message_from_bytes(raw, policy=email.policy.default)
        address = str(message["To"]).rsplit("<", 1)[-1].rstrip(">")
        mailed.setdefault(address, set()).update(STEP_ID.findall(message.get_content()))  # type: ignore[attr-defined]
    assert mailed == due, "each seeker's steps in their own digest, to their own address"
    assert len(room.messages) == 2
    assert sorted(_printed(once.stdout)) == sorted(due["jordan@example.org"] | due["sam@example.org"])
