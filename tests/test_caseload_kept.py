"""A coach's caseload reads kept summaries (PostgreSQL) and is never behind the seeker:
any change, by any path, shows at the next look, and a count that raced a change is not
kept. On SQLite (no coaches there) every look counts afresh: the same answers."""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import threading
from multiprocessing.synchronize import Barrier
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.racing import racing, second_front_end, together
from tests.test_caseload_store import TODAY, _search, me

WAITING = "called Acme's hiring officer {} of 3 times since the promised date, 13 days ago"


def _look(day: dt.date = TODAY) -> Any:
    from followthrough.services.coaching.caseload import summaries

    (summary,) = summaries([me()], {me(): "Dee"}, day)
    return summary


def _counted(day: dt.date = TODAY) -> Any:
    from followthrough.services.coaching.caseload import counted

    (summary,) = counted([me()], {me(): "Dee"}, day)
    return summary


def _call(on: int) -> None:
    from followthrough.core.model import StepDone, StepKind
    from followthrough.services.jobsearch.applications import record_event

    record_event("acme", StepDone(dt.date(2026, 11, on), StepKind.CALL_HIRING_OFFICER, "ann"))


def _reasons(summary: Any) -> list[str]:
    return [r.words for r in summary.reasons]


def test_an_unchanged_search_is_read_not_counted_again(db: str) -> None:
    _search()
    first = _look()
    with CaptureQueriesContext(connection) as again:
        second = _look()
    assert second == first
    counting = [q["sql"] for q in again if "ft_step" in q["sql"] or "ft_application" in q["sql"]]
    if connection.vendor == "postgresql":  # the kept rank, then the kept summary: nothing counted
        assert len(again) == 2 and not counting
    else:
        assert len(again) == len(counting) == 3


def test_a_change_shows_at_the_next_look(db: str) -> None:
    _search()
    assert WAITING.format(0) in _reasons(_look())
    _call(18)
    assert WAITING.format(1) in _reasons(_look())
    assert _look() == _counted()


def test_a_change_made_in_bulk_sql_shows_too(db: str) -> None:
    """The database notes changes itself: a path that bypasses the services is seen."""
    _search()
    before = _look()
    assert before.late_thank_you_notes == 2
    with connection.cursor() as cursor:
        cursor.execute("UPDATE ft_step SET status = 'done' WHERE kind = 'thank_you_note'")
    after = _look()
    assert after.late_thank_you_notes == 0 and after == _counted()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM ft_step WHERE kind = 'call_inside_contact'")
    assert not any("inside contact" in w for w in _reasons(_look()))


def test_a_deleted_application_leaves_the_summary(db: str) -> None:
    from followthrough.store.models import Application

    _search()
    assert _look().stages.get("offer") == 1
    Application.objects.filter(slug="globex").delete()
    assert "offer" not in _look().stages


def test_the_next_day_is_counted_for_that_day(db: str) -> None:
    _search()
    _look()
    tomorrow = _look(TODAY + dt.timedelta(days=1))
    assert "2 thank-you notes to Acme, the first 28 days late" in _reasons(tomorrow)
    assert tomorrow == _counted(TODAY + dt.timedelta(days=1))


def test_a_count_that_a_change_overtook_is_not_kept(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The seeker's change commits after the coach's look read the old plan and before it
    kept the count: that count is shown once (it was true when read) and not kept."""
    from django.db import transaction

    from followthrough.services.coaching import caseload
    from followthrough.services.owners import acting_locally

    _search()
    go, done = threading.Event(), threading.Event()
    problems: list[BaseException] = []

    def seeker() -> None:
        try:
            with acting_locally(), transaction.atomic():
                _call(18)
                go.wait(30)  # holds the change until the coach has read the old plan
        except BaseException as error:  # reported to the test, not lost in the thread
            problems.append(error)
        finally:
            connection.close()
            done.set()

    original = caseload.counted

    def counted_then_change(*args: Any) -> Any:
        found = original(*args)  # the plan before the call
        go.set()
        assert done.wait(30)  # the change has committed
        return found

    thread = threading.Thread(target=seeker)
    thread.start()
    monkeypatch.setattr(caseload, "counted", counted_then_change)
    assert WAITING.format(0) in _reasons(_look())
    thread.join(30)
    monkeypatch.setattr(caseload, "counted", original)
    assert not problems
    assert WAITING.format(1) in _reasons(_look())


ROUNDS = 15


def _worker(location: str, barrier: Barrier, jobs: mp.Queue, results: mp.Queue) -> None:  # type: ignore[type-arg]
    second_front_end(location)
    while (job := jobs.get()) is not None:
        together(barrier)
        try:
            if job == "look":
                _look()
            else:
                from followthrough.core.model import Interview
                from followthrough.services.jobsearch.applications import record_event

                record_event(job, Interview(dt.date(2026, 11, 25)))
            results.put(("ok", job))
        except Exception as error:
            results.put(("crashed", repr(error)))


def test_looks_racing_changes_never_keep_a_stale_count(db: str) -> None:
    """A coach's look and the seeker's change released together, round after round: after
    each round the kept summary is exactly a fresh count."""
    from followthrough.services.jobsearch.applications import add_application

    _search()
    slugs = [add_application("Hooli", f"Analyst {n}", f"hooli-{n}") for n in range(ROUNDS)]
    with racing(_worker, db) as racers:
        for n, slug in enumerate(slugs):
            assert racers.run("look", slug) == sorted([("ok", "look"), ("ok", slug)])
            summary = _look()
            assert summary == _counted(), f"round {n}"
            assert summary.stages["interviewed"] == n + 2


def test_each_seeker_is_counted_for_their_own_date(db: str) -> None:
    """At noon UTC it is already tomorrow in Kiritimati: a seeker who lives there reads
    "28 days late" on their own Today page, and so does their coach."""
    from followthrough.services.coaching.caseload import local_days, summaries
    from followthrough.store.models import Profile

    _search()
    Profile.objects.update_or_create(defaults={"timezone": "Pacific/Kiritimati"})
    noon = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)
    nobody = 10**9  # a seeker without a profile yet: UTC
    assert local_days([me(), nobody], noon) == {me(): dt.date(2026, 12, 1), nobody: dt.date(2026, 11, 30)}
    (there,) = summaries([me()], {me(): "Dee"}, local_days([me()], noon))
    assert "2 thank-you notes to Acme, the first 28 days late" in _reasons(there)
    assert there == _counted(dt.date(2026, 12, 1))
    assert _look() != there, "the same search counted for the 30th says one day less"
