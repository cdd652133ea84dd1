"""Failed sign-ins are counted in the database (django-axes): after a few for one name
from one address, even the right password is refused for a while, with a page that says
so; every worker and a restarted server see the same count."""

from __future__ import annotations

import multiprocessing as mp
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest

from tests.racing import racing
from tests.server.support import (
    HOST,
    PASSWORD,
    Browser,
    member,
    second_server,
    start,
)

pytestmark = pytest.mark.usefixtures("server")

LIMIT = 5


def _fail(email: str, times: int, **extra: str) -> None:
    """Wrong passwords: told so, until the last of the limit, which locks."""
    statuses = [Browser().sign_in(email, "not my password", **extra).status_code for _ in range(times)]
    expected = [400] * (LIMIT - 1) + [429] if times == LIMIT else [400] * times
    assert statuses == expected


def test_after_five_failures_even_the_right_password_is_refused_with_a_clear_page() -> None:
    member(start(), "sam@example.org")
    _fail("sam@example.org", LIMIT - 1)
    assert Browser().sign_in("sam@example.org").status_code == 303  # four failures: still fine, and forgotten
    _fail("sam@example.org", LIMIT)
    locked = Browser().sign_in("sam@example.org")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Too many failed sign-ins" in page and "sam@example.org" in page and "paused for 15 minutes" in page
    # The lock is on this name from this address: someone else, or elsewhere, signs in.
    assert Browser(REMOTE_ADDR="198.51.100.7").sign_in("sam@example.org").status_code == 303


def test_the_lock_ends_after_the_cool_off() -> None:
    import datetime as dt

    from axes.models import AccessAttempt
    from django.utils import timezone

    member(start(), "sam@example.org")
    _fail("sam@example.org", LIMIT)
    assert Browser().sign_in("sam@example.org").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=16))  # noqa: TID251 (axes' time)
    assert Browser().sign_in("sam@example.org").status_code == 303


def test_behind_the_proxy_the_address_it_saw_is_counted() -> None:
    from django.test import override_settings

    member(start(), "sam@example.org")
    with override_settings(FOLLOWTHROUGH_BEHIND_PROXY=True):
        _fail("sam@example.org", LIMIT, HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.9")
        assert Browser().sign_in("sam@example.org", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
        # The proxy's own address (REMOTE_ADDR) is everyone's: it is not what is locked.
        assert Browser().sign_in("sam@example.org", HTTP_X_FORWARDED_FOR="203.0.113.10").status_code == 303


def _sign_in_elsewhere(location: str, static: str, barrier: Barrier, jobs: mp.Queue, results: mp.Queue) -> None:  # type: ignore[type-arg]
    """A server process started after the failures (another worker, or after a restart)."""
    second_server(location, static)
    from django.test import Client

    while (email := jobs.get()) is not None:
        answer = Client(HTTP_HOST=HOST).post("/login", {"username": email, "password": PASSWORD})
        results.put(answer.status_code)


def test_the_lock_holds_in_a_new_server_process(server: str, static_root: Path) -> None:
    member(start(), "sam@example.org")
    _fail("sam@example.org", LIMIT)
    with racing(_sign_in_elsewhere, server, str(static_root), processes=1, server_mode=True) as elsewhere:
        status = elsewhere.give(0, "sam@example.org")
    assert status == 429
