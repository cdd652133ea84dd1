"""Moving an application between the stages before any interview (the board's cards)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from followthrough.core.job import DERIVED_STAGES, Stage
from followthrough.core.model import ApplicationStatus
from followthrough.services.errors import UserError
from followthrough.services.jobsearch.changes import no_application
from followthrough.store.models import Application, Event

DERIVED_REASONS = {
    "interviewing": "record an interview on its page and it moves there by itself",
    "waiting": "it moves there by itself once an interview recorded is over",
    "closed": "record their answer (or move on) and it is archived by itself",
}


class StageRefused(UserError):
    """The move cannot be made: the stage comes from recorded events, or the card moved.
    ``stage`` is the stage the reason names (in quotes), for a front end to name as it shows it."""

    def __init__(self, reason: str, stage: str | None = None) -> None:
        super().__init__(reason)
        self.stage = stage


@dataclass(frozen=True)
class Moved:
    id: str
    company: str
    before: str
    after: str


def move_to_stage(slug: str, stage: str, expected: str | None = None) -> Moved:
    """Set the stage before any interview, in one transaction that locks the application.

    Refused, changing nothing: a stage that recorded events give (interviewing, waiting,
    closed); an application with an interview or closed (its stage comes from its events);
    and, with ``expected`` (the stage the page showed), one that another move changed
    meanwhile: of two moves made at once from the same page, one lands.
    """

    if stage in DERIVED_STAGES:
        raise StageRefused(f"“{stage}” comes from what was recorded, not from a move: {DERIVED_REASONS[stage]}", stage)
    try:
        target = Stage(stage)
    except ValueError:
        raise StageRefused(f"unknown stage {stage[:40]!r} (one of {', '.join(Stage)})") from None
    with transaction.atomic():
        row = Application.objects.select_for_update().filter(slug=slug).first()
        if row is None:
            raise no_application(slug)
        interviewed = Event.objects.filter(application=row, type="interview").exists()
        if row.status == ApplicationStatus.CLOSED.value:
            raise StageRefused(f"{row.company} is closed: its stage comes from the answer recorded (reopen it first)")
        if interviewed:
            raise StageRefused(
                f"{row.company} has an interview recorded: its stage comes from its events, not from a move"
            )
        current = row.stage or Stage.APPLIED.value  # as the board shows one never set
        if expected is not None and expected != current:
            raise StageRefused(f"{row.company} was moved meanwhile: it is in “{current}” now; nothing changed", current)
        if current == target.value:
            raise StageRefused(f"{row.company} is in “{current}” already: nothing changed", current)
        Application.objects.filter(pk=row.pk).update(stage=target.value)
    return Moved(slug, row.company, current, target.value)
