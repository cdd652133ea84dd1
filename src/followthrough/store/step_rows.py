"""A planned step as its stored row, and the facts kept with its application: the one
mapping every path that writes them goes through (the ORM's re-plan, the import's bulk
insert, the sqlite3 fast path of done and skip).

Keyed by column, as :mod:`followthrough.store.step_table` names them (for these columns
the models' attribute names are the same: tests/test_step_table.py checks it). Free of
Django: the fast path imports it.
"""

from __future__ import annotations

from followthrough.core.caseload import row_facts
from followthrough.core.model import Application, Plan, Step
from followthrough.store.step_table import STEP_COLUMNS

STEP_KEYS = ("id", "application_id")  # which step of which application: the rest is the plan's
STEP_PLANNED = tuple(column for column in STEP_COLUMNS if column not in STEP_KEYS)
ROW_FACTS = ("status", "outcome", "promised_on", "interviews", "last_event_on")  # core.caseload.row_facts' order


def step_row(step: Step, contact_id: int | None) -> dict[str, object]:
    """The stored step's planned columns (:data:`STEP_PLANNED`), dates as dates."""
    return {
        "kind": step.kind.value,
        "contact_id": contact_id,
        "contact_key": step.contact,
        "due": step.due,
        "status": step.status.value,
        "done_on": step.done_on,
        "flags": ",".join(sorted(step.flags)),
        "phase": step.phase,
    }


def application_facts(application: Application, plan: Plan) -> dict[str, object]:
    """The application row's columns that follow from its events and its plan
    (:data:`ROW_FACTS`), dates as dates."""
    return dict(zip(ROW_FACTS, row_facts(application, plan), strict=True))
