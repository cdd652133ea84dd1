"""Every edge of a job seeker's scope fails closed: a read outside any scope raises instead
of answering with everyone's rows, and a read inside one never answers with another
seeker's. Two job seekers share the database (tests.test_owners' ``seekers``)."""

from __future__ import annotations

import contextvars
from typing import Any

import pytest
from django_scopes.exceptions import ScopeError

from tests.test_owners import (
    SLUG,
    Seekers,
    everything,
    seekers,  # noqa: F401  (the fixture)
)


def _step_ids() -> list[str]:
    from followthrough.store.models import Step

    return sorted(Step.objects.values_list("id", flat=True))


def _claimed(step_ids: list[str]) -> list[Any]:
    from followthrough.store.outbox import ClaimedStep

    return [ClaimedStep(n, sid, "pending", None, "", None, SLUG, "", "", None) for n, sid in enumerate(step_ids)]


def _unscoped(call: Any) -> Any:
    """``call`` run in a fresh context: no scope entered, as in a thread nobody scoped."""
    return contextvars.Context().run(call)


def test_the_outbox_reads_steps_again_only_for_the_acting_seeker(seekers: Seekers) -> None:  # noqa: F811
    """The reminder pass reads its claimed steps again before delivery by their key range:
    another seeker's steps in that range are never read."""
    from followthrough.store import outbox

    mine = _step_ids()
    with seekers.as_ana():
        anas = _step_ids()
    assert any(mine[0] < sid < mine[-1] for sid in anas)  # the range holds some of Ana's steps
    now = outbox.states_now(_claimed(mine))
    assert set(now) == set(mine)
    with seekers.as_ana():
        assert set(outbox.states_now(_claimed(anas))) == set(anas)


def test_a_claimed_row_naming_anothers_step_reads_as_gone(seekers: Seekers) -> None:  # noqa: F811
    from followthrough.store import outbox

    with seekers.as_ana():
        anas = _step_ids()
    read = outbox.claimed_steps([outbox.Claimed(1, anas[0])])
    assert [(s.step_id, s.status, s.due) for s in read] == [(anas[0], None, None)]


def test_the_outbox_reads_no_step_outside_a_scope(seekers: Seekers) -> None:  # noqa: F811
    from followthrough.store import outbox

    claimed = _claimed(_step_ids())
    with pytest.raises(ScopeError):
        _unscoped(lambda: outbox.states_now(claimed))
    with pytest.raises(ScopeError):
        _unscoped(lambda: outbox.claimed_steps([outbox.Claimed(1, claimed[0].step_id)]))


def _kept_summaries(seekers: Seekers) -> tuple[int, int]:  # noqa: F811
    """A kept summary row for each seeker (the database's triggers make them on
    PostgreSQL; on SQLite they are made here): the local owner's id and Ana's."""
    from django_scopes import scopes_disabled

    from followthrough.services.owners import current_owner_id
    from followthrough.store.models import KeptSummary

    me, ana = current_owner_id(), seekers.ana.pk
    with scopes_disabled():
        for who in (me, ana):
            KeptSummary.objects.update_or_create(owner_id=who, defaults={"record": f"of {who}"})
    return me, ana


def test_the_kept_summaries_are_read_only_within_their_seekers_scope(seekers: Seekers) -> None:  # noqa: F811
    from followthrough.services.coaching.caseload import reading
    from followthrough.store import caseload
    from followthrough.store.caseload import keeps_summaries
    from followthrough.store.models import KeptSummary

    me, ana = _kept_summaries(seekers)
    assert list(KeptSummary.objects.values_list("owner_id", flat=True)) == [me]
    with seekers.as_ana():
        assert list(KeptSummary.objects.values_list("owner_id", flat=True)) == [ana]
    with reading([me, ana]):  # a coach's caseload names the seekers it reads
        assert sorted(KeptSummary.objects.values_list("owner_id", flat=True)) == sorted([me, ana])
    with reading([]):
        assert not KeptSummary.objects.exists()
    if keeps_summaries():  # the raw SQL of a caseload's kept summaries (PostgreSQL's)
        with seekers.as_ana():
            assert [row[0] for row in caseload.kept()] == [ana]
            assert caseload.records() == {}  # none describes the current version yet
        with reading([me, ana]):
            assert sorted(row[0] for row in caseload.kept()) == sorted([me, ana])


def test_no_kept_summary_is_read_outside_a_scope(seekers: Seekers) -> None:  # noqa: F811
    from followthrough.store import caseload
    from followthrough.store.models import KeptSummary

    _kept_summaries(seekers)
    for read in (
        lambda: list(KeptSummary.objects.all()),
        lambda: KeptSummary.objects.filter(record__startswith="of").count(),
        caseload.kept,
        caseload.records,
        lambda: caseload.keep([((seekers.ana.pk, 1, 1, None, 0, 0, 0, 0, None), "{}")]),
    ):
        with pytest.raises(ScopeError):
            _unscoped(read)


def test_a_summary_is_kept_only_for_a_seeker_of_the_scope(seekers: Seekers) -> None:  # noqa: F811
    from followthrough.store import caseload

    _kept_summaries(seekers)
    with pytest.raises(ScopeError):  # the local job search's scope: not Ana's summary
        caseload.keep([((seekers.ana.pk, 1, 1, None, 0, 0, 0, 0, None), "{}")])


# -- a read-only look at a job search (a coach's full view) ----------------------------


def _writes() -> dict[str, Any]:
    """A write of each kind a look might attempt, on the seeker's job search."""
    from django.db import connection

    from followthrough.services.jobsearch.applications import add_application
    from followthrough.store.models import Application, Profile, Step

    def raw_sql() -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {Application._meta.db_table} SET company = 'Changed'")

    def save() -> None:
        row = Application.objects.get(slug=SLUG)
        row.company = "Changed"
        row.save()

    return {
        "save": save,
        "create": lambda: Profile.objects.create(name="Someone"),
        "update": lambda: Application.objects.update(company="Changed"),
        "delete": lambda: Step.objects.all().delete(),
        "bulk": lambda: Application.objects.bulk_create([Application(slug="new", company="New", role="Analyst")]),
        "raw SQL": raw_sql,
        "a service": lambda: add_application("New", "Analyst", "new-analyst"),
    }


def test_a_write_attempted_in_a_read_only_look_raises_and_changes_nothing(seekers: Seekers) -> None:  # noqa: F811
    from django.db import DatabaseError

    from followthrough.services.jobsearch.applications import get_application, list_applications
    from followthrough.services.owners import ReadOnlyScope, reading_as

    before = everything()
    for what, write in _writes().items():
        with pytest.raises((ReadOnlyScope, DatabaseError)), reading_as(seekers.ana):
            assert get_application(SLUG).role == "Data Analyst"  # Ana's, read
            write()
        assert everything() == before, what
    # A scope entered inside a read-only one is read-only too.
    with reading_as(seekers.ana), pytest.raises(ReadOnlyScope), seekers.as_ana():
        _writes()["update"]()
    # The look over, everyone writes again as before.
    with seekers.as_ana():
        _writes()["update"]()
        assert {a.company for a in list_applications()} == {"Changed"}


def test_the_databases_refusal_holds_where_the_python_guard_does_not_reach(seekers: Seekers) -> None:  # noqa: F811
    """Raw SQL passes no model or queryset: the database itself refuses it in a look."""
    from django.db import DatabaseError

    from followthrough.services.owners import reading_as

    before = everything()
    with pytest.raises(DatabaseError), reading_as(seekers.ana):
        _writes()["raw SQL"]()
    assert everything() == before


def test_a_coachs_full_view_is_a_read_only_look(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from followthrough.services.coaching import consent
    from followthrough.services.coaching import looks as coaching
    from followthrough.services.jobsearch import applications
    from followthrough.services.owners import ReadOnlyScope
    from followthrough.store.models import Application
    from tests.coaching_support import make_centre, quick_passwords

    with quick_passwords():
        centre = make_centre()
    consent.set_full_view(centre.sam, centre.cleo.pk, True)
    reads = applications.get_application_and_plan

    def read_then_write(slug: str) -> Any:
        found = reads(slug)
        Application.objects.filter(slug=slug).update(company="Changed by a look")
        return found

    before = everything()
    monkeypatch.setattr(coaching, "get_application_and_plan", read_then_write)  # as the look reads it
    with pytest.raises(ReadOnlyScope):
        coaching.seeker_application(centre.cleo, centre.sam.pk, "samcorp-waiting")
    assert everything() == before
    monkeypatch.undo()
    _name, app, _plan = coaching.seeker_application(centre.cleo, centre.sam.pk, "samcorp-waiting")
    assert app.company == "Samcorp"
