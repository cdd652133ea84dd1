"""Caseload summaries: the store's counts for a set of job seekers, made into the core's
per-seeker summaries. A fixed handful of queries whatever the number of seekers or
applications; nothing is planned (the steps are already materialized). On PostgreSQL each
summary is kept once counted, and counted again only when the seeker's job search has
changed since (the database dates each change: store/summary_triggers.py) or the day has.

Callers decide whose summaries these are (services.coaching: the seekers who consent);
this module reads exactly the owners it is given, inside a scope naming them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django_scopes import scope

from followthrough import clock
from followthrough.core import caseload
from followthrough.core.caseload import LateSteps, Rank, SeekerFacts, SeekerSummary, Waiting
from followthrough.core.model import ApplicationStatus, StepKind, StepStatus
from followthrough.store import caseload as queries
from followthrough.store.models import Profile
from followthrough.store.owners import DIMENSION

if TYPE_CHECKING:
    from followthrough.store.caseload import KeptRow


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

    with scope(**{DIMENSION: tuple(int(i) for i in owner_ids)}):
        yield


def facts(owner_ids: Sequence[int], names: Mapping[int, str], today: dt.date) -> list[SeekerFacts]:
    """What the store counts for each of ``owner_ids``, in three queries."""

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


# The day a summary is counted for: one for everybody, or each seeker's own (the date where
# they live: "4 days late" means what their own Today page says).
Days = dt.date | Mapping[int, dt.date]


def day_of(days: Days, seeker: int) -> dt.date:
    return days if isinstance(days, dt.date) else days[seeker]


def local_days(
    owner_ids: Sequence[int], now: dt.datetime, zones: Mapping[int, str | None] | None = None
) -> dict[int, dt.date]:
    """Each seeker's date at ``now`` in their own time zone (UTC without a profile);
    ``zones``: their time zones, when the caller has read them already."""

    if zones is None:
        with reading(owner_ids):
            zones = dict(Profile.objects.values_list("owner_id", "timezone"))
    by_zone: dict[str, dt.date] = {}
    days = {}
    for who in owner_ids:
        zone = zones.get(who) or "UTC"
        if zone not in by_zone:
            by_zone[zone] = clock.today_in(zone, now)
        days[who] = by_zone[zone]
    return days


def counted(owner_ids: Sequence[int], names: Mapping[int, str], days: Days) -> list[SeekerSummary]:
    """Each seeker's summary, counted now from the store (three queries a distinct day)."""
    groups: dict[dt.date, list[int]] = {}
    for who in owner_ids:
        groups.setdefault(day_of(days, who), []).append(who)
    return [caseload.summarise(f, day) for day, ids in sorted(groups.items()) for f in facts(ids, names, day)]


@dataclass(frozen=True)
class Kept:
    """A seeker's place in a caseload, with their summary if it was just counted (else it
    is read from the store when shown: :func:`shown`)."""

    rank: Rank
    counted: SeekerSummary | None = None


def kept(owner_ids: Sequence[int], names: Mapping[int, str], days: Days) -> list[Kept]:
    """Each seeker's rank, and summary when counted now. On PostgreSQL a summary counted
    before is used while it describes the seeker's job search as it is, on the same day;
    the others are counted (three queries for all of them) and kept. On SQLite (no
    coaches) all are counted."""

    if not queries.keeps_summaries():
        return [Kept(caseload.rank(s), s) for s in counted(owner_ids, names, days)]
    found: list[Kept] = []
    stale: dict[int, int] = {}  # seeker -> the version to count
    with reading(owner_ids):
        for who, version, summary_of, day, attention, reasons, overdue, most, quiet in queries.kept():
            if summary_of == version and day == day_of(days, who):
                found.append(Kept(Rank(who, names.get(who, ""), attention, reasons, overdue, most, quiet)))
            else:
                stale[who] = version
        fresh = counted(sorted(stale), names, days)
        queries.keep([_row(s, stale[s.seeker], day_of(days, s.seeker)) for s in fresh])
    return found + [Kept(caseload.rank(s), s) for s in fresh]


def shown(found: Sequence[Kept], days: Days) -> list[SeekerSummary]:
    """The summaries of ``found``, in its order: the kept ones read in one query (one kept
    again in between for another day, or changed since, is counted now)."""

    wanted = [k.rank.seeker for k in found if k.counted is None]
    with reading(wanted):
        kept_records = queries.records() if wanted else {}
    records = {who: record for who, (record, day) in kept_records.items() if day == day_of(days, who)}
    names = {k.rank.seeker: k.rank.name for k in found}
    recount = {s.seeker: s for s in counted(sorted(set(wanted) - set(records)), names, days)}
    return [
        k.counted
        or recount.get(k.rank.seeker)
        or caseload.from_record(k.rank.seeker, k.rank.name, json.loads(records[k.rank.seeker]))
        for k in found
    ]


def _row(summary: SeekerSummary, version: int, today: dt.date) -> tuple[KeptRow, str]:
    r = caseload.rank(summary)
    record = json.dumps(caseload.to_record(summary), separators=(",", ":"))
    row = (r.seeker, version, version, today, r.attention, r.reasons, r.overdue, r.most_overdue_days, r.days_quiet)
    return row, record


def summaries(owner_ids: Sequence[int], names: Mapping[int, str], days: Days) -> list[SeekerSummary]:
    """Each seeker's summary, most urgent first."""
    key = caseload.ORDERS["attention"]
    return shown(sorted(kept(owner_ids, names, days), key=lambda k: key(k.rank)), days)
