"""The one harness of the race tests: real processes (spawned, each with its own
connection), released together by a barrier, round after round.

Python racers: a worker is ``worker(*shared, *its_own, barrier, jobs, results)``: it sets itself up once,
then takes jobs from its queue until ``None``, meets the other racers with
:func:`together` and puts what happened on ``results``. The waits are generous (a loaded
machine may take many seconds to start a process or to run a round) and nothing is
measured by the clock: a race test checks what happened, never how soon.

Command racers: :func:`commands_at_once` starts `followthrough` processes that load
first, then wait at a pipe barrier, and releases them together.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.context import SpawnContext
from multiprocessing.synchronize import Barrier
from subprocess import PIPE, Popen
from typing import Any

BARRIER_TIMEOUT = 300.0  # seconds a racer waits for the others (they may still be starting)
REPORT_TIMEOUT = 600.0  # seconds the test waits for a racer's report

SPAWN: SpawnContext = mp.get_context("spawn")
RACER_MODE = "FOLLOWTHROUGH_TEST_RACER"  # read by tests/__init__.py in a spawned racer


def together(barrier: Barrier) -> int:
    """Wait for the other racers, then go at once; this racer's number at the barrier
    (0 to processes - 1, a different one each, in no set order)."""
    return barrier.wait(timeout=BARRIER_TIMEOUT)


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
        return sorted(self.report() for _ in jobs)

    def give(self, racer: int, job: object) -> Any:
        """One job to one process (no barrier to meet with it), and its report."""
        self.jobs[racer].put(job)
        return self.report()

    def report(self) -> Any:
        """The next report any process puts on ``results``."""
        return self.results.get(timeout=REPORT_TIMEOUT)


Worker = Callable[..., None]


@contextmanager
def racing(
    worker: Worker,
    *shared: Any,
    processes: int = 2,
    each: Sequence[tuple[Any, ...]] | None = None,
    server_mode: bool = False,
) -> Iterator[Racers]:
    """``processes`` copies of ``worker(*shared, *each[n], barrier, jobs, results)`` running
    until the block ends (``each`` gives every process arguments of its own). ``server_mode``:
    the racers are career-centre server processes (tests.server.support.second_server), so
    the tests package leaves Django for them to set up in server mode."""
    from django.db import connections

    own = list(each) if each is not None else [()] * processes
    connections.close_all()  # the racers open their own; none of this process's is held meanwhile
    barrier, results = SPAWN.Barrier(len(own)), SPAWN.Queue()
    jobs = [SPAWN.Queue() for _ in own]
    workers = [
        SPAWN.Process(target=worker, args=(*shared, *mine, barrier, queue, results))
        for mine, queue in zip(own, jobs, strict=True)
    ]
    os.environ[RACER_MODE] = "server" if server_mode else "local"
    try:
        for process in workers:
            process.start()
    finally:
        del os.environ[RACER_MODE]
    try:
        yield Racers(barrier, jobs, results)
    finally:
        for queue in jobs:
            queue.put(None)
        for process in workers:
            process.join(timeout=REPORT_TIMEOUT)
            if process.is_alive():  # stuck: do not leave it behind the test run
                process.kill()


# A `followthrough` command that loads what it needs, says it is ready (a byte on one
# pipe), then waits until the test closes the other pipe: every racer goes at once.
AT_THE_START_LINE = """
import os, sys
import click
from followthrough import settings
from followthrough.cli import entry, main
# The slow part, before the start: Django set up as the command line does before it loads
# the command's module (on the --db the command names), and that module loaded.
settings.configure(sys.argv[sys.argv.index("--db") + 1], provisional=True)
main.cli.get_command(click.Context(main.cli), sys.argv[sys.argv.index("--db") + 2])
ready, start = int(sys.argv[1]), int(sys.argv[2])
os.write(ready, b"r")
os.close(ready)
os.read(start, 1)  # blocks until the starter closes its end: everybody goes together
sys.argv = ["followthrough", *sys.argv[3:]]
entry.main()
"""


def commands_at_once(commands: Sequence[Sequence[str]], env: dict[str, str] | None = None) -> list[Popen[str]]:
    """One `followthrough` process for each argument list in ``commands``, each loaded and
    waiting at a pipe barrier, released together once all are ready (their output piped)."""
    ready_r, ready_w = os.pipe()
    start_r, start_w = os.pipe()
    started: list[Popen[str]] = []
    try:
        for arguments in commands:
            command = [sys.executable, "-c", AT_THE_START_LINE, str(ready_w), str(start_r), *arguments]
            fds = (ready_w, start_r)
            started.append(Popen(command, env=env, stdout=PIPE, stderr=PIPE, text=True, pass_fds=fds))
        os.close(ready_w)
        ready_w = -1
        arrived = b""
        while len(arrived) < len(commands):
            chunk = os.read(ready_r, len(commands))
            assert chunk, f"a racer died before the start: {[r.poll() for r in started]}"
            arrived += chunk
    finally:
        os.close(start_w)  # the start: every racer's read returns at once
        for fd in (ready_r, ready_w, start_r):
            if fd >= 0:
                os.close(fd)
    return started
