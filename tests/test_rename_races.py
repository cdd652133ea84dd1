"""A rename from the web's edit page racing another save (a second tab, the CLI): real
processes released together by a barrier, many rounds, on each database. A rename and an
edit of the same application: both land (the later save wins whole), or the edit is told
the application is not found, never a crash and never a half-renamed application. Two applications renamed to
the same id at once: exactly one gets it, the other is refused and keeps its own."""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Iterator
from multiprocessing.synchronize import Barrier

import pytest

from tests import racing as racing_harness
from tests.conftest import Cli, use_database
from tests.racing import racing, second_front_end, together

ROUNDS = 6


def _worker(location: str, barrier: Barrier, jobs: mp.Queue, results: mp.Queue) -> None:  # type: ignore[type-arg]
    second_front_end(location)  # its own process and connection, the local owner's job search
    from followthrough.services.errors import UserError
    from followthrough.services.jobsearch.application_edit import edit_details

    while (job := jobs.get()) is not None:
        slug, company, new_id = job
        together(barrier)
        try:
            now_id, _domains = edit_details(slug, company, "Analyst", None, new_id=new_id)
            results.put(("saved", now_id))
        except UserError as error:
            results.put(("refused", str(error)))
        except Exception as error:  # a race the service did not turn into a refusal
            results.put(("crashed", repr(error)))


class Racers(racing_harness.Racers):
    def race(self, *jobs: tuple[str, str, str | None]) -> list[tuple[str, str]]:
        return self.run(*jobs)


@pytest.fixture
def racers(ft: Cli) -> Iterator[Racers]:
    with racing(_worker, ft.location) as started:
        yield Racers(started.barrier, started.jobs, started.results)


def _rows(ft: Cli) -> dict[str, str]:
    use_database(ft.location)
    from django.db import connections

    for connection in connections.all():
        connection.close()
    from followthrough.store.models import Application

    return dict(Application.objects.values_list("slug", "company"))


def test_a_rename_racing_an_edit_of_the_same_application(ft: Cli, racers: Racers) -> None:
    for n in range(ROUNDS):
        slug, renamed = f"acme-{n}", f"acme-renamed-{n}"
        ft("add", "Acme Corp", "Analyst", "--id", slug, "--anyway")  # a round of its own, the same job
        outcomes = racers.race((slug, "Acme Corp", renamed), (slug, f"Acme Edited {n}", None))
        assert all(o != "crashed" for o, _ in outcomes), outcomes
        assert ("saved", renamed) in outcomes, outcomes
        rows = _rows(ft)
        assert slug not in rows and renamed in rows, rows
        edit = next(o for o in outcomes if o[1] != renamed)
        if edit[0] == "saved":  # it landed first; the rename's form, saved after it, wins whole
            assert rows[renamed] == "Acme Corp", (outcomes, rows)
        else:  # renamed first: the edit found no such application and changed nothing
            assert f"no application {slug!r}" in edit[1].lower() or slug in edit[1], outcomes
            assert rows[renamed] == "Acme Corp", (outcomes, rows)
        ft("plan", renamed)  # its plan is there under the new id


def test_two_applications_renamed_to_one_id_at_once_exactly_one_gets_it(ft: Cli, racers: Racers) -> None:
    for n in range(ROUNDS):
        first, second, wanted = f"a-{n}", f"b-{n}", f"wanted-{n}"
        ft("add", "Acme Corp", "Analyst", "--id", first, "--anyway")  # each round the same two jobs
        ft("add", "Beta Labs", "Analyst", "--id", second, "--anyway")
        outcomes = racers.race((first, "Acme Corp", wanted), (second, "Beta Labs", wanted))
        assert [o for o, _ in outcomes] == ["refused", "saved"], outcomes
        assert "another application has that id" in outcomes[0][1], outcomes
        rows = _rows(ft)
        assert wanted in rows and (first in rows) != (second in rows), rows
        assert rows[first if first in rows else second] != rows[wanted]  # the refused one kept its own id
