"""Two restores of one journal entry at once (two tabs on the Journal page, an Undo and a
Restore): real processes released together by a barrier, many rounds, on each database.
Exactly one puts it back; the other is told plainly that it was restored already and
changes nothing, so the event or the person is there once."""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Iterator
from multiprocessing.synchronize import Barrier

import pytest

from tests import racing as racing_harness
from tests.conftest import Cli
from tests.racing import racing, second_front_end, together

ROUNDS = 6


def _worker(location: str, barrier: Barrier, jobs: mp.Queue, results: mp.Queue) -> None:  # type: ignore[type-arg]
    """A second front end: its own process, its own connection."""
    second_front_end(location)
    from followthrough.services.corrections import restore
    from followthrough.services.errors import UserError

    while (job := jobs.get()) is not None:
        entry, fingerprint = job
        together(barrier)
        try:
            restored = restore(entry, fingerprint)
            results.put(("restored", restored.application))
        except UserError as error:
            results.put(("refused", str(error)))
        except Exception as error:  # a race the service did not turn into a one-line refusal
            results.put(("crashed", repr(error)))


class Racers(racing_harness.Racers):
    def race(self, entry: int, fingerprint: str) -> list[tuple[str, str]]:
        return self.run((entry, fingerprint), (entry, fingerprint))


@pytest.fixture
def racers(ft: Cli) -> Iterator[Racers]:
    with racing(_worker, ft.location) as started:
        yield Racers(started.barrier, started.jobs, started.results)


def _latest_entry() -> tuple[int, str]:
    from followthrough.services.corrections import entry_fingerprint, journal

    entry = journal()[-1]
    return entry.id, entry_fingerprint(entry)


@pytest.mark.parametrize("what", ["event", "contact"])
def test_of_two_restores_of_one_entry_exactly_one_puts_it_back(ft: Cli, racers: Racers, what: str) -> None:
    from followthrough.store.models import Contact, Event, JournalEntry

    for n in range(ROUNDS):
        slug = f"acme-{n}"
        ft("add", "Acme Corp", f"Analyst {n}", "--id", slug)
        ft("contact", "add", slug, "--name", "Ann Lee", "--role", "hiring_officer", "--key", "ann")
        ft("interview", slug, "--on", "2026-11-03", "--with", "ann")
        ft("interview", slug, "--on", "2026-11-10", "--with", "ann")
        if what == "event":
            ft("event", "remove", slug, "1")
        else:
            ft("contact", "add", slug, "--name", "Cy Diaz", "--role", "inside_contact", "--key", "cy")
            ft("contact", "remove", slug, "cy")
        entry, fingerprint = _latest_entry()
        outcomes = racers.race(entry, fingerprint)
        assert [o for o, _ in outcomes] == ["refused", "restored"], outcomes
        assert outcomes[0][1] == "that was restored already: nothing changed", outcomes
        if what == "event":
            days = [e.on.isoformat() for e in Event.objects.filter(application__slug=slug).order_by("position")]
            assert days == ["2026-11-03", "2026-11-10"], f"round {n}"
        else:
            assert Contact.objects.filter(application__slug=slug, key="cy").count() == 1, f"round {n}"
        assert JournalEntry.objects.get(id=entry).restored_at is not None
