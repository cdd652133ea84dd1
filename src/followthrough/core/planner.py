"""The heart of followthrough: an application's events in, its follow-up steps out.

A pure function of the recorded events, the playbook and the business calendar
(docs/method.md, docs/playbooks.md). "Today" never enters here; it only decides, elsewhere,
which of the steps are due. The calendar is the user's: its away days are not business
days for rolling (rule 10), while promised timeframes resolve on the employer's days.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from dateutil.relativedelta import relativedelta

from followthrough.core import timeframe
from followthrough.core.calendar import BusinessCalendar
from followthrough.core.model import (
    GUARDED_KINDS,
    NO_RESPONSE,
    AimedEvent,
    Application,
    ApplicationStatus,
    CallPermission,
    ContactRole,
    Debrief,
    Event,
    Fault,
    Flag,
    Interview,
    Phase,
    Plan,
    Promise,
    Reopened,
    Response,
    ResponseOutcome,
    Step,
    StepDone,
    StepKind,
    StepSnoozed,
    StepStatus,
)
from followthrough.core.playbook import DEFAULT_PLAYBOOK, Playbook

# Steps that always go to the hiring officer, whoever that turns out to be: their
# identity is the role, so recording the business card later keeps their ids.
_HIRING_OFFICER_KINDS = frozenset(
    {StepKind.CALL_HIRING_OFFICER, StepKind.EMAIL_FOLLOW_UP, StepKind.EMAIL_HIRING_OFFICER}
)
_DECISIONS = frozenset(ResponseOutcome) - {ResponseOutcome.NOT_DECIDED}
_SETTLED = (StepStatus.DONE, StepStatus.SKIPPED)


def step_id(application: str, kind: StepKind, who: str, phase_key: str, ordinal: int, namespace: str = "") -> str:
    """A step's stable id. ``namespace`` (the owner's, empty for a local job search) keeps
    two job seekers' applications of the same id apart; without one, ids are as they were."""
    material = "\x1f".join((application, kind.value, who, phase_key, str(ordinal)))
    if namespace:
        material = f"{namespace}\x1e{material}"
    return hashlib.sha1(material.encode()).hexdigest()[:12]


@dataclass
class _Slot:
    kind: StepKind
    contact: str | None
    phase: _Phase
    ordinal: int = 0
    status: StepStatus = StepStatus.PENDING
    done_on: dt.date | None = None
    due: dt.date | None = None
    extra: bool = False  # a call made beyond the plan: history, and the pest guard's
    settled_at: int = -1  # the order in which the event that settled it was taken
    snoozed_until: dt.date | None = None  # the latest snooze's date (rule 9)

    def settle(self, status: StepStatus, on: dt.date, order: int) -> None:
        self.status, self.done_on, self.settled_at = status, on, order


@dataclass
class _Phase:
    index: int
    key: str
    opened_by: str  # "interview", "response" or "reopened"
    anchor: dt.date  # D, the interview's date, or the date of a response or reopening
    interview_on: dt.date | None  # the interview it follows (itself, for an interview)
    promised: dt.date | None = None  # T
    promise: Promise | None = None
    unresolved: bool = False
    thank_yous: list[_Slot] = field(default_factory=list)
    waiting: list[_Slot] = field(default_factory=list)


class _Planner:
    def __init__(
        self,
        app: Application,
        playbook: Playbook,
        calendar: BusinessCalendar,
        fallback: timeframe.Fallback | None,
    ) -> None:
        self.app, self.book, self.calendar, self.fallback = app, playbook, calendar, fallback
        officer = next((c for c in app.contacts if c.role is ContactRole.HIRING_OFFICER), None)
        self.officer = officer.key if officer else None
        self.insiders = [c.key for c in app.contacts if c.role is ContactRole.INSIDE_CONTACT]
        self.follow_up = StepKind.EMAIL_FOLLOW_UP if playbook.follow_up_by == "email" else StepKind.CALL_HIRING_OFFICER
        self.phases: list[_Phase] = []
        self.phase_keys: dict[str, int] = {}
        self.promises: list[Promise] = []
        self.outcome: str | None = None
        self.asked_not_to_call = False
        self.debriefs: list[Debrief] = []
        self.faults: list[Fault] = []
        self.hits: dict[int, _Slot] = {}  # event index -> the step it settled or snoozed
        self.order = 0  # how many events were taken so far

    # -- taking events, in date order (rule 1) -------------------------------------------

    def take(self, index: int, event: Event) -> None:
        self.order += 1
        closed = self.outcome is not None
        if isinstance(event, Interview):
            phase = self._open_phase("interview", event.on, promised=None, interview_on=event.on)
            if self.book.thank_you_notes:
                for key in dict.fromkeys(event.with_):
                    phase.thank_yous.append(_Slot(StepKind.THANK_YOU_NOTE, key, phase, due=event.on))
        elif isinstance(event, Debrief):
            self._take_debrief(event)
        elif isinstance(event, Response):
            if event.outcome is ResponseOutcome.NOT_DECIDED:
                phase = self._open_phase("response", event.on, event.decision_by, self._latest_interview())
                if event.decision_by is not None:  # a new promise: the one this wait counts from
                    said = event.said or event.decision_by.isoformat()
                    phase.promise = Promise(said, event.on, event.decision_by, event.from_, "response")
            elif event.outcome in _DECISIONS:
                self._close(event.outcome.value)
        elif isinstance(event, Reopened):
            if closed:  # rule 8; on an open application it changes nothing
                self._cancel_pending()  # whatever was owed while closed stays cancelled
                self.outcome = None
                self._open_phase("reopened", event.on, None, self._latest_interview())
        else:
            self._aim(index, event, closed)

    def _latest_interview(self) -> dt.date | None:
        return next((p.interview_on for p in reversed(self.phases) if p.interview_on), None)

    def _open_phase(self, what: str, on: dt.date, promised: dt.date | None, interview_on: dt.date | None) -> _Phase:
        base = f"{what}@{on.isoformat()}"
        seen = self.phase_keys.get(base, 0)
        self.phase_keys[base] = seen + 1
        phase = _Phase(len(self.phases), f"{base}#{seen}", what, on, interview_on, promised)
        follow_ups = [_Slot(self.follow_up, self.officer, phase, n) for n in range(self.book.follow_ups)]
        insiders = [_Slot(StepKind.CALL_INSIDE_CONTACT, key, phase) for key in self.insiders]
        email = [_Slot(StepKind.EMAIL_HIRING_OFFICER, self.officer, phase)] if self.book.last_email_months else []
        insiders = insiders if self.book.inside_contacts else []
        phase.waiting = [*follow_ups, *insiders, *email, _Slot(StepKind.MOVE_ON, None, phase)]
        self.phases.append(phase)
        return phase

    def _take_debrief(self, event: Debrief) -> None:
        if event.call_permission is not None:
            self.asked_not_to_call = event.call_permission is CallPermission.ASKED_NOT_TO_CALL
        if event.timeframe is not None:
            self.debriefs.append(event)

    def _set_promised_dates(self) -> None:
        """Each debrief's T goes to the latest interview on or before its date, by date:
        a debrief listed before that day's interview still belongs to it."""
        for debrief in self.debriefs:
            assert debrief.timeframe is not None
            interviews = [p for p in self.phases if p.opened_by == "interview" and p.anchor <= debrief.on]
            # The employer's business days: timeframe.resolve leaves the user's away days out.
            said_on = promise_said_on([p.anchor for p in interviews], debrief.on)
            resolved = timeframe.resolve(debrief.timeframe, said_on, self.calendar, self.fallback)
            promise = Promise(debrief.timeframe, said_on, resolved, self.officer)
            self.promises.append(promise)
            if interviews:
                interviews[-1].promised, interviews[-1].promise = resolved, promise
                interviews[-1].unresolved = resolved is None

    # -- rules 4, 7 and 9: which step an event aims at -----------------------------------

    def _candidates(self, event: AimedEvent) -> list[_Slot]:
        if event.kind is StepKind.THANK_YOU_NOTE:
            return [s for p in self.phases for s in p.thank_yous if s.contact == event.contact]
        if not self.phases:
            return []
        unnamed_officer = event.kind in _HIRING_OFFICER_KINDS and event.contact is None
        return [
            s
            for s in self.phases[-1].waiting
            if s.kind is event.kind and not s.extra and (s.contact == event.contact or unnamed_officer)
        ]

    def _aim(self, index: int, event: AimedEvent, closed: bool) -> None:
        candidates = self._candidates(event)
        slot: _Slot | None
        if event.nth is not None and not closed:
            slot = candidates[event.nth - 1] if event.nth <= len(candidates) else None
            if slot is None:
                self.faults.append(Fault(index, "nth", _no_such_step(event, len(candidates))))
                return
            if slot.status is not StepStatus.PENDING:
                self.faults.append(Fault(index, "nth", f"step {event.nth} of those is already {slot.status.value}"))
                return
        else:
            slot = next((s for s in candidates if s.status is StepStatus.PENDING), None)
        if slot is not None:
            self.hits[index] = slot
        if isinstance(event, StepSnoozed):
            if slot is not None:
                slot.snoozed_until = event.until  # a later snooze replaces an earlier one
            return
        status = StepStatus.DONE if isinstance(event, StepDone) else StepStatus.SKIPPED
        if slot is not None:
            slot.settle(status, event.on, self.order)
        elif status is StepStatus.DONE and event.kind in GUARDED_KINDS and self.phases:
            # A call beyond the plan still happened: keep it, and keep the pest guard honest.
            phase = self.phases[-1]
            ordinal = 1 + max((s.ordinal for s in phase.waiting if s.kind is event.kind), default=-1)
            who = event.contact if event.contact is not None else self.officer
            extra = _Slot(event.kind, who, phase, ordinal, extra=True)
            extra.settle(status, event.on, self.order)
            phase.waiting.insert(self._after_last_follow_up(phase), extra)
        if status is StepStatus.DONE and event.kind is StepKind.MOVE_ON and self.outcome is None:
            self._close(NO_RESPONSE)

    @staticmethod
    def _after_last_follow_up(phase: _Phase) -> int:
        return 1 + max((i for i, s in enumerate(phase.waiting) if s.kind in GUARDED_KINDS), default=-1)

    def _close(self, outcome: str) -> None:
        self.outcome = outcome
        self._cancel_pending()

    def _cancel_pending(self) -> None:
        for slot in self._all_slots():
            if slot.status is StepStatus.PENDING:
                slot.status = StepStatus.CANCELLED

    def _all_slots(self) -> list[_Slot]:
        return [s for p in self.phases for s in (*p.thank_yous, *p.waiting)]

    # -- once every event is taken (rules 3 and 5) ---------------------------------------

    def finish(self) -> Plan:
        self._set_promised_dates()
        if self.outcome is not None:  # closed for good: a round recorded after it owes nothing
            self._close(self.outcome)
        for phase in self.phases[:-1]:
            for slot in phase.waiting:
                if slot.status is StepStatus.PENDING:
                    slot.status = StepStatus.CANCELLED
        if self.asked_not_to_call and not self.book.call_when_asked_not_to:
            for phase in self.phases:
                phase.waiting = [
                    s
                    for s in phase.waiting
                    if not (s.kind is StepKind.CALL_HIRING_OFFICER and s.status is StepStatus.PENDING)
                ]
        for phase in self.phases:
            self._date_follow_ups(phase)
        self._guard_against_pestering()
        for phase in self.phases:
            self._date_last_steps(phase)
        for phase in self.phases:
            for note in phase.thank_yous:  # due the interview's day, or a snooze's own day
                if note.snoozed_until is not None:
                    note.due = max(phase.anchor, note.snoozed_until)
        steps = [self._step(slot) for slot in self._all_slots()]
        steps.sort(key=lambda s: (s.due, s.kind.value, s.contact or ""))
        return Plan(
            application=self.app.id,
            status=ApplicationStatus.CLOSED if self.outcome else ApplicationStatus.OPEN,
            outcome=self.outcome,
            steps=tuple(steps),
            promises=tuple(self.promises),
            phases=tuple(self._phase(p) for p in self.phases),
            faults=tuple(self.faults),
            playbook=self.book.name,
        )

    def _start(self, phase: _Phase) -> dt.date:
        """Where the follow-ups count from, not rolled: B with T, else D + the wait."""
        if phase.promised is not None:
            return self.calendar.next_business_day_after(phase.promised)
        return phase.anchor + dt.timedelta(days=self.book.no_promise_wait_days)

    def _planned(self, slot: _Slot, due: dt.date) -> dt.date:
        """The due date before the pest guard, no earlier than a snooze asked for."""
        if slot.snoozed_until is not None:
            due = max(due, self.calendar.roll(slot.snoozed_until))
        return due

    def _date_follow_ups(self, phase: _Phase) -> None:
        roll, start = self.calendar.roll, self._start(phase)
        every = dt.timedelta(days=self.book.follow_up_every_days)
        for slot in phase.waiting:
            if slot.extra:
                slot.due = roll(slot.done_on or phase.anchor)
            elif slot.kind is self.follow_up:
                slot.due = self._planned(slot, roll(start + every * slot.ordinal))
            elif slot.kind is StepKind.CALL_INSIDE_CONTACT:
                slot.due = self._planned(slot, roll(start))

    def _date_last_steps(self, phase: _Phase) -> None:
        """The last-resort e-mail, a number of months after T (or D), and moving on after
        it, or after the last follow-up when there is no e-mail."""
        roll = self.calendar.roll
        after = roll(self._start(phase))  # with neither e-mail nor follow-ups: the wait's end
        for slot in phase.waiting:
            if slot.kind is self.follow_up and not slot.extra and slot.due is not None:
                after = slot.due
        for slot in phase.waiting:
            if slot.kind is StepKind.EMAIL_HIRING_OFFICER:
                months = relativedelta(months=self.book.last_email_months)
                slot.due = self._planned(slot, roll((phase.promised or phase.anchor) + months))
                after = slot.due
            elif slot.kind is StepKind.MOVE_ON:
                slot.due = self._planned(slot, roll(after + dt.timedelta(days=self.book.move_on_days)))

    def _guard_against_pestering(self) -> None:
        """Rule 6: per person, phase by phase, in planned order, each follow-up or
        inside-contact call is due at least ``follow_up_every_days`` after the calls
        already made to that person and after the phase's previous one when it is not
        made. Cancelled steps hold nothing back."""
        gap = dt.timedelta(days=self.book.follow_up_every_days)
        roll = self.calendar.roll
        guarded = [s for p in self.phases for s in p.waiting if s.kind in GUARDED_KINDS]
        made: dict[str | None, list[tuple[int, dt.date]]] = {}
        for slot in guarded:
            if slot.status is StepStatus.DONE and slot.done_on is not None:
                made.setdefault(slot.contact, []).append((slot.settled_at, slot.done_on))
        for phase in self.phases:
            previous: dict[str | None, dt.date] = {}  # the previous call: as made, else as due
            unmade: dict[str | None, dt.date] = {}  # the latest due of a call not made
            for slot in phase.waiting:
                if slot.kind not in GUARDED_KINDS or slot.extra:
                    continue
                assert slot.due is not None
                who, before = slot.contact, made.get(slot.contact, [])
                last = previous.get(who)
                if last is not None:
                    slot.due = max(slot.due, roll(last + gap))
                if slot.status is StepStatus.PENDING:  # every call made: it is still to come
                    floors = [on for _, on in before] + ([unmade[who]] if who in unmade else [])
                    slot.due = max([slot.due, *(roll(on + gap) for on in floors)])
                elif slot.status is StepStatus.SKIPPED:
                    slot.due = self._clear_of(slot.due, sorted(on for _, on in before), gap)
                elif slot.status is StepStatus.DONE:  # the calls made before it
                    earlier = [on for order, on in before if order < slot.settled_at]
                    slot.due = max([slot.due, *(roll(on + gap) for on in earlier)])
                if slot.status is StepStatus.DONE and slot.done_on is not None:
                    previous[who] = slot.done_on
                elif slot.status is not StepStatus.CANCELLED:
                    previous[who] = slot.due
                    unmade[who] = max(slot.due, unmade.get(who, slot.due))

    def _clear_of(self, due: dt.date, calls_made: list[dt.date], gap: dt.timedelta) -> dt.date:
        """The first business day on or after ``due`` that is a week past every call made
        before it."""
        for made_on in calls_made:  # ascending, and ``due`` only moves forward
            if made_on <= due < made_on + gap:
                due = self.calendar.roll(made_on + gap)
        return due

    def _step(self, slot: _Slot) -> Step:
        flags: set[Flag] = set()
        if slot.kind in _HIRING_OFFICER_KINDS and self.officer is None:
            flags.add(Flag.NO_HIRING_OFFICER)
        if slot.kind is StepKind.CALL_HIRING_OFFICER and self.asked_not_to_call:
            flags.add(Flag.ASKED_NOT_TO_CALL)
        if slot.kind is not StepKind.THANK_YOU_NOTE and slot.phase.unresolved:
            flags.add(Flag.TIMEFRAME_UNRESOLVED)
        who = "hiring_officer" if slot.kind in _HIRING_OFFICER_KINDS else slot.contact or ""
        assert slot.due is not None
        return Step(
            id=step_id(self.app.id, slot.kind, who, slot.phase.key, slot.ordinal, self.app.steps_namespace),
            kind=slot.kind,
            contact=slot.contact,
            due=slot.due,
            status=slot.status,
            done_on=slot.done_on if slot.status in _SETTLED else None,
            flags=frozenset(flags),
            phase=slot.phase.index,
        )

    def _phase(self, phase: _Phase) -> Phase:
        return Phase(
            index=phase.index,
            opened_by=phase.opened_by,
            opened_on=phase.anchor,
            anchor=phase.anchor,
            promised=phase.promised,
            promise=phase.promise,
            interview_on=phase.interview_on,
            current=phase is self.phases[-1],
        )


def _no_such_step(event: AimedEvent, count: int) -> str:
    whose = f" to {event.contact}" if event.contact else ""
    return f"there is no step {event.nth} of {event.kind.value}{whose} here (there are {count})"


def _in_order(app: Application) -> list[tuple[int, Event]]:
    """Rule 1: by date, file order for equal dates."""
    return sorted(enumerate(app.events), key=lambda pair: pair[1].on)


def _run(
    app: Application, playbook: Playbook, calendar: BusinessCalendar | None, fallback: timeframe.Fallback | None
) -> tuple[_Planner, Plan]:
    planner = _Planner(app, playbook, calendar or BusinessCalendar(), fallback)
    for index, event in _in_order(app):
        planner.take(index, event)
    return planner, planner.finish()


def plan(
    app: Application,
    playbook: Playbook = DEFAULT_PLAYBOOK,
    calendar: BusinessCalendar | None = None,
    fallback: timeframe.Fallback | None = None,
) -> Plan:
    """Every follow-up step the application calls for, with its status and due date.

    Events that cannot be taken as recorded (an ``nth`` that names no step, or one
    already settled) change nothing and are listed in ``Plan.faults``."""
    return _run(app, playbook, calendar, fallback)[1]


def aimed_steps(app: Application, playbook: Playbook = DEFAULT_PLAYBOOK) -> dict[int, str]:
    """Which step each step event settled or snoozed: event index -> step id."""
    planner, _ = _run(app, playbook, None, None)
    return {i: planner._step(slot).id for i, slot in planner.hits.items()}


def promise_said_on(interviews: Sequence[dt.date], debrief_on: dt.date) -> dt.date:
    """The day a debrief's timeframe counts from: the words were said at the interview it
    follows (the latest on or before the debrief's date), else on the debrief's own day.
    The planner reads promises so; the statistics, which read events in bulk, too."""
    before = [day for day in interviews if day <= debrief_on]
    return max(before) if before else debrief_on


def nth_for(app: Application, event: AimedEvent, step: str, playbook: Playbook = DEFAULT_PLAYBOOK) -> int | None:
    """The ``nth`` that makes ``event``, recorded last, aim at the step with id ``step``:
    None when rule 4 picks that step anyway. Raises ValueError when no ``nth`` reaches it
    (a step of another kind, contact or phase, or one already settled)."""
    tries: list[int | None] = [None, *range(1, 31)]
    for nth in tries:
        trial = replace(app, events=(*app.events, replace(event, nth=nth)))
        if aimed_steps(trial, playbook).get(len(app.events)) == step:
            return nth
    raise ValueError(f"no {event.kind.value} event can reach step {step}")


def faults(app: Application, playbook: Playbook = DEFAULT_PLAYBOOK) -> tuple[Fault, ...]:
    """What in the application's events cannot be taken as recorded: the services refuse
    an event that would add one, and an import containing one fails. Which step an
    event aims at does not depend on the calendar."""
    return plan(app, playbook).faults
