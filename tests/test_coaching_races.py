"""A revocation and a coach's look at the same moment, in real processes on each
database: once the revocation has committed, no look at the seeker succeeds. A look
already under way finishes first (and is in the seeker's access log); the revocation
waits for it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.coaching_support import TODAY, Centre, make_centre, quick_passwords
from tests.racing import BARRIER_TIMEOUT, SPAWN, Racers, racing, together

ROUNDS = 10


def _worker(location: str, revoking: Any, look_ending: Any, barrier: Any, jobs: Any, results: Any) -> None:
    """A second server process: its own connection, the services as the web calls them.
    Each report is (what, how it went, whether a long look had ended when it went)."""
    from followthrough import settings

    settings.configure(location)
    from followthrough.services.coaching import consent
    from followthrough.services.coaching import looks as coaching
    from followthrough.services.coaching.consent import NotAllowed
    from followthrough.store.models import User

    while (job := jobs.get()) is not None:
        what, coach_id, seeker_id, at_once = job
        coach, seeker = User.objects.get(pk=coach_id), User.objects.get(pk=seeker_id)
        if at_once:
            together(barrier)
        try:
            if what == "look":
                coaching.seeker_page(coach, seeker_id, TODAY)
            elif what == "caseload":  # the caseload of the day, its page kept (services.pages.kept_pages)
                shown = [s.seeker for s in coaching.caseload_page(coach).summaries]
                results.put((what, "shown" if seeker_id in shown else "hidden", None))
                continue
            elif what == "hold":  # a look that lasts while the revocation tries to commit
                with consent.looking(coach, [seeker_id], "a long look") as allowed:
                    results.put(("holding", str(allowed), None))
                    revoking.wait(timeout=BARRIER_TIMEOUT)
                    time.sleep(1)  # the look goes on after the revocation began: what is under test
                    look_ending.set()  # its work done; it commits as the block ends
            else:
                revoking.set()
                consent.revoke(seeker, coach_id)
            results.put((what, "ok", look_ending.is_set()))
        except NotAllowed:
            results.put((what, "refused", look_ending.is_set()))
        except Exception as error:  # a race the services did not turn into a refusal
            results.put((what, repr(error), look_ending.is_set()))


@pytest.fixture
def centre(db: str) -> Iterator[Centre]:
    with quick_passwords():
        yield make_centre(with_searches=False)


@pytest.fixture
def running_clock(pin_clock: Any) -> None:
    """The suite's instant, but running, here and in the racers started after it, in step:
    a look and a revocation are told apart by their stamps (the look logged before the
    revocation's), which a clock standing still would give both the same."""
    from tests.conftest import SUITE_NOW

    pin_clock(SUITE_NOW, running=True)


@pytest.fixture
def racers(db: str, centre: Centre, running_clock: None) -> Iterator[Racers]:
    with racing(_worker, db, SPAWN.Event(), SPAWN.Event()) as started:
        yield started


def _link(centre: Centre) -> Any:
    from followthrough.store.models import CoachLink

    return CoachLink.objects.get(seeker=centre.sam, coach=centre.cleo)


def _look_racing_a_revocation(
    centre: Centre, racers: Racers, look: str, first: str | None = None
) -> tuple[dict[str, str], list[Any]]:
    """Cleo's ``look`` at Sam and Sam's revocation in the two processes, over an empty
    access log: released together, or (``first``) the one named first, then the other.
    Each one's outcome, and the times of the looks then in Sam's log."""
    from followthrough.store.models import AccessLogEntry

    AccessLogEntry.objects.all().delete()
    look_job, revoke_job = (look, centre.cleo.pk, centre.sam.pk), ("revoke", centre.cleo.pk, centre.sam.pk)
    if first is None:
        reports = racers.run((*look_job, True), (*revoke_job, True))
    elif first == "revoke":
        reports = [racers.give(1, (*revoke_job, False)), racers.give(0, (*look_job, False))]
    else:
        reports = [racers.give(0, (*look_job, False)), racers.give(1, (*revoke_job, False))]
    outcome = {what: result for what, result, _ in reports}
    return outcome, list(AccessLogEntry.objects.filter(seeker=centre.sam).values_list("at", flat=True))


def test_a_revocation_waits_for_a_look_under_way_and_no_look_follows_it(centre: Centre, racers: Racers) -> None:
    from followthrough.services.coaching import consent
    from followthrough.services.coaching import looks as coaching
    from followthrough.services.coaching.consent import NotAllowed

    assert racers.give(0, ("hold", centre.cleo.pk, centre.sam.pk, False)) == ("holding", f"[{centre.sam.pk}]", None)
    racers.jobs[1].put(("revoke", centre.cleo.pk, centre.sam.pk, False))  # while the look is under way
    done = sorted([racers.report(), racers.report()])
    assert done == [("hold", "ok", True), ("revoke", "ok", True)], "the revocation committed during the look"
    assert [line.page for line in consent.access_log(centre.sam)] == ["a long look"]
    with pytest.raises(NotAllowed):
        coaching.seeker_page(centre.cleo, centre.sam.pk, TODAY)


# The rounds: the look first, then the revocation first (so both outcomes are checked, each
# at least once), then released together (which one wins is the scheduler's choice).
ORDERS = ["look", "revoke", *[None] * ROUNDS]


def test_of_a_revocation_and_a_look_at_once_the_look_never_comes_after(centre: Centre, racers: Racers) -> None:
    from followthrough.services.coaching import consent

    seen = set()
    for n, first in enumerate(ORDERS):
        if n:
            consent.invite(centre.sam, centre.cleo.pk)
        outcome, looks = _look_racing_a_revocation(centre, racers, "look", first)
        assert outcome["revoke"] == "ok" and outcome["look"] in ("ok", "refused"), outcome
        seen.add(outcome["look"])
        revoked_at = _link(centre).revoked_at
        if outcome["look"] == "ok":  # it held the consent before the revocation took it away
            assert looks and looks[0] < revoked_at, f"round {n}: a look logged after the revocation"
        else:
            assert looks == [], f"round {n}: a refused look is in the log"
    assert seen == {"ok", "refused"}  # a look before the revocation succeeds, one after it is refused


def test_of_a_revocation_and_a_kept_caseload_at_once_the_caseload_never_shows_after(
    centre: Centre, racers: Racers
) -> None:
    """The caseload's page is kept while nothing changes, but every look is checked and
    logged at the moment it is made: a look that shows the seeker is logged before the
    revocation committed; a look that comes after it does not show them."""
    from followthrough.services.coaching import consent

    seen = set()
    for n, first in enumerate(["caseload" if f == "look" else f for f in ORDERS]):
        if n:
            consent.invite(centre.sam, centre.cleo.pk)
        drawn = racers.give(0, ("caseload", centre.cleo.pk, centre.sam.pk, False))  # drawn and kept there
        assert drawn[:2] == ("caseload", "shown")
        outcome, looks = _look_racing_a_revocation(centre, racers, "caseload", first)
        assert outcome["revoke"] == "ok" and outcome["caseload"] in ("shown", "hidden"), outcome
        seen.add(outcome["caseload"])
        if outcome["caseload"] == "shown":
            assert looks and looks[0] < _link(centre).revoked_at, f"round {n}: shown after the revocation"
        else:
            assert looks == [], f"round {n}: a look that did not show the seeker is in their log"
        after = racers.give(0, ("caseload", centre.cleo.pk, centre.sam.pk, False))  # and from then on, never
        assert after[:2] == ("caseload", "hidden"), f"round {n}"
    assert seen == {"shown", "hidden"}  # shown before the revocation, hidden after it
