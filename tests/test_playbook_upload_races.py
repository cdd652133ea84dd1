"""Two playbook uploads at once (two tabs of Settings › Playbooks): real processes released
together by a barrier, many rounds, on each database. Uploads take turns: two new files of
one name, and exactly one is added, the other told it exists and saves nothing; two
replacements, and the folder's file and the job search's copy are the same one, the
last to land."""

from __future__ import annotations

import json
import multiprocessing as mp
import os
from collections.abc import Iterator
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest

from tests import racing as racing_harness
from tests.conftest import Cli
from tests.racing import racing, second_front_end, together

ROUNDS = 6


def _worker(location: str, config: str, barrier: Barrier, jobs: mp.Queue, results: mp.Queue) -> None:  # type: ignore[type-arg]
    os.environ["XDG_CONFIG_HOME"] = config
    second_front_end(location)  # its own process and connection, the local owner's job search
    from followthrough.services.errors import UserError
    from followthrough.services.jobsearch.playbook_upload import upload_playbook

    while (job := jobs.get()) is not None:
        name, days, replace = job
        together(barrier)
        try:
            upload_playbook(f"{name}.toml", f"follow_up_every_days = {days}\n".encode(), replace=replace)
            results.put(("saved", days))
        except UserError as error:
            results.put(("refused", str(error)))
        except Exception as error:  # a race the service did not turn into a refusal
            results.put(("crashed", repr(error)))


class Racers(racing_harness.Racers):
    def race(self, *jobs: tuple[str, int, bool]) -> list[tuple[str, object]]:
        return self.run(*jobs)


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "config"


@pytest.fixture
def racers(ft: Cli, config: Path) -> Iterator[Racers]:
    ft("list")  # the job search exists before the racers open it
    with racing(_worker, ft.location, str(config)) as started:
        yield Racers(started.barrier, started.jobs, started.results)


def _stored(ft: Cli, name: str) -> int | None:
    """The job search's own copy of playbook ``name``, as an export carries it."""
    exported = json.loads(ft("export").stdout)
    values = exported.get("playbooks", {}).get(name)
    return None if values is None else int(values["follow_up_every_days"])


def test_two_new_uploads_of_one_name_at_once_exactly_one_is_added(ft: Cli, racers: Racers, config: Path) -> None:
    folder = config / "followthrough" / "playbooks"
    for n in range(ROUNDS):
        name = f"brisk-{n}"
        outcomes = racers.race((name, 3, False), (name, 4, False))
        assert [o for o, _ in outcomes] == ["refused", "saved"], outcomes
        assert f"playbook called '{name}' already" in str(outcomes[0][1]), outcomes
        kept = outcomes[1][1]
        assert (folder / f"{name}.toml").read_text() == f"follow_up_every_days = {kept}\n"
        assert _stored(ft, name) == kept
        assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []  # no half-written file left


def test_two_replacements_at_once_leave_the_folder_and_the_job_search_agreeing(
    ft: Cli, racers: Racers, config: Path
) -> None:
    folder = config / "followthrough" / "playbooks"
    for n in range(ROUNDS):
        name = f"calm-{n}"
        outcomes = racers.race((name, 5, True), (name, 6, True))
        assert outcomes == [("saved", 5), ("saved", 6)], outcomes
        in_file = int((folder / f"{name}.toml").read_text().split("=")[1])
        assert _stored(ft, name) == in_file, (outcomes, in_file)
