"""Two moves of one card at once (two tabs, a drag and a click, the web and the CLI):
real processes released together by a barrier, many rounds, on each database. Both
moves start from the stage the page showed: exactly one lands, the other is told the
card moved meanwhile and changes nothing, and the stage is the one that landed."""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Iterator
from multiprocessing.synchronize import Barrier

import pytest

from tests import racing as racing_harness
from tests.conftest import Cli
from tests.racing import racing, second_front_end, together

ROUNDS = 10


def _worker(location: str, barrier: Barrier, jobs: mp.Queue, results: mp.Queue) -> None:  # type: ignore[type-arg]
    """A second front end: its own process, its own connection."""
    second_front_end(location)  # its own process and connection, the local owner's job search
    from followthrough.services.errors import UserError
    from followthrough.services.jobsearch.stages import move_to_stage

    while (job := jobs.get()) is not None:
        slug, stage, expected = job
        together(barrier)
        try:
            moved = move_to_stage(slug, stage, expected)
            results.put(("moved", moved.after))
        except UserError as error:
            results.put(("refused", str(error)))
        except Exception as error:  # a race the service did not turn into a one-line refusal
            results.put(("crashed", repr(error)))


class Racers(racing_harness.Racers):
    def race(self, slug: str, stages: tuple[str, str], expected: str) -> list[tuple[str, str]]:
        return self.run(*[(slug, stage, expected) for stage in stages])


@pytest.fixture
def racers(ft: Cli) -> Iterator[Racers]:
    with racing(_worker, ft.location) as started:
        yield Racers(started.barrier, started.jobs, started.results)


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
