"""The applications board: every application in the stage it has reached."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from followthrough.core.model import ApplicationStatus, StepStatus

STAGES = ("applied", "interviewing", "waiting", "closed")


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


@dataclass
class Column:
    stage: str
    total: int = 0
    cards: list[Card] = field(default_factory=list)


def stage_of(status: str, last_interview: dt.date | None, today: dt.date) -> str:
    """applied: no interview yet; interviewing: one is today or ahead; waiting: for an answer."""
    if status == ApplicationStatus.CLOSED:
        return "closed"  # the board's column: a stage, not a status
    if last_interview is None:
        return "applied"
    return "interviewing" if last_interview >= today else "waiting"


def board(today: dt.date, per_column: int = 50, only: str | None = None, offset: int = 0) -> list[Column]:
    """The columns in stage order, each with its total and up to ``per_column`` cards.

    Open applications come soonest-due first; closed ones most recent first.
    """
    from django.db.models import Max, Min, OuterRef, Subquery

    from followthrough.store.models import Application, Event, Step

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
    fields = ("slug", "company", "role", "status", "outcome", "applied_on", "last_interview", "next_due", "id")
    listed = Application.objects.annotate(last_interview=Subquery(interviews), next_due=Subquery(pending))
    columns = {stage: Column(stage) for stage in STAGES}
    # Open applications are few, each placed by its interviews and sorted by its next step;
    # closed ones, most of a long search, are only counted, and one page of them read.
    open_cards: dict[str, list[tuple[dt.date, int, Card]]] = {stage: [] for stage in STAGES}
    far = dt.date.max
    if only != "closed":
        for slug, company, role, status, outcome, applied_on, last, next_due, pk in listed.exclude(
            status=ApplicationStatus.CLOSED
        ).values_list(*fields):
            stage = stage_of(status, last, today)
            if only and stage != only:
                continue
            columns[stage].total += 1
            open_cards[stage].append(
                (next_due or far, pk, Card(slug, company, role, stage, outcome, applied_on, last, next_due))
            )
    for stage, cards in open_cards.items():
        cards.sort(key=lambda item: (item[0], item[1]))  # soonest-due first
        columns[stage].cards = [c for _, _, c in cards[offset : offset + per_column]]
    if only in (None, "closed"):
        closed = listed.filter(status=ApplicationStatus.CLOSED)
        columns["closed"].total = closed.count()
        newest_first = closed.order_by("-id")[offset : offset + per_column].values_list(*fields)
        columns["closed"].cards = [
            Card(slug, company, role, "closed", outcome, applied_on, last, next_due)
            for slug, company, role, _status, outcome, applied_on, last, next_due, _pk in newest_first
        ]
    return [columns[s] for s in STAGES if not only or s == only]
