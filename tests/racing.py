"""Two front ends at once, for the race tests: real processes (spawned, each with its own
connection), released together by a barrier, round after round."""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.synchronize import Barrier
from typing import Any


def second_front_end(location: str) -> None:
    """Set a spawned process up as every front end is: its own connection to the job
    search at ``location``, acting for the local owner."""
    from followthrough import settings

    settings.configure(location)
    from followthrough.services.owners import act_locally_from_now_on

    act_locally_from_now_on()


@dataclass
class Racers:
    barrier: Barrier
    jobs: list[Any]  # one queue per process: put a job, or None to stop it
    results: Any  # what each process reports back, one item per job

    def run(self, *jobs: object) -> list[Any]:
        """Give each process its job (they wait for each other at the barrier); their
        reports, sorted."""
        for queue, job in zip(self.jobs, jobs, strict=True):
            queue.put(job)
        return sorted(self.results.get(timeout=120) for _ in self.jobs)


Worker = Callable[[str, Barrier, Any, Any], None]


@contextmanager
def racing(worker: Worker, location: str, processes: int = 2) -> Iterator[Racers]:
    """``processes`` copies of ``worker(location, barrier, jobs, results)`` running until
    the block ends."""
    context = mp.get_context("spawn")
    barrier, results = context.Barrier(processes), context.Queue()
    jobs = [context.Queue() for _ in range(processes)]
    workers = [context.Process(target=worker, args=(location, barrier, q, results)) for q in jobs]
    for process in workers:
        process.start()
    try:
        yield Racers(barrier, jobs, results)
    finally:
        for queue in jobs:
            queue.put(None)
        for process in workers:
            process.join(timeout=60)
