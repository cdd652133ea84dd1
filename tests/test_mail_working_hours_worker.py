"""The worker sends a scheduled e-mail when its minute comes, once; killed in the middle
of the send, it leaves the e-mail "may or may not have gone" (the uncertain state
docs/mail.md describes), never sends it twice and loses nothing. Real processes
(`followthrough worker --once`), a real SMTP server holding the message mid-DATA."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import Cli
from tests.test_mail_working_hours import config, minute, schedule_first, step  # noqa: F401  (fixtures)
from tests.test_send import _free_port

BERLIN = ZoneInfo("Europe/Berlin")


@dataclass
class HoldingInbox:
    """Keeps what arrives; with ``hold``, the employer's message is kept (it went out),
    then the server waits before answering, until ``go_on``."""

    messages: list[Any] = field(default_factory=list)
    hold: bool = False
    refuse: bool = False  # the employer's address: 550, no such mailbox
    arrived: threading.Event = field(default_factory=threading.Event)
    go_on: threading.Event = field(default_factory=threading.Event)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if self.refuse and address == "ann@acme.com":
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope)
        if self.hold and envelope.rcpt_tos == ["ann@acme.com"]:
            self.arrived.set()
            await asyncio.get_running_loop().run_in_executor(None, self.go_on.wait)
        return "250 Message accepted for delivery"

    def to_ann(self) -> list[Any]:
        return [e for e in self.messages if e.rcpt_tos == ["ann@acme.com"]]


@pytest.fixture
def inbox() -> Iterator[tuple[HoldingInbox, int]]:
    from aiosmtpd.controller import Controller

    box = HoldingInbox()
    port = _free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield box, port
    finally:
        box.go_on.set()
        controller.stop()


def _worker(db: str) -> list[str]:
    return [sys.executable, "-m", "followthrough", "--db", db, "worker", "--once", "--no-desktop"]


def _environment() -> dict[str, str]:
    return dict(os.environ) | {"FOLLOWTHROUGH_SMTP_PASSWORD": "", "FOLLOWTHROUGH_LOG": "info"}


def test_the_worker_sends_it_once_when_its_minute_comes(
    ft: Cli,
    db: str,
    inbox: tuple[HoldingInbox, int],
    pin_clock: Callable[..., None],
    minute: None,  # noqa: F811
) -> None:
    box, port = inbox
    first = schedule_first(ft, pin_clock, port)
    pin_clock(dt.datetime(2026, 11, 11, 8, 33, tzinfo=BERLIN))
    early = subprocess.run(_worker(db), env=_environment(), capture_output=True, text=True)
    assert early.returncode == 0, early.stderr
    assert box.to_ann() == [] and "scheduled_for" in step(ft, first)
    pin_clock(dt.datetime(2026, 11, 11, 8, 34, tzinfo=BERLIN))
    logs = []
    for _ in range(2):
        done = subprocess.run(_worker(db), env=_environment(), capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        logs.append(done.stderr)
    assert len(box.to_ann()) == 1
    assert "1 scheduled e-mail(s) sent" in logs[0] and "scheduled e-mail(s) sent" not in logs[1]
    assert step(ft, first)["sent_at"] == "2026-11-11T08:34:00+01:00"


def test_a_worker_killed_during_the_send_never_sends_it_twice_and_loses_nothing(
    ft: Cli,
    db: str,
    inbox: tuple[HoldingInbox, int],
    pin_clock: Callable[..., None],
    minute: None,  # noqa: F811
) -> None:
    box, port = inbox
    first = schedule_first(ft, pin_clock, port)
    pin_clock(dt.datetime(2026, 11, 11, 8, 40, tzinfo=BERLIN))
    box.hold = True
    killed = subprocess.Popen(_worker(db), env=_environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert box.arrived.wait(120), "the worker is sending the scheduled e-mail"
        killed.send_signal(signal.SIGKILL)
        assert killed.wait(60) == -signal.SIGKILL
    finally:
        box.go_on.set()
        if killed.poll() is None:
            killed.kill()
    # The next passes leave it alone: it may have gone (here it did), so it is never sent again.
    box.hold = False
    for _ in range(2):
        again = subprocess.run(_worker(db), env=_environment(), capture_output=True, text=True)
        assert again.returncode == 0, again.stderr
    assert len(box.to_ann()) == 1
    shown = step(ft, first)
    assert shown["status"] == "done" and shown["delivery"] == "uncertain"
    listed = ft("scheduled").stdout
    assert first in listed and "may or may not have gone" in listed  # nothing lost: it is still shown
    assert "Checking in: Data Analyst at Acme Corp" in ft("scheduled", first).stdout


def test_a_refusal_for_good_is_in_the_workers_log_and_the_step_is_to_do_again(
    ft: Cli,
    db: str,
    inbox: tuple[HoldingInbox, int],
    pin_clock: Callable[..., None],
    minute: None,  # noqa: F811
) -> None:
    box, port = inbox
    first = schedule_first(ft, pin_clock, port)
    box.refuse = True
    pin_clock(dt.datetime(2026, 11, 11, 8, 40, tzinfo=BERLIN))
    done = subprocess.run(_worker(db), env=_environment(), capture_output=True, text=True)
    assert "1 scheduled e-mail(s) refused for good by the mail server: the step(s) are to do again" in done.stderr
    assert "ann@acme.com" not in done.stderr  # counts in the log, never whose
    assert step(ft, first)["status"] == "pending" and box.to_ann() == []
