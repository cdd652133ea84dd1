"""Recording re-plans in the same transaction; the stored steps are the planner's."""

from __future__ import annotations

import datetime as dt

import pytest

from followthrough.core.model import (
    CallOutcome,
    ContactRole,
    Interview,
    Response,
    ResponseOutcome,
    StepDone,
    StepKind,
    StepStatus,
)
from followthrough.services.errors import UserError
from followthrough.services.jobsearch import applications, changes
from followthrough.services.pages.agenda import due_steps
from tests.conftest import Cli


def _acme() -> str:
    slug = applications.add_application("Acme Corp", "Data Analyst")
    applications.add_contact(slug, "Ann Lee", ContactRole.HIRING_OFFICER)
    applications.add_contact(slug, "Cy Diaz", ContactRole.INSIDE_CONTACT)
    return slug


def _stored_steps(slug: str) -> set[tuple[str, str, str | None, dt.date, str]]:
    from followthrough.store.models import Step

    return {(s.id, s.kind, s.contact_key, s.due, s.status) for s in Step.objects.filter(application__slug=slug)}


def test_recording_an_event_materializes_exactly_the_plan(db: str) -> None:
    slug = _acme()
    assert slug == "acme-corp-data-analyst"
    plan = applications.record_event(slug, Interview(dt.date(2026, 11, 3), ("ann",)))
    assert _stored_steps(slug) == {(s.id, s.kind.value, s.contact, s.due, s.status.value) for s in plan.steps}
    plan = applications.record_event(slug, Response(dt.date(2026, 11, 20), ResponseOutcome.REJECTED, "ann"))
    assert {s[4] for s in _stored_steps(slug)} == {"cancelled"}
    assert applications.list_applications("closed")[0].outcome == "rejected"
    assert due_steps(dt.date(2026, 12, 31)).entries == []


def test_a_failed_replan_stores_nothing(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from followthrough.store.models import Event

    slug = _acme()
    applications.record_event(slug, Interview(dt.date(2026, 11, 3), ("ann",)))
    before = (_stored_steps(slug), Event.objects.count())

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("writing the steps failed after the event was inserted")

    monkeypatch.setattr(changes, "write_plan", broken)
    with pytest.raises(RuntimeError):
        applications.record_event(slug, Interview(dt.date(2026, 11, 10), ("ann",)))
    assert (_stored_steps(slug), Event.objects.count()) == before


def test_an_unknown_contact_is_refused_before_anything_is_stored(db: str) -> None:
    from followthrough.store.models import Event

    slug = _acme()
    with pytest.raises(UserError, match="unknown contact key 'zed'"):
        applications.record_event(slug, Interview(dt.date(2026, 11, 3), ("zed",)))
    assert Event.objects.count() == 0


def test_step_ids_survive_a_new_contact_and_a_holiday_calendar(db: str) -> None:
    from followthrough.services.jobsearch.profile_edit import update_profile

    slug = applications.add_application("Acme Corp", "Data Analyst")
    applications.record_event(slug, Interview(dt.date(2026, 11, 3), ()))
    before = {s[0] for s in _stored_steps(slug)}
    applications.add_contact(slug, "Ann Lee", ContactRole.HIRING_OFFICER)  # the business card, at last
    update_profile(country="US")
    after = _stored_steps(slug)
    assert {s[0] for s in after} == before
    assert all(s[2] == "ann" for s in after if s[1] in ("call_hiring_officer", "email_hiring_officer"))


def test_changing_the_country_replans_with_its_holidays(db: str) -> None:
    from followthrough.services.jobsearch.profile_edit import update_profile

    slug = _acme()
    applications.record_event(slug, Interview(dt.date(2026, 11, 19), ("ann",)))  # D+7 = Thanksgiving
    first_call = min(s[3] for s in _stored_steps(slug) if s[1] == "call_hiring_officer")
    assert first_call == dt.date(2026, 11, 26)
    update_profile(country="US")
    first_call = min(s[3] for s in _stored_steps(slug) if s[1] == "call_hiring_officer")
    assert first_call == dt.date(2026, 11, 27)


def test_marking_a_step_records_an_event_for_its_kind_and_contact(db: str) -> None:
    slug = _acme()
    applications.record_event(slug, Interview(dt.date(2026, 11, 3), ("ann",)))
    step = next(s for s in applications.get_plan(slug).steps if s.kind.value == "call_inside_contact")
    assert applications.find_step(step.id[:8]) == (slug, step) and step.status is StepStatus.PENDING
    before = applications.get_application(slug).events

    Cli(db)("done", step.id[:8], "--on", "2026-11-12", "--outcome", "voicemail", "--note", "left my number")

    events = applications.get_application(slug).events
    assert events[: len(before)] == before and len(events) == len(before) + 1, "one event, appended"
    assert events[-1] == StepDone(
        dt.date(2026, 11, 12), StepKind.CALL_INSIDE_CONTACT, "cy", CallOutcome.VOICEMAIL, "left my number"
    )
    marked = next(s for s in applications.get_plan(slug).steps if s.id == step.id)
    assert (marked.status, marked.done_on) == (StepStatus.DONE, dt.date(2026, 11, 12))
