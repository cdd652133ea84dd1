"""A revocation and a coach's look at the same moment, in real processes on each
database: once the revocation has committed, no look at the seeker succeeds. A look
already under way finishes first (and is in the seeker's access log); the revocation
waits for it."""

from __future__ import annotations

import multiprocessing as mp
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.coaching_support import TODAY, Centre, make_centre, quick_passwords
from tests.conftest import SUITE_NOW

ROUNDS = 10


def _worker(location: str, barrier: Any, jobs: Any, results: Any) -> None:
    """A second server process: its own connection, the services as the web calls them."""
    from followthrough import settings

    settings.configure(location)
    from followthrough.services.coaching import consent
    from followthrough.services.coaching import looks as coaching
    from followthrough.services.coaching.consent import NotAllowed
    from followthrough.store.models import User

    while (job := jobs.get()) is not None:
        what, coach_id, seeker_id, together = job
        coach, seeker = User.objects.get(pk=coach_id), User.objects.get(pk=seeker_id)
        if together:
            barrier.wait(timeout=60)
        try:
            if what == "look":
                coaching.seeker_page(coach, seeker_id, TODAY)
            elif what == "caseload":  # the caseload of the day, its page kept (services.kept_pages)
                shown = [s.seeker for s in coaching.caseload_page(coach).summaries]
                results.put((what, "shown" if seeker_id in shown else "hidden", time.monotonic()))
                continue
            elif what == "hold":  # a look that lasts: it holds the consent for 1.5 s
                with consent.looking(coach, [seeker_id], "a long look") as allowed:
                    results.put(("holding", str(allowed)))
                    time.sleep(1.5)
            else:
                consent.revoke(seeker, coach_id)
            results.put((what, "ok", time.monotonic()))
        except NotAllowed:
            results.put((what, "refused", time.monotonic()))
        except Exception as error:  # a race the services did not turn into a refusal
            results.put((what, repr(error), time.monotonic()))


@pytest.fixture
def centre(db: str) -> Iterator[Centre]:
    with quick_passwords():
        yield make_centre(with_searches=False)


@pytest.fixture
def racers(db: str, centre: Centre, pin_clock: Any) -> Iterator[tuple[Any, list[Any], Any]]:
    # Which came first is told by the instants written: the racers' clock runs, in step.
    pin_clock(SUITE_NOW, running=True)
    context = mp.get_context("spawn")
    barrier, results = context.Barrier(2), context.Queue()
    jobs = [context.Queue(), context.Queue()]
    workers = [context.Process(target=_worker, args=(db, barrier, q, results)) for q in jobs]
    for worker in workers:
        worker.start()
    yield barrier, jobs, results
    for queue in jobs:
        queue.put(None)
    for worker in workers:
        worker.join(timeout=60)


def _link(centre: Centre) -> Any:
    from followthrough.store.models import CoachLink

    return CoachLink.objects.get(seeker=centre.sam, coach=centre.cleo)


def _look_racing_a_revocation(centre: Centre, jobs: Any, results: Any, look: str) -> tuple[dict[str, str], list[Any]]:
    """Cleo's ``look`` at Sam and Sam's revocation, released together in the two
    processes, over an empty access log: each one's outcome, and the times of the looks
    then in Sam's log."""
    from followthrough.store.models import AccessLogEntry

    AccessLogEntry.objects.all().delete()
    jobs[0].put((look, centre.cleo.pk, centre.sam.pk, True))
    jobs[1].put(("revoke", centre.cleo.pk, centre.sam.pk, True))
    outcome = dict((what, result) for what, result, _ in (results.get(timeout=60), results.get(timeout=60)))
    return outcome, list(AccessLogEntry.objects.filter(seeker=centre.sam).values_list("at", flat=True))


def test_a_revocation_waits_for_a_look_under_way_and_no_look_follows_it(centre: Centre, racers: Any) -> None:
    from followthrough.services.coaching import consent
    from followthrough.services.coaching import looks as coaching
    from followthrough.services.coaching.consent import NotAllowed

    _barrier, jobs, results = racers
    jobs[0].put(("hold", centre.cleo.pk, centre.sam.pk, False))
    assert results.get(timeout=60) == ("holding", f"[{centre.sam.pk}]")
    jobs[1].put(("revoke", centre.cleo.pk, centre.sam.pk, False))  # while the look is under way
    done = sorted([results.get(timeout=60), results.get(timeout=60)])
    (hold, hold_result, held_until), (revoke, revoke_result, revoked_at) = done
    assert (hold, hold_result, revoke, revoke_result) == ("hold", "ok", "revoke", "ok")
    assert revoked_at >= held_until - 0.05, "the revocation committed while the look was still under way"
    assert [line.page for line in consent.access_log(centre.sam)] == ["a long look"]
    with pytest.raises(NotAllowed):
        coaching.seeker_page(centre.cleo, centre.sam.pk, TODAY)


def test_of_a_revocation_and_a_look_at_once_the_look_never_comes_after(centre: Centre, racers: Any) -> None:
    from followthrough.services.coaching import consent

    _barrier, jobs, results = racers
    seen = set()
    for n in range(ROUNDS):
        if n:
            consent.invite(centre.sam, centre.cleo.pk)
        outcome, looks = _look_racing_a_revocation(centre, jobs, results, "look")
        assert outcome["revoke"] == "ok" and outcome["look"] in ("ok", "refused"), outcome
        seen.add(outcome["look"])
        revoked_at = _link(centre).revoked_at
        if outcome["look"] == "ok":  # it held the consent before the revocation took it away
            assert looks and looks[0] < revoked_at, f"round {n}: a look logged after the revocation"
        else:
            assert looks == [], f"round {n}: a refused look is in the log"
    assert seen  # at least one kind of outcome (which one wins is the scheduler's choice)


def test_of_a_revocation_and_a_kept_caseload_at_once_the_caseload_never_shows_after(
    centre: Centre, racers: Any
) -> None:
    """The caseload's page is kept while nothing changes, but every look is checked and
    logged at the moment it is made: a look that shows the seeker is logged before the
    revocation committed; a look that comes after it does not show them."""
    from followthrough.services.coaching import consent

    _barrier, jobs, results = racers
    seen = set()
    for n in range(ROUNDS):
        if n:
            consent.invite(centre.sam, centre.cleo.pk)
        jobs[0].put(("caseload", centre.cleo.pk, centre.sam.pk, False))  # drawn and kept in that process
        assert results.get(timeout=60)[:2] == ("caseload", "shown")
        outcome, looks = _look_racing_a_revocation(centre, jobs, results, "caseload")
        assert outcome["revoke"] == "ok" and outcome["caseload"] in ("shown", "hidden"), outcome
        seen.add(outcome["caseload"])
        if outcome["caseload"] == "shown":
            assert looks and looks[0] < _link(centre).revoked_at, f"round {n}: shown after the revocation"
        else:
            assert looks == [], f"round {n}: a look that did not show the seeker is in their log"
        jobs[0].put(("caseload", centre.cleo.pk, centre.sam.pk, False))  # and from then on, never
        assert results.get(timeout=60)[:2] == ("caseload", "hidden"), f"round {n}"
    assert seen
