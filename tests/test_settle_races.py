"""Two settles of one step at once (two tabs, a double click, the web and the CLI): real
processes, released together by a barrier, many rounds, on each database. Exactly one
lands; the other is told "already done on …" and records nothing."""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Iterator
from multiprocessing.synchronize import Barrier

import pytest

from tests import racing as racing_harness
from tests.conftest import Cli
from tests.racing import racing, second_front_end, together

ROUNDS = 12


def _worker(location: str, barrier: Barrier, jobs: mp.Queue, results: mp.Queue) -> None:  # type: ignore[type-arg]
    """A second front end: its own process, its own connection."""
    second_front_end(location)  # its own process and connection, the local owner's job search
    from followthrough.core.model import StepStatus
    from followthrough.services.errors import UserError
    from followthrough.services.jobsearch.steps import settle_step

    while (job := jobs.get()) is not None:
        step_id, status = job
        together(barrier)
        try:
            settle_step(step_id, StepStatus(status))
            results.put(("settled", ""))
        except UserError as error:
            results.put(("refused", str(error)))
        except Exception as error:  # a race the service did not turn into a one-line refusal
            results.put(("crashed", repr(error)))


class Racers(racing_harness.Racers):
    def race(self, step_id: str, status: str) -> list[tuple[str, str]]:
        return self.run(*[(step_id, status)] * len(self.jobs))


@pytest.fixture
def racers(ft: Cli) -> Iterator[Racers]:
    with racing(_worker, ft.location) as started:
        yield Racers(started.barrier, started.jobs, started.results)


def _pending_call(ft: Cli, n: int) -> str:
    import json

    slug = f"acme-{n}"
    ft("add", "Acme Corp", f"Analyst {n}", "--id", slug)
    ft.contact(slug, "Ann Lee", "hiring_officer", key="ann")
    ft("interview", slug, "--on", "2026-11-03", "--with", "ann")
    steps = json.loads(ft("plan", slug, "--json").stdout)["steps"]
    return next(s["id"] for s in steps if s["kind"] == "call_hiring_officer")


@pytest.mark.parametrize("status", ["done", "skipped"])
def test_of_two_settles_at_once_exactly_one_lands(ft: Cli, racers: Racers, status: str) -> None:
    import json

    from followthrough.store.models import Event

    for n in range(ROUNDS):
        step = _pending_call(ft, n)
        outcomes = racers.race(step, status)
        assert [o for o, _ in outcomes] == ["refused", "settled"], outcomes
        assert f"already {status} on" in outcomes[0][1]
        recorded = Event.objects.filter(application__slug=f"acme-{n}", type=f"step_{status}")
        assert recorded.count() == 1, f"round {n}: the step was settled {recorded.count()} times"
        calls = [s for s in json.loads(ft("plan", f"acme-{n}", "--json").stdout)["steps"] if s["id"] == step]
        assert calls[0]["status"] == status
