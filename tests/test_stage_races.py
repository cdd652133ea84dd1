"""Two moves of one card at once (two tabs, a drag and a click, the web and the CLI):
real processes released together by a barrier, many rounds, on each database. Both
moves start from the stage the page showed: exactly one lands, the other is told the
card moved meanwhile and changes nothing, and the stage is the one that landed."""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.synchronize import Barrier

import pytest

from tests.conftest import Cli

ROUNDS = 10


def _worker(location: str, barrier: Barrier, jobs: mp.Queue, results: mp.Queue) -> None:  # type: ignore[type-arg]
    """A second front end: its own process, its own connection."""
    from followthrough import settings

    settings.configure(location)
    from followthrough.services.owners import act_locally_from_now_on

    act_locally_from_now_on()  # as every front end does: the local owner's job search
    from followthrough.services.errors import UserError
    from followthrough.services.stages import move_to_stage

    while (job := jobs.get()) is not None:
        slug, stage, expected = job
        barrier.wait(timeout=60)
        try:
            moved = move_to_stage(slug, stage, expected)
            results.put(("moved", moved.after))
        except UserError as error:
            results.put(("refused", str(error)))
        except Exception as error:  # a race the service did not turn into a one-line refusal
            results.put(("crashed", repr(error)))


@dataclass
class Racers:
    jobs: list[mp.Queue]  # type: ignore[type-arg]
    results: mp.Queue  # type: ignore[type-arg]

    def race(self, slug: str, stages: tuple[str, str], expected: str) -> list[tuple[str, str]]:
        for queue, stage in zip(self.jobs, stages, strict=True):
            queue.put((slug, stage, expected))
        return sorted(self.results.get(timeout=120) for _ in self.jobs)


@pytest.fixture
def racers(ft: Cli) -> Iterator[Racers]:
    context = mp.get_context("spawn")
    barrier, results = context.Barrier(2), context.Queue()
    jobs = [context.Queue(), context.Queue()]
    workers = [context.Process(target=_worker, args=(ft.location, barrier, q, results)) for q in jobs]
    for worker in workers:
        worker.start()
    yield Racers(jobs, results)
    for queue in jobs:
        queue.put(None)
    for worker in workers:
        worker.join(timeout=60)


@pytest.mark.parametrize("stages", [("applied", "screening"), ("screening", "screening")])
def test_of_two_moves_at_once_exactly_one_lands(ft: Cli, racers: Racers, stages: tuple[str, str]) -> None:
    from followthrough.store.models import Application

    for n in range(ROUNDS):
        slug = f"acme-{n}"
        ft("add", "Acme Corp", f"Analyst {n}", "--id", slug, "--stage", "saved")
        outcomes = racers.race(slug, stages, "saved")
        assert [o for o, _ in outcomes] == ["moved", "refused"], outcomes
        landed = next(stage for o, stage in outcomes if o == "moved")
        refusal = next(text for o, text in outcomes if o == "refused")
        assert f"was moved meanwhile: it is in “{landed}” now; nothing changed" in refusal
        assert Application.objects.get(slug=slug).stage == landed, f"round {n}"
