"""The heart of followthrough: an application's events in, its follow-up steps out.

A pure function of the recorded events, the playbook and the business calendar
(playbook.md section 2). "Today" never enters here; it only decides, elsewhere, which
of the steps are due.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta

from followthrough.core import timeframe
from followthrough.core.calendar import BusinessCalendar
from followthrough.core.model import (
    CALL_KINDS,
    NO_RESPONSE,
    Application,
    CallPermission,
    ContactRole,
    Debrief,
    Event,
    Flag,
    Interview,
    Plan,
    Promise,
    Response,
    ResponseOutcome,
    Step,
    StepDone,
    StepKind,
    StepSkipped,
    StepStatus,
)
from followthrough.core.playbook import DEFAULT_PLAYBOOK, Playbook

# Steps that always go to the hiring officer, whoever that turns out to be: their
# identity is the role, so recording the business card later keeps their ids.
_HIRING_OFFICER_KINDS = frozenset({StepKind.CALL_HIRING_OFFICER, StepKind.EMAIL_HIRING_OFFICER})
_DECISIONS = frozenset(ResponseOutcome) - {ResponseOutcome.NOT_DECIDED}


def step_id(application: str, kind: StepKind, who: str, phase_key: str, ordinal: int) -> str:
    material = "\x1f".join((application, kind.value, who, phase_key, str(ordinal)))
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

    def settle(self, status: StepStatus, on: dt.date) -> None:
        self.status, self.done_on = status, on


@dataclass
class _Phase:
    index: int
    key: str
    anchor: dt.date  # D, the interview's date, or the date of a "not decided" response
    promised: dt.date | None = None  # T
    unresolved: bool = False
    opened_by_interview: bool = True
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
        self.app, self.playbook, self.calendar, self.fallback = app, playbook, calendar, fallback
        officer = next((c for c in app.contacts if c.role is ContactRole.HIRING_OFFICER), None)
        self.officer = officer.key if officer else None
        self.insiders = [c.key for c in app.contacts if c.role is ContactRole.INSIDE_CONTACT]
        self.phases: list[_Phase] = []
        self.phase_keys: dict[str, int] = {}
        self.promises: list[Promise] = []
        self.outcome: str | None = None
        self.asked_not_to_call = False
        self.debriefs: list[Debrief] = []

    # -- taking events, in date order (rule 1) -------------------------------------------

    def take(self, event: Event) -> None:
        if isinstance(event, Interview):
            self._open_phase("interview", event.on, promised=None, by_interview=True)
            phase = self.phases[-1]
            for key in dict.fromkeys(event.with_):
                phase.thank_yous.append(_Slot(StepKind.THANK_YOU_NOTE, key, phase, due=event.on))
        elif isinstance(event, Debrief):
            self._take_debrief(event)
        elif isinstance(event, Response):
            if event.outcome is ResponseOutcome.NOT_DECIDED:
                self._open_phase("response", event.on, promised=event.decision_by, by_interview=False)
            elif event.outcome in _DECISIONS:
                self._close(event.outcome.value)
        elif isinstance(event, StepDone | StepSkipped):
            self._settle(event)

    def _open_phase(self, what: str, on: dt.date, promised: dt.date | None, by_interview: bool) -> None:
        base = f"{what}@{on.isoformat()}"
        seen = self.phase_keys.get(base, 0)
        self.phase_keys[base] = seen + 1
        phase = _Phase(len(self.phases), f"{base}#{seen}", on, promised, opened_by_interview=by_interview)
        calls = [_Slot(StepKind.CALL_HIRING_OFFICER, self.officer, phase, n) for n in range(self.playbook.calls)]
        insiders = [_Slot(StepKind.CALL_INSIDE_CONTACT, key, phase) for key in self.insiders]
        if not self.playbook.call_inside_contacts:
            insiders = []
        phase.waiting = [
            *calls,
            *insiders,
            _Slot(StepKind.EMAIL_HIRING_OFFICER, self.officer, phase),
            _Slot(StepKind.MOVE_ON, None, phase),
        ]
        self.phases.append(phase)

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
            interviews = [p for p in self.phases if p.opened_by_interview and p.anchor <= debrief.on]
            # The words were said at the interview: they count from its date.
            said_on = interviews[-1].anchor if interviews else debrief.on
            resolved = timeframe.resolve(debrief.timeframe, said_on, self.calendar, self.fallback)
            self.promises.append(Promise(debrief.timeframe, said_on, resolved))
            if interviews:
                interviews[-1].promised = resolved
                interviews[-1].unresolved = resolved is None

    def _settle(self, event: StepDone | StepSkipped) -> None:
        status = StepStatus.DONE if isinstance(event, StepDone) else StepStatus.SKIPPED
        if event.kind is StepKind.THANK_YOU_NOTE:
            candidates = [s for p in self.phases for s in p.thank_yous if s.contact == event.contact]
        elif self.phases:
            candidates = [
                s
                for s in self.phases[-1].waiting
                if s.kind is event.kind and (s.contact == event.contact or self._unnamed_officer(event))
            ]
        else:
            candidates = []
        slot = next((s for s in candidates if s.status is StepStatus.PENDING), None)
        if slot is not None:
            slot.settle(status, event.on)
        elif status is StepStatus.DONE and event.kind in CALL_KINDS and self.phases:
            # A call beyond the plan still happened: keep it, and keep the pest guard honest.
            phase = self.phases[-1]
            ordinal = 1 + max((s.ordinal for s in phase.waiting if s.kind is event.kind), default=-1)
            who = event.contact if event.contact is not None else self.officer
            extra = _Slot(event.kind, who, phase, ordinal, status, event.on, extra=True)
            phase.waiting.insert(self._after_last_call(phase), extra)
        if status is StepStatus.DONE and event.kind is StepKind.MOVE_ON and self.outcome is None:
            self._close(NO_RESPONSE)

    @staticmethod
    def _unnamed_officer(event: StepDone | StepSkipped) -> bool:
        """A call or e-mail to "the hiring officer" logged before their card was recorded."""
        return event.kind in _HIRING_OFFICER_KINDS and event.contact is None

    @staticmethod
    def _after_last_call(phase: _Phase) -> int:
        return 1 + max((i for i, s in enumerate(phase.waiting) if s.kind in CALL_KINDS), default=-1)

    def _close(self, outcome: str) -> None:
        self.outcome = outcome
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
        if self.asked_not_to_call and not self.playbook.call_when_asked_not_to:
            for phase in self.phases:
                phase.waiting = [
                    s
                    for s in phase.waiting
                    if not (s.kind is StepKind.CALL_HIRING_OFFICER and s.status is StepStatus.PENDING)
                ]
        for phase in self.phases:
            self._date_waiting_steps(phase)
        self._guard_against_pestering()
        steps = [self._step(slot) for slot in self._all_slots()]
        steps.sort(key=lambda s: (s.due, s.kind.value, s.contact or ""))
        return Plan(
            application=self.app.id,
            status="closed" if self.outcome else "open",
            outcome=self.outcome,
            steps=tuple(steps),
            promises=tuple(self.promises),
        )

    def _date_waiting_steps(self, phase: _Phase) -> None:
        book, roll = self.playbook, self.calendar.roll
        if phase.promised is not None:  # B, B+7, B+14 with B the first business day after T
            start = self.calendar.next_business_day_after(phase.promised)
            email = roll(phase.promised + relativedelta(months=book.email_after_months))
        else:  # D+7, D+14, D+21
            start = phase.anchor + dt.timedelta(days=book.first_call_without_timeframe_days)
            email = roll(phase.anchor + relativedelta(months=book.email_after_months))
        first_call = roll(start)
        for slot in phase.waiting:
            if slot.extra:
                slot.due = roll(slot.done_on or phase.anchor)
            elif slot.kind is StepKind.CALL_HIRING_OFFICER:
                slot.due = roll(start + dt.timedelta(days=book.days_between_calls * slot.ordinal))
            elif slot.kind is StepKind.CALL_INSIDE_CONTACT:
                slot.due = first_call
            elif slot.kind is StepKind.EMAIL_HIRING_OFFICER:
                slot.due = email
            elif slot.kind is StepKind.MOVE_ON:
                slot.due = roll(email + dt.timedelta(days=book.move_on_days_after_email))

    def _guard_against_pestering(self) -> None:
        """Keep every call at least a week after the previous call to the same person:
        as made when it was made, else as planned. Calls never made (skipped, cancelled)
        of an earlier phase hold nothing back; within a phase a skipped call keeps the
        rest where they were."""
        gap = dt.timedelta(days=self.playbook.min_days_between_calls_to_one_person)
        calls = [s for p in self.phases for s in p.waiting if s.kind in CALL_KINDS]
        made: dict[str | None, list[dt.date]] = {}
        for slot in calls:
            if slot.status is StepStatus.DONE and slot.done_on is not None:
                made.setdefault(slot.contact, []).append(slot.done_on)
        for phase in self.phases:
            previous: dict[str | None, dt.date] = {}
            for slot in phase.waiting:
                if slot.kind not in CALL_KINDS or slot.extra:
                    continue
                assert slot.due is not None
                last = previous.get(slot.contact)
                if last is not None:
                    slot.due = max(slot.due, self.calendar.roll(last + gap))
                if slot.status in (StepStatus.PENDING, StepStatus.SKIPPED):
                    slot.due = self._clear_of(slot.due, sorted(made.get(slot.contact, [])), gap)
                if slot.status is StepStatus.DONE and slot.done_on is not None:
                    previous[slot.contact] = slot.done_on
                elif slot.status is not StepStatus.CANCELLED:
                    previous[slot.contact] = slot.due

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
            id=step_id(self.app.id, slot.kind, who, slot.phase.key, slot.ordinal),
            kind=slot.kind,
            contact=slot.contact,
            due=slot.due,
            status=slot.status,
            done_on=slot.done_on if slot.status in (StepStatus.DONE, StepStatus.SKIPPED) else None,
            flags=frozenset(flags),
            phase=slot.phase.index,
        )


def plan(
    app: Application,
    playbook: Playbook = DEFAULT_PLAYBOOK,
    calendar: BusinessCalendar | None = None,
    fallback: timeframe.Fallback | None = None,
) -> Plan:
    """Every follow-up step the application calls for, with its status and due date."""
    planner = _Planner(app, playbook, calendar or BusinessCalendar(), fallback)
    for event in sorted(app.events, key=lambda e: e.on):
        planner.take(event)
    return planner.finish()
