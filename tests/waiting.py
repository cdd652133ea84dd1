"""Waiting in tests without guessing how long things take: poll a condition until it holds,
with a deadline generous enough for a loaded machine (a failure says what never came)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

LOADED_MACHINE = 120.0  # seconds: what a wait may take when every core is busy


def wait_until(condition: Callable[[], T], timeout: float = LOADED_MACHINE, what: str = "") -> T:
    """The first true value ``condition()`` returns, polled until ``timeout`` seconds have
    passed (then an AssertionError naming ``what``). Nothing is asserted about how soon it
    came: a slow machine is not a wrong answer."""
    deadline = time.monotonic() + timeout
    pause = 0.001
    while True:
        if value := condition():
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:g} s and it never came: {what or condition}")
        time.sleep(pause)  # between polls only: what is waited for is the condition
        pause = min(pause * 2, 0.05)
