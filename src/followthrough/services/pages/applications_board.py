"""The applications board: every open application in the stage it has reached, searched
and filtered; closed ones in the archive.

Stages before any interview (saved, applied, screening) are the user's to set; the later
ones come from what was recorded: an interview today or ahead (interviewing), one behind
(waiting for an answer), an answer that closed it (the archive).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, Min, OuterRef, Q, Subquery

from followthrough.core.job import DERIVED_STAGES, Stage
from followthrough.core.model import ApplicationStatus, StepStatus
from followthrough.store.models import Application, Event, Step
from followthrough.store.models import Application as ApplicationRow

PRE_INTERVIEW = tuple(s.value for s in Stage)
STAGES = (*PRE_INTERVIEW, "interviewing", "waiting")  # the board's columns, in order
CLOSED = DERIVED_STAGES[-1]
MAX_SEARCH = 200
CHUNK = 500  # applications read at once to find the promises that passed


@dataclass(frozen=True)
class Filters:
    """What the board is narrowed to: each a GET parameter, so a view can be bookmarked."""

    search: str = ""  # in the company, the role, the notes and the tags
    company: str = ""  # a part of the company's name
    role: str = ""
    tag: str = ""  # one tag, whole (any case)
    stage: str = ""  # one of STAGES: only that column
    promise_passed: bool = False  # waiting, and the decision date they promised has passed

    def __post_init__(self) -> None:
        for name in ("search", "company", "role", "tag"):
            object.__setattr__(self, name, " ".join(str(getattr(self, name)).split())[:MAX_SEARCH])
        if self.stage not in STAGES:
            object.__setattr__(self, "stage", "")

    @property
    def any(self) -> bool:
        return bool(self.search or self.company or self.role or self.tag or self.stage or self.promise_passed)


@dataclass(frozen=True)
class Card:
    id: str
    company: str
    role: str
    stage: str
    outcome: str | None
    applied_on: dt.date | None
    last_interview: dt.date | None
    next_due: dt.date | None
    priority: int | None = None
    tags: tuple[str, ...] = ()
    location: str | None = None

    @property
    def movable(self) -> bool:
        """Its stage is the user's to set (no interview recorded, not closed)."""
        return self.stage in PRE_INTERVIEW


@dataclass
class Column:
    stage: str
    total: int = 0
    cards: list[Card] = field(default_factory=list)


@dataclass
class Board:
    columns: list[Column]
    archived: int  # closed applications the filters let through: the "Archive (N)" link


def stage_of(status: str, last_interview: dt.date | None, today: dt.date, stage: str | None = None) -> str:
    """The column: the stored stage before any interview (applied when none was set);
    interviewing while one is today or ahead; waiting for an answer after it."""
    if status == ApplicationStatus.CLOSED:
        return CLOSED
    if last_interview is None:
        return stage or Stage.APPLIED.value
    return "interviewing" if last_interview >= today else "waiting"


def with_tag(rows: Any, tag: str) -> Any:
    """``rows`` narrowed to the applications tagged ``tag`` (whole, any case)."""

    tag = tag.strip()
    return rows.filter(
        Q(tags__iexact=tag)
        | Q(tags__istartswith=f"{tag}, ")
        | Q(tags__iendswith=f", {tag}")
        | Q(tags__icontains=f", {tag}, ")
    )


def _filtered(rows: Any, filters: Filters) -> Any:
    if filters.search:
        words = filters.search
        found = Q(company__icontains=words) | Q(role__icontains=words)
        rows = rows.filter(found | Q(notes__icontains=words) | Q(tags__icontains=words))
    if filters.company:
        rows = rows.filter(company__icontains=filters.company)
    if filters.role:
        rows = rows.filter(role__icontains=filters.role)
    if filters.tag:
        rows = with_tag(rows, filters.tag)
    return rows


_FIELDS = ("slug", "company", "role", "status", "outcome", "applied_on", "last_interview", "next_due", "id")
_JOB = ("priority", "tags", "location", "stage")


def _rows(status: str, filters: Filters) -> Any:
    interviews = (
        Event.objects.filter(application=OuterRef("pk"), type="interview")
        .values("application")
        .annotate(last=Max("on"))
        .values("last")
    )
    pending = (
        Step.objects.filter(application=OuterRef("pk"), status=StepStatus.PENDING)
        .values("application")
        .annotate(first=Min("due"))
        .values("first")
    )
    rows = _filtered(Application.objects.filter(status=status), filters)
    return rows.annotate(last_interview=Subquery(interviews), next_due=Subquery(pending)).values_list(*_FIELDS, *_JOB)


def _card(row: tuple[Any, ...], today: dt.date) -> tuple[int, Card]:
    slug, company, role, status, outcome, applied_on, last, next_due, pk, priority, tags, location, stage = row
    where = stage_of(status, last, today, stage)
    words = tuple(t for t in (tags or "").split(", ") if t)
    return pk, Card(slug, company, role, where, outcome, applied_on, last, next_due, priority, words, location)


def board(today: dt.date, filters: Filters | None = None, per_column: int = 50, offset: int = 0) -> Board:
    """The columns in stage order (only the filter's stage when it names one), each with
    its total and up to ``per_column`` cards from ``offset``: high priority first, then
    the soonest due. Two queries: the open applications, and the closed ones counted."""

    filters = filters or Filters()
    columns = {stage: Column(stage) for stage in STAGES}
    sortable: dict[str, list[tuple[tuple[int, dt.date, int], Card]]] = {stage: [] for stage in STAGES}
    far = dt.date.max
    cards = [_card(row, today) for row in _rows(ApplicationStatus.OPEN.value, filters)]
    if filters.stage:
        cards = [(pk, c) for pk, c in cards if c.stage == filters.stage]
    if filters.promise_passed:
        passed = promise_passed({c.id for _, c in cards if c.stage == "waiting"}, today)
        cards = [(pk, c) for pk, c in cards if c.id in passed]
    for pk, card in cards:
        columns[card.stage].total += 1
        sortable[card.stage].append(((card.priority or 4, card.next_due or far, pk), card))
    for stage, listed in sortable.items():
        listed.sort(key=lambda item: item[0])
        columns[stage].cards = [c for _, c in listed[offset : offset + per_column]]
    shown = [columns[s] for s in STAGES if not filters.stage or s == filters.stage]
    archived = 0
    if not filters.stage and not filters.promise_passed:  # neither lets a closed application through
        archived = _filtered(Application.objects.filter(status=ApplicationStatus.CLOSED.value), filters).count()
    return Board(shown, archived)


def archive(today: dt.date, filters: Filters | None = None, limit: int = 200, offset: int = 0) -> Column:
    """The closed applications the filters let through, the most recent first."""
    filters = filters or Filters()
    column = Column(CLOSED)
    if filters.stage or filters.promise_passed:
        return column
    rows = _rows(ApplicationStatus.CLOSED.value, filters)
    column.total = rows.count()
    column.cards = [_card(row, today)[1] for row in rows.order_by("-id")[offset : offset + limit]]
    return column


def promise_passed(slugs: set[str], today: dt.date) -> set[str]:
    """Those of ``slugs`` whose current wait has a promised decision date before ``today``:
    the date the planner gave the current waiting phase, kept with the application each
    time its plan is written (``promised_on``), so no plan is made to filter."""
    if not slugs:
        return set()

    passed: set[str] = set()
    ordered = sorted(slugs)
    for start in range(0, len(ordered), CHUNK):  # a bounded IN list, whatever the database allows
        chunk = ordered[start : start + CHUNK]
        rows = ApplicationRow.objects.filter(slug__in=chunk, promised_on__lt=today)
        passed.update(rows.values_list("slug", flat=True))
    return passed
