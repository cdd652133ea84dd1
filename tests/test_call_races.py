"""Two calls beyond the plan recorded at once from the application's page (two tabs, two
browsers): real processes, each posting the web form through its own connection, released
together by a barrier, round after round. Both land, neither is lost or recorded twice,
and the planned steps stay as they were."""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Iterator
from multiprocessing.synchronize import Barrier

import pytest

from tests import racing as racing_harness
from tests.conftest import Cli
from tests.racing import racing, second_front_end, together

ROUNDS = 6
TOKEN = "launch-secret-for-the-racers"


def _worker(location: str, barrier: Barrier, jobs: mp.Queue, results: mp.Queue) -> None:  # type: ignore[type-arg]
    """A second browser: its own process, its own connection, signed in by the launch link."""
    second_front_end(location)
    from django.conf import settings
    from django.test import Client

    settings.FOLLOWTHROUGH_TOKEN = TOKEN
    browser = Client(HTTP_HOST="127.0.0.1")
    assert browser.get(f"/?token={TOKEN}").status_code == 302
    while (job := jobs.get()) is not None:
        slug, note = job
        form = {"contact": "gus", "on": "2026-11-18", "outcome": "reached", "note": note}
        together(barrier)
        try:
            answer = browser.post(f"/applications/{slug}/calls", form)
            results.put((answer.status_code, note))
        except Exception as error:  # a race the view did not turn into an answer
            results.put((500, repr(error)))


class Racers(racing_harness.Racers):
    def race(self, slug: str) -> list[tuple[int, str]]:
        return self.run((slug, "first tab"), (slug, "second tab"))


@pytest.fixture
def racers(ft: Cli) -> Iterator[Racers]:
    with racing(_worker, ft.location) as started:
        yield Racers(started.barrier, started.jobs, started.results)


def test_two_calls_at_once_both_land_once(ft: Cli, racers: Racers) -> None:
    import json

    for n in range(ROUNDS):
        slug = f"globex-{n}"
        ft("add", "Globex", f"PM {n}", "--id", slug)
        ft("contact", "add", slug, "--name", "Fay Grant", "--role", "hiring_officer", "--key", "fay")
        ft("contact", "add", slug, "--name", "Gus Hale", "--role", "interviewer", "--key", "gus")
        ft("interview", slug, "--on", "2026-11-10", "--with", "fay", "--with", "gus")
        before = json.loads(ft("plan", slug, "--json").stdout)["steps"]
        assert racers.race(slug) == [(303, "first tab"), (303, "second tab")], f"round {n}"
        events = json.loads(ft("events", slug, "--json").stdout)["events"]
        calls = sorted(e["note"] for e in events if e["type"] == "step_done" and e.get("contact") == "gus")
        assert calls == ["first tab", "second tab"], f"round {n}: {events}"
        after = json.loads(ft("plan", slug, "--json").stdout)["steps"]
        assert [s for s in after if s["status"] == "pending"] == [s for s in before if s["status"] == "pending"]
