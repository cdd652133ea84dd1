"""Caseload summaries: the store's counts for a set of job seekers, made into the core's
per-seeker summaries. A fixed handful of queries whatever the number of seekers or
applications; nothing is planned (the steps are already materialized).

Callers decide whose summaries these are (services.coaching: the seekers who consent);
this module reads exactly the owners it is given, inside a scope naming them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from followthrough.core import caseload
from followthrough.core.caseload import LateSteps, SeekerFacts, SeekerSummary, Waiting
from followthrough.core.model import ApplicationStatus, StepKind, StepStatus


@dataclass
class _Phase:
    """The follow-ups of an application's latest waiting phase, counted so far."""

    company: str
    promised: dt.date
    phase: int = -1
    by_email: bool = False
    made: int = 0
    planned: int = 0


@contextmanager
def reading(owner_ids: Sequence[int]) -> Iterator[None]:
    """Read the owned tables of exactly these owners (none: nothing at all). A scope of
    several owners reads only: a new row takes its owner from a scope of one
    (store.owners.acting_owner_id), so a write in here raises."""
    from django_scopes import scope

    from followthrough.store.owners import DIMENSION

    with scope(**{DIMENSION: tuple(int(i) for i in owner_ids)}):
        yield


def facts(owner_ids: Sequence[int], names: Mapping[int, str], today: dt.date) -> list[SeekerFacts]:
    """What the store counts for each of ``owner_ids``, in three queries."""
    from followthrough.store import caseload as queries

    wanted = set(owner_ids)
    stages: dict[int, dict[str, int]] = {i: {} for i in wanted}
    late: dict[int, list[LateSteps]] = {i: [] for i in wanted}
    waiting: dict[int, dict[int, _Phase]] = {i: {} for i in wanted}
    with reading(sorted(wanted)):
        activity: dict[int, dt.date] = {}
        for who, status, outcome, interviewed, n, last in queries.stages(today):
            if who not in wanted:
                continue
            if status == ApplicationStatus.OPEN.value:
                stage = caseload.INTERVIEWED if interviewed else caseload.APPLIED
            else:
                stage = outcome or caseload.APPLIED
            stages[who][stage] = stages[who].get(stage, 0) + n
            if last is not None and (who not in activity or last > activity[who]):
                activity[who] = last
        for who, app, company, kind, n, first in queries.late_steps(today):
            if who in wanted:
                late[who].append(LateSteps(app, company, StepKind(kind), n, first))
        for who, app, company, promised, phase, kind, status, n in queries.follow_ups_past_promise(today):
            if who not in wanted or promised is None:
                continue
            entry = waiting[who].setdefault(app, _Phase(company, promised))
            if phase > entry.phase:  # only the current waiting phase's follow-ups count
                entry.phase, entry.by_email, entry.made, entry.planned = phase, False, 0, 0
            if phase == entry.phase:
                entry.by_email |= kind == StepKind.EMAIL_FOLLOW_UP.value
                entry.made += n if status == StepStatus.DONE.value else 0
                entry.planned += n
    return [
        SeekerFacts(
            seeker=who,
            name=names.get(who, ""),
            stages=stages[who],
            last_activity=activity.get(who),
            late=tuple(sorted(late[who], key=lambda s: (s.due, s.company, s.kind))),
            waiting=tuple(
                Waiting(app, e.company, e.promised, e.made, e.planned, e.by_email)
                for app, e in sorted(waiting[who].items())
            ),
        )
        for who in sorted(wanted)
    ]


def summaries(owner_ids: Sequence[int], names: Mapping[int, str], today: dt.date) -> list[SeekerSummary]:
    """Each seeker's summary, most urgent first."""
    return caseload.attention_first(caseload.summarise(f, today) for f in facts(owner_ids, names, today))
