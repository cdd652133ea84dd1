"""Invariants of the planner over random job searches (architecture.md, 'Invariants')."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from followthrough.core.calendar import BusinessCalendar
from followthrough.core.model import (
    CALL_KINDS,
    Application,
    Contact,
    ContactRole,
    Debrief,
    Event,
    Interview,
    Response,
    ResponseOutcome,
    StepDone,
    StepKind,
    StepSkipped,
    StepStatus,
)
from followthrough.core.planner import plan

START = dt.date(2026, 10, 1)
ANN = Contact("ann", "Ann Lee", ContactRole.HIRING_OFFICER)
BO = Contact("bo", "Bo Park", ContactRole.INTERVIEWER)
CY = Contact("cy", "Cy Diaz", ContactRole.INSIDE_CONTACT)
DEE = Contact("dee", "Dee Fox", ContactRole.INSIDE_CONTACT)
PHRASES = ["two weeks", "by Friday", "end of next week", "Dec 4", "within 10 business days", "a month", "soonish", "?"]

days = st.integers(min_value=0, max_value=120).map(lambda n: START + dt.timedelta(days=n))


@st.composite
def events(draw: st.DrawFn, contacts: tuple[Contact, ...]) -> Event:
    keys = [c.key for c in contacts]
    on = draw(days)
    kind = draw(st.sampled_from(["interview", "debrief", "done", "skipped", "response"]))
    if kind == "interview":
        return Interview(on, tuple(draw(st.lists(st.sampled_from(keys), max_size=3))) if keys else ())
    if kind == "debrief":
        return Debrief(on, timeframe=draw(st.none() | st.sampled_from(PHRASES)))
    if kind == "response":
        outcome = draw(st.sampled_from(list(ResponseOutcome)))
        by = draw(st.none() | days) if outcome is ResponseOutcome.NOT_DECIDED else None
        return Response(on, outcome, None, by)
    step_kind = draw(st.sampled_from(list(StepKind)))
    contact = None if step_kind is StepKind.MOVE_ON else draw(st.sampled_from([*keys, None]))
    return StepDone(on, step_kind, contact) if kind == "done" else StepSkipped(on, step_kind, contact)


@st.composite
def applications(draw: st.DrawFn) -> Application:
    contacts = tuple(draw(st.sampled_from([(ANN, BO, CY), (ANN, BO, CY, DEE), (BO, CY), (ANN,), ()])))
    history = tuple(draw(st.lists(events(contacts), max_size=14)))
    return Application("acme-analyst", "Acme Corp", "Data Analyst", None, contacts, history)


calendars = st.sampled_from([BusinessCalendar(), BusinessCalendar("US"), BusinessCalendar("DE")])
EXAMPLES = settings(max_examples=300, deadline=None)


@EXAMPLES
@given(applications(), calendars)
def test_step_ids_are_unique(app: Application, cal: BusinessCalendar) -> None:
    ids = [s.id for s in plan(app, calendar=cal).steps]
    assert len(ids) == len(set(ids))


DECISIONS = [o for o in ResponseOutcome if o is not ResponseOutcome.NOT_DECIDED]
closing_events = st.one_of(
    st.builds(Response, days, st.sampled_from(DECISIONS)),
    st.builds(StepDone, days, st.just(StepKind.MOVE_ON)),
)


@EXAMPLES
@given(applications(), calendars, closing_events, st.data())
def test_a_closed_application_has_no_pending_step(
    app: Application, cal: BusinessCalendar, closing: Response | StepDone, data: st.DataObject
) -> None:
    """A decision or the user moving on, wherever it falls among the other events, closes the
    application: nothing is left to do, and it says how it ended."""
    at = data.draw(st.integers(0, len(app.events)))
    closed = Application(**{**app.__dict__, "events": (*app.events[:at], closing, *app.events[at:])})
    result = plan(closed, calendar=cal)
    assert result.status == "closed"
    assert result.pending == ()
    assert all(s.status is not StepStatus.PENDING for s in result.steps)
    decisions = {e.outcome.value for e in closed.events if isinstance(e, Response) and e.outcome in DECISIONS}
    moved_on = any(isinstance(e, StepDone) and e.kind is StepKind.MOVE_ON for e in closed.events)
    assert result.outcome in decisions | ({"no_response"} if moved_on else set())


def test_every_rolled_date_is_a_business_day() -> None:
    checked = []  # over all the examples: the check below ran, not only on empty plans

    @EXAMPLES
    @given(applications(), calendars)
    def each(app: Application, cal: BusinessCalendar) -> None:
        rolled = [s for s in plan(app, calendar=cal).steps if s.kind is not StepKind.THANK_YOU_NOTE]
        if any(isinstance(e, Interview) for e in app.events):  # notes are due the interview's day, not rolled
            assert rolled, "an interview leaves steps to date"
        for step in rolled:
            assert cal.is_business_day(step.due), step
        checked.extend(rolled)

    each()
    assert checked


def test_calls_to_one_person_are_at_least_a_week_apart() -> None:
    compared = []  # over all the examples: pairs of calls were compared, not none at all

    @EXAMPLES
    @given(applications(), calendars)
    def each(app: Application, cal: BusinessCalendar) -> None:
        steps = plan(app, calendar=cal).steps

        def when(step):  # type: ignore[no-untyped-def]
            return step.done_on if step.status is StepStatus.DONE else step.due

        calls = [s for s in steps if s.kind in CALL_KINDS and s.status is not StepStatus.CANCELLED]
        for pending in (s for s in calls if s.status is StepStatus.PENDING):
            for other in calls:
                same_person = other.contact == pending.contact
                counts = other.status is StepStatus.DONE or other.phase == pending.phase
                if other is pending or not same_person or not counts or when(other) > pending.due:
                    continue
                assert pending.due - when(other) >= dt.timedelta(days=7), (pending, other)
                compared.append((pending, other))

    each()
    assert compared


@EXAMPLES
@given(applications(), calendars)
def test_one_thank_you_note_per_interviewer_per_interview(app: Application, cal: BusinessCalendar) -> None:
    notes = [s for s in plan(app, calendar=cal).steps if s.kind is StepKind.THANK_YOU_NOTE]
    owed = sorted((event.on, key) for event in app.events if isinstance(event, Interview) for key in set(event.with_))
    assert sorted((n.due, n.contact) for n in notes) == owed


@EXAMPLES
@given(applications(), calendars)
def test_only_the_current_phase_has_pending_waiting_steps(app: Application, cal: BusinessCalendar) -> None:
    pending = [s for s in plan(app, calendar=cal).pending if s.kind is not StepKind.THANK_YOU_NOTE]
    assert len({s.phase for s in pending}) <= 1


@EXAMPLES
@given(applications(), calendars, st.data())
def test_adding_a_later_event_keeps_the_ids_of_earlier_steps(
    app: Application, cal: BusinessCalendar, data: st.DataObject
) -> None:
    """A reminder keyed to a step is never sent twice: ids do not churn as life goes on."""
    before = {s.id: s for s in plan(app, calendar=cal).steps}
    last_day = max((e.on for e in app.events), default=START)
    later = Interview(last_day + dt.timedelta(days=data.draw(st.integers(1, 30))), ())
    after = {s.id for s in plan(Application(**{**app.__dict__, "events": (*app.events, later)}), calendar=cal).steps}
    assert set(before) <= after
