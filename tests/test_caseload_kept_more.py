"""A coach's kept caseload (PostgreSQL) against every kind of change a seeker makes: after
each, the next look is exactly a fresh count; a rolled-back change leaves the kept summary
in use; a deleted account leaves nothing behind. On SQLite every look counts afresh."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection, transaction

from followthrough.store.summary_triggers import WATCHED
from tests.racing import together
from tests.test_caseload_store import TODAY, _search, me
from tests.waiting import wait_until


def _look(who: int | None = None, day: dt.date = TODAY) -> Any:
    from followthrough.services.coaching.caseload import summaries

    seeker = me() if who is None else who
    (summary,) = summaries([seeker], {seeker: "Dee"}, day)
    return summary


def _counted(who: int | None = None, day: dt.date = TODAY) -> Any:
    from followthrough.services.coaching.caseload import counted

    seeker = me() if who is None else who
    (summary,) = counted([seeker], {seeker: "Dee"}, day)
    return summary


def _pending(slug: str, kind: str) -> str:
    from followthrough.services.jobsearch.applications import get_plan

    return next(s.id for s in get_plan(slug).pending if s.kind.value == kind)


def _settle(slug: str, kind: str, status: str) -> None:
    from followthrough.core.model import StepStatus
    from followthrough.services.jobsearch.steps import settle_step

    settle_step(_pending(slug, kind), StepStatus(status), on=dt.date(2026, 11, 28), today=TODAY)


def _record_call() -> None:
    from followthrough.core.model import StepDone, StepKind
    from followthrough.services.jobsearch.applications import record_event

    record_event("acme", StepDone(dt.date(2026, 11, 18), StepKind.CALL_HIRING_OFFICER, "ann"))


def _interview_at_initech() -> None:
    from followthrough.core.model import Interview
    from followthrough.services.jobsearch.applications import record_event

    record_event("initech", Interview(dt.date(2026, 11, 24)))


def _undo() -> None:
    from followthrough.services.corrections.events import undo

    undo("initech")


def _edit_debrief() -> None:
    from followthrough.services.corrections.events import edit_event, recorded_events

    (debrief,) = [e.n for e in recorded_events("acme") if e.event.get("type") == "debrief"]
    edit_event("acme", debrief, {"timeframe": "one week"})


def _remove_debrief() -> None:
    from followthrough.services.corrections.events import recorded_events, remove_event

    (debrief,) = [e.n for e in recorded_events("acme") if e.event.get("type") == "debrief"]
    remove_event("acme", debrief)


def _rename() -> None:
    from followthrough.services.jobsearch.application_edit import edit_application

    edit_application("acme", None, company="Acme Renamed")


def _applied_earlier() -> None:
    from followthrough.services.jobsearch.application_edit import edit_application

    edit_application("initech", None, applied_on=dt.date(2026, 10, 1))


def _stage() -> None:
    from followthrough.services.jobsearch.stages import move_to_stage

    move_to_stage("initech", "screening")


def _snooze() -> None:
    from followthrough.services.corrections.pauses import snooze
    from followthrough.services.jobsearch.applications import get_plan

    snooze(get_plan("acme").pending[0].id, dt.date(2026, 12, 7))


def _away() -> None:
    from followthrough.services.corrections.pauses import add_away

    add_away(dt.date(2026, 11, 23), dt.date(2026, 12, 4))


def _back() -> None:
    from followthrough.services.corrections.pauses import remove_away

    remove_away(1)


def _time_zone() -> None:
    from followthrough.services.jobsearch.profile_edit import update_profile

    update_profile(timezone="Pacific/Kiritimati", country="US")


def _playbook() -> None:
    from followthrough.services.jobsearch.playbooks import choices, set_application_playbook

    other = next(name for name, _ in choices() if name != "column")
    set_application_playbook("acme", other)


def _import_back() -> None:
    """The search as exported before an interview at Initech, imported over it."""
    from followthrough.core.model import Interview
    from followthrough.services.files.exchange import export_document, import_document
    from followthrough.services.jobsearch.applications import record_event

    document = export_document()
    record_event("initech", Interview(dt.date(2026, 11, 26)))
    import_document(document)


def _delete_application() -> None:
    from followthrough.services.corrections.editing import delete_application

    delete_application("globex")


CHANGES: list[tuple[str, Callable[[], None]]] = [
    ("a call recorded", _record_call),
    ("a thank-you note done", lambda: _settle("acme", "thank_you_note", "done")),
    ("a call skipped", lambda: _settle("acme", "call_inside_contact", "skipped")),
    ("an interview", _interview_at_initech),
    ("undo", _undo),
    ("an event edited", _edit_debrief),
    ("an event removed", _remove_debrief),
    ("a company renamed", _rename),
    ("applied earlier", _applied_earlier),
    ("a stage move", _stage),
    ("a step snoozed", _snooze),
    ("away days", _away),
    ("back from away", _back),
    ("a time zone and country that re-plan", _time_zone),
    ("another playbook", _playbook),
    ("a followthrough/1 document imported", _import_back),
    ("an application deleted", _delete_application),
]


def test_every_kind_of_change_shows_at_the_next_look(db: str, pin_clock: Any) -> None:
    # The changes are made on the day the coach looks (a snooze to 7 December is then
    # ahead): noon UTC, TODAY in the seeker's zone (UTC until a change moves it to UTC+14).
    pin_clock(dt.datetime.combine(TODAY, dt.time(12), tzinfo=dt.UTC))
    _search()
    looks = [_look()]
    for what, change in CHANGES:
        change()
        assert _look() == _counted(), what
        assert _look() == _counted(), f"{what}, looked at again"
        looks.append(_look())
    assert len({repr(s) for s in looks}) > len(CHANGES) // 2  # the changes did change the summary


def _versions() -> dict[int, int]:
    """Each kept summary's version (PostgreSQL); nothing is kept on SQLite."""
    if connection.vendor != "postgresql":
        return {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT owner_id, version FROM ft_seeker_summary")
        return dict(cursor.fetchall())


def _changes_left() -> int:
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM ft_seeker_change")
        return int(cursor.fetchone()[0])


class _Rollback(Exception):
    pass


def test_a_change_rolled_back_leaves_the_kept_summary_in_use(db: str) -> None:
    from django.test.utils import CaptureQueriesContext

    _search()
    before, versions = _look(), _versions()
    with pytest.raises(_Rollback), transaction.atomic():
        _record_call()
        _delete_application()
        raise _Rollback
    assert _versions() == versions and _changes_left() == 0
    with CaptureQueriesContext(connection) as looking:
        after = _look()
    assert after == before == _counted()
    if connection.vendor == "postgresql":
        assert len(looking) == 2  # read, not counted again


def test_two_seekers_changed_in_one_transaction_both_show(db: str) -> None:
    from followthrough.services.owners import acting_as
    from followthrough.store.models import User

    _search()
    other = User.objects.create_user(username="eve@example.org", first_name="Eve")
    with acting_as(other):
        _search("eve-")
    mine, hers = _look(), _look(other.pk)
    with transaction.atomic():
        _record_call()
        with acting_as(other):
            from followthrough.services.corrections.editing import delete_application

            delete_application("eve-globex")
    assert _look() == _counted() != mine
    assert _look(other.pk) == _counted(other.pk) != hers
    assert "offer" not in _look(other.pk).stages and _changes_left() == 0


def _kept_rows_of(user_id: int) -> tuple[int, int]:
    """(kept summaries, noted changes) left of a user (PostgreSQL)."""
    if connection.vendor != "postgresql":
        return 0, 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM ft_seeker_summary WHERE owner_id = %s", [user_id])
        summaries = int(cursor.fetchone()[0])
        cursor.execute("SELECT count(*) FROM ft_seeker_change WHERE owner_id = %s", [user_id])
        return summaries, int(cursor.fetchone()[0])


@pytest.mark.parametrize("looked_at_before", [True, False])
def test_a_deleted_account_leaves_no_summary_and_no_error(db: str, looked_at_before: bool) -> None:
    from followthrough.services.accounts import my_data
    from followthrough.services.coaching import looks as coaching
    from tests.coaching_support import PASSWORD, make_centre, quick_passwords

    with quick_passwords():
        centre = make_centre()
        if looked_at_before:
            assert [s.seeker for s in coaching.caseload_page(centre.cleo, TODAY).summaries] == [centre.sam.pk]
        my_data.delete_account(centre.sam, PASSWORD)
    assert _kept_rows_of(centre.sam.pk) == (0, 0) and _changes_left() == 0
    assert coaching.caseload_page(centre.cleo, TODAY).summaries == []
    assert coaching.caseload_csv(centre.cleo, TODAY).count("\n") == 1  # the header line alone


def test_an_account_deleted_while_the_coach_looks_is_left_out(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The seeker deletes their account after the coach's page read who consents and
    before it read their summary: the page leaves them out, it does not fail."""
    from followthrough.services.accounts import my_data
    from followthrough.services.coaching import consent
    from followthrough.services.coaching import looks as coaching
    from tests.coaching_support import PASSWORD, make_centre, quick_passwords

    with quick_passwords():
        centre = make_centre()
    original = consent.consenting

    def then_deleted(coach: Any) -> Any:
        people = original(coach)
        with quick_passwords():
            my_data.delete_account(centre.sam, PASSWORD)
        return people

    monkeypatch.setattr(consent, "consenting", then_deleted)
    page = coaching.caseload_page(centre.cleo, TODAY)
    assert page.summaries == [] and _kept_rows_of(centre.sam.pk) == (0, 0)


TRIGGERS = {
    *((table, f"{table}_{event}_noted") for table in WATCHED for event in ("insert", "update", "delete")),
    ("ft_seeker_change", "ft_seeker_change_at_commit"),
}


def test_a_server_set_up_from_nothing_dates_its_summaries(postgres_db: str, tmp_path: Any) -> None:
    """`followthrough server init` on a brand-new PostgreSQL database: the triggers that
    date each seeker's summary are there, so a coach's caseload is never behind."""
    import subprocess
    import sys
    import uuid

    import psycopg

    from tests.conftest import PG_SERVER, _pg_admin
    from tests.server.support import clean_environment

    name = f"followthrough_test_{uuid.uuid4().hex[:10]}"
    with _pg_admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        password = tmp_path / "password"
        password.write_text("correct horse battery staple\n")
        init = ["server", "init", "--server-dir", str(tmp_path / "server"), "--organisation", "Centre"]
        who = ["--email", "ada@example.org", "--password-file", str(password)]
        made = subprocess.run(
            [sys.executable, "-m", "followthrough", "--db", f"{PG_SERVER}/{name}", *init, *who],
            capture_output=True,
            text=True,
            env=clean_environment(),
            stdin=subprocess.DEVNULL,
            timeout=120,
        )
        assert made.returncode == 0, made.stderr
        with psycopg.connect(f"{PG_SERVER}/{name}") as fresh:
            rows = fresh.execute(
                "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                " WHERE NOT t.tgisinternal AND t.tgenabled <> 'D'"
            ).fetchall()
        assert set(rows) == TRIGGERS
    finally:
        with _pg_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


RACE_ROUNDS = 10
RACE_APPLICATIONS = 24


def _racer(location: str, barrier: Any, jobs: Any, results: Any) -> None:
    from tests.racing import second_front_end

    second_front_end(location)
    from followthrough.core.model import StepStatus
    from followthrough.services.corrections.pauses import add_away
    from followthrough.services.jobsearch.steps import settle_step

    while (job := jobs.get()) is not None:
        what, value = job
        together(barrier)
        try:
            if what == "away":  # every application planned again, in one transaction
                day = dt.date.fromisoformat(value)
                add_away(day, day)
            else:  # a Done click
                settle_step(value, StepStatus.DONE, on=TODAY, today=TODAY)
            results.put(("ok", what))
        except Exception as error:  # reported to the test, not lost in the process
            results.put(("crashed", repr(error)))


def test_a_re_plan_of_everything_racing_a_done_click(db: str) -> None:
    """A seeker's away day (all applications planned again) and their Done click in
    another tab, released together round after round: neither fails, the click stays
    recorded, and the caseload shows exactly what is stored."""
    from followthrough.core.model import ContactRole, Interview
    from followthrough.services.jobsearch.applications import add_application, add_contact, get_plan, record_event
    from tests.racing import racing

    slugs = []
    for n in range(RACE_APPLICATIONS):
        slug = add_application(f"Firm {n}", "Analyst", f"firm-{n}", applied_on=dt.date(2026, 11, 2))
        add_contact(slug, "Ann Lee", ContactRole.HIRING_OFFICER, key="ann")
        record_event(slug, Interview(dt.date(2026, 11, 3), ("ann",)))
        slugs.append(slug)
    _look()
    with racing(_racer, db) as racers:
        for n in range(RACE_ROUNDS):
            slug = slugs[(n * 5) % RACE_APPLICATIONS]
            step = get_plan(slug).pending[0].id
            outcomes = racers.run(("away", f"2026-12-{n + 1:02d}"), ("done", step))
            assert outcomes == [("ok", "away"), ("ok", "done")], f"round {n}: {outcomes}"
            assert step not in {s.id for s in get_plan(slug).pending}, f"round {n}: the click was lost"
            assert _look() == _counted(), f"round {n}"


def test_an_application_or_step_moved_to_another_seeker_leaves_both_right(db: str) -> None:
    """A change in SQL that gives one seeker's rows to another (an administrator merging
    two accounts, say): both seekers' next looks are fresh counts, the one who lost the
    rows included."""
    from followthrough.services.owners import acting_as
    from followthrough.store.models import User

    _search()
    other = User.objects.create_user(username="eve@example.org", first_name="Eve")
    with acting_as(other):
        _search("eve-")
    assert _look().stages.get("offer") == 1 and _look(other.pk).stages.get("offer") == 1
    with connection.cursor() as cursor:
        cursor.execute("UPDATE ft_application SET owner_id = %s WHERE slug = 'globex'", [other.pk])
    assert "offer" not in _look().stages and _look() == _counted()
    assert _look(other.pk).stages["offer"] == 2 and _look(other.pk) == _counted(other.pk)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE ft_step SET application_id = (SELECT id FROM ft_application WHERE slug = 'eve-initech')"
            " WHERE application_id = (SELECT id FROM ft_application WHERE slug = 'acme')"
        )
    assert _look().late_thank_you_notes == 0 and _look() == _counted()
    assert _look(other.pk) == _counted(other.pk)


def _waiting_for_locks() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return int(cursor.fetchone()[0])


@pytest.fixture
def pg(postgres_db: str) -> Iterator[str]:
    """This run's PostgreSQL database, emptied, in use (a test of PostgreSQL's locks)."""
    from tests.conftest import _empty_tables, acting_locally, use_database

    use_database(postgres_db)
    _empty_tables()
    for _ in acting_locally():
        yield postgres_db


def test_two_coaches_counting_shared_seekers_never_deadlock(pg: str) -> None:
    """Two coaches' looks count seekers they share (a new day: every summary is stale)
    while a third holds one of those seekers' row for a moment (that seeker's change
    committing, say). The larger caseload's keep meets the rows in the table's order, the
    smaller one's in id order: neither look may fail on a deadlock."""
    import threading

    import psycopg
    from django.db import connections

    from followthrough.services.coaching import caseload
    from followthrough.store.models import User

    User.objects.bulk_create([User(username=f"seeker{n}@example.org") for n in range(3000)])
    ids = sorted(User.objects.values_list("pk", flat=True))
    with connection.cursor() as cursor:  # the rows lie in the table in the opposite order of their ids
        cursor.execute("DELETE FROM ft_seeker_summary")  # the accounts' own rows, made as they were
        cursor.execute(
            "INSERT INTO ft_seeker_summary (owner_id) SELECT o FROM unnest(%s::bigint[]) o ORDER BY o DESC", [ids]
        )
        cursor.execute("ANALYZE ft_seeker_summary")
    low, middle, high = ids[:3]
    names = dict.fromkeys(ids, "Dee")
    failures: list[BaseException] = []

    def look(seekers: list[int]) -> None:
        try:
            caseload.kept(seekers, names, TODAY)
        except BaseException as error:  # reported to the test, not lost in the thread
            failures.append(error)
        finally:
            connections.close_all()

    coaches = [threading.Thread(target=look, args=(s,)) for s in (ids[:100], [low, middle, high])]
    with psycopg.connect(pg) as holder:
        holder.execute("SELECT 1 FROM ft_seeker_summary WHERE owner_id = %s FOR UPDATE", [middle])
        for coach in coaches:
            coach.start()
        wait_until(
            lambda: not any(c.is_alive() for c in coaches) or _waiting_for_locks() >= 2,
            what="both coaches at the held row, or done",
        )
    for coach in coaches:
        coach.join(30)
    assert not failures
    (summary,) = caseload.summaries([middle], names, TODAY)  # the row held was counted, if not kept
    assert summary == caseload.counted([middle], names, TODAY)[0]
