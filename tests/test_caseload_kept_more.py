"""A coach's kept caseload (PostgreSQL) against every kind of change a seeker makes: after
each, the next look is exactly a fresh count; a rolled-back change leaves the kept summary
in use; a deleted account leaves nothing behind. On SQLite every look counts afresh."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, transaction

from tests.test_caseload_store import TODAY, _search, me


def _look(who: int | None = None, day: dt.date = TODAY) -> Any:
    from followthrough.services.caseload import summaries

    seeker = me() if who is None else who
    (summary,) = summaries([seeker], {seeker: "Dee"}, day)
    return summary


def _counted(who: int | None = None, day: dt.date = TODAY) -> Any:
    from followthrough.services.caseload import counted

    seeker = me() if who is None else who
    (summary,) = counted([seeker], {seeker: "Dee"}, day)
    return summary


def _pending(slug: str, kind: str) -> str:
    from followthrough.services.applications import get_plan

    return next(s.id for s in get_plan(slug).pending if s.kind.value == kind)


def _settle(slug: str, kind: str, status: str) -> None:
    from followthrough.core.model import StepStatus
    from followthrough.services.steps import settle_step

    settle_step(_pending(slug, kind), StepStatus(status), on=dt.date(2026, 11, 28), today=TODAY)


def _record_call() -> None:
    from followthrough.core.model import StepDone, StepKind
    from followthrough.services.applications import record_event

    record_event("acme", StepDone(dt.date(2026, 11, 18), StepKind.CALL_HIRING_OFFICER, "ann"))


def _interview_at_initech() -> None:
    from followthrough.core.model import Interview
    from followthrough.services.applications import record_event

    record_event("initech", Interview(dt.date(2026, 11, 24)))


def _undo() -> None:
    from followthrough.services.corrections import undo

    undo("initech")


def _edit_debrief() -> None:
    from followthrough.services.corrections import edit_event, recorded_events

    (debrief,) = [e.n for e in recorded_events("acme") if e.event.get("type") == "debrief"]
    edit_event("acme", debrief, {"timeframe": "one week"})


def _remove_debrief() -> None:
    from followthrough.services.corrections import recorded_events, remove_event

    (debrief,) = [e.n for e in recorded_events("acme") if e.event.get("type") == "debrief"]
    remove_event("acme", debrief)


def _rename() -> None:
    from followthrough.services.application_edit import edit_application

    edit_application("acme", None, company="Acme Renamed")


def _applied_earlier() -> None:
    from followthrough.services.application_edit import edit_application

    edit_application("initech", None, applied_on=dt.date(2026, 10, 1))


def _stage() -> None:
    from followthrough.services.stages import move_to_stage

    move_to_stage("initech", "screening")


def _snooze() -> None:
    from followthrough.services.applications import get_plan
    from followthrough.services.pauses import snooze

    snooze(get_plan("acme").pending[0].id, dt.date(2026, 12, 7))


def _away() -> None:
    from followthrough.services.pauses import add_away

    add_away(dt.date(2026, 11, 23), dt.date(2026, 12, 4))


def _back() -> None:
    from followthrough.services.pauses import remove_away

    remove_away(1)


def _time_zone() -> None:
    from followthrough.services.profile_edit import update_profile

    update_profile(timezone="Pacific/Kiritimati", country="US")


def _playbook() -> None:
    from followthrough.services.playbooks import choices, set_application_playbook

    other = next(name for name, _ in choices() if name != "column")
    set_application_playbook("acme", other)


def _import_back() -> None:
    """The search as exported before an interview at Initech, imported over it."""
    from followthrough.core.model import Interview
    from followthrough.services.applications import record_event
    from followthrough.services.exchange import export_document, import_document

    document = export_document()
    record_event("initech", Interview(dt.date(2026, 11, 26)))
    import_document(document)


def _delete_application() -> None:
    from followthrough.services.editing import delete_application

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


def test_every_kind_of_change_shows_at_the_next_look(db: str) -> None:
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
            from followthrough.services.editing import delete_application

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
    from followthrough.services import coaching, my_data
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
    from followthrough.services import coaching, consent, my_data
    from tests.coaching_support import PASSWORD, make_centre, quick_passwords

    with quick_passwords():
        centre = make_centre()
    original = consent.consenting_people

    def then_deleted(coach: Any) -> Any:
        people = original(coach)
        with quick_passwords():
            my_data.delete_account(centre.sam, PASSWORD)
        return people

    monkeypatch.setattr(consent, "consenting_people", then_deleted)
    page = coaching.caseload_page(centre.cleo, TODAY)
    assert page.summaries == [] and _kept_rows_of(centre.sam.pk) == (0, 0)
