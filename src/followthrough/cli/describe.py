"""Recorded events and where applications stand, in words for a terminal.

A code the user types to correct something (`event edit N --outcome not_decided`) is
kept after its words, in brackets; one that reads as a word already is shown once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from followthrough.cli.render import day
from followthrough.core import words
from followthrough.core.explain import ordinal
from followthrough.core.model import Application, Step

# A call's outcome, and whether they may be called, as people say it.
CALL_OUTCOMES = {"reached": "reached them", "voicemail": "left a voicemail", "no_answer": "no answer"}
CALL_PERMISSIONS = {
    "ok": "you may call",
    "asked_not_to_call": "they asked you not to call",
    "not_asked": "not asked whether you may call",
}
# Debrief answers that are yes or no: what each says when true.
SAID_WHEN_TRUE = {"card": "got the card", "stated_interest": "said you want the job", "final": "final"}
LABELS = {"how_did_i_do": "how you did, in their words", "notes": "notes", "note": "note", "timeframe": "timeframe"}


def with_code(said: str, code: str) -> str:
    """'not decided yet (not_decided)': the words, and the code when it reads otherwise."""
    return said if said == code else f"{said} ({code})"


def state(status: str, outcome: str | None) -> str:
    """Where an application stands, in lower case: 'open', 'no response (no_response)'."""
    return with_code(words.outcome(outcome).lower(), outcome) if outcome else status


def status_cell(step: Step) -> str:
    """'pending', 'done on Fri 2026-11-13': a step's status in a plan's column."""
    return f"{step.status.value} on {day(step.done_on)}" if step.done_on else step.status.value


def _when(value: object) -> str:
    try:
        return day(dt.date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


def describe_event(event: dict[str, Any], record: Application) -> str:
    """One event in words: 'interview  at: 14:00; with Ann Lee, Bo Park; final'."""

    def name(key: object) -> str:
        who = record.contact(str(key))
        return who.name if who else str(key)

    kind = str(event["type"]).replace("_", " ")
    details = []
    for field, value in event.items():
        if field in ("type", "on"):
            continue
        if field == "with":
            details.append("with " + ", ".join(map(name, value)) if value else "with nobody recorded")
        elif field in ("contact", "from"):
            details.append(f"{field} {name(value)}")
        elif field == "kind":
            kind = f"{kind}: {words.kind_noun(str(value))}"
        elif field == "outcome" and event["type"] == "response":
            details.append(f"answer: {with_code(words.outcome(str(value)).lower(), str(value))}")
        elif field == "outcome":
            details.append(with_code(CALL_OUTCOMES.get(str(value), str(value).replace("_", " ")), str(value)))
        elif field == "call_permission":
            details.append(with_code(CALL_PERMISSIONS.get(str(value), str(value).replace("_", " ")), str(value)))
        elif field == "decision_by":
            details.append(f"they will decide by {_when(value)}")
        elif field == "nth" and isinstance(value, int):
            details.append(f"the {ordinal(value)} of its kind")
        elif value is True:
            details.append(SAID_WHEN_TRUE.get(field, field.replace("_", " ")))
        elif value is not False:
            details.append(f"{LABELS.get(field, field.replace('_', ' '))}: {value}")
    return f"{kind}  " + "; ".join(details) if details else kind
