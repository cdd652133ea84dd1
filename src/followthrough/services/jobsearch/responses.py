"""The employer's answer, recorded one way for every front end: the command line's
``respond``, the application page's form, and a reply the watcher found that the user
confirms (services.mail.watch). "Not decided yet, we'll know by …" restarts the wait from the
new date, read from the words by the one timeframe reader (services.fastpath.promises), and the
answer is recorded through the one change path (services.jobsearch.changes) in one transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from followthrough.core.model import Plan, Response, ResponseOutcome
from followthrough.services.errors import Field, Hint, Refusal
from followthrough.services.fastpath import promises
from followthrough.services.jobsearch.applications import check_open_for
from followthrough.services.jobsearch.changes import changing


class NewDateNeedsNotDecided(Refusal):
    """A new decision date came with an answer other than "not decided yet": only a wait
    that goes on has a new date."""


@dataclass(frozen=True)
class ResponseRecorded:
    """What was recorded: the answer as stored (its date, outcome, who said it, the new
    decision date read from the words and the words), and the plan it made."""

    response: Response
    plan: Plan

    @property
    def decision_by(self) -> dt.date | None:
        """The new decision date ("not decided yet"), as read from the words; None: none given."""
        return self.response.decision_by


def said_words(words: str, read_as: dt.date | None) -> str | None:
    """The words a new date was read from, kept with it ("by the end of next week"); None
    when there are none to keep (a date typed as a date)."""
    words = " ".join(words.split())
    return words if read_as is not None and words and words != read_as.isoformat() else None


def check_new_date(outcome: ResponseOutcome, decision_by: str | dt.date | None) -> None:
    """A new decision date goes with "not decided yet" only."""
    if decision_by and outcome is not ResponseOutcome.NOT_DECIDED:
        raise NewDateNeedsNotDecided(
            "goes only with an answer that is not decided yet",
            Field.DECISION_BY,
            str(decision_by),
            Hint.ONLY_WHEN_NOT_DECIDED,
        )


def record_response(
    application: str,
    outcome: ResponseOutcome,
    decision_by: str | dt.date | None = None,
    said_by: str | None = None,
    on: dt.date | None = None,
    replace: bool = False,
) -> ResponseRecorded:
    """Record the employer's answer (or the user's withdrawal) to ``application`` and re-plan.

    ``decision_by``: for "not decided yet", the new date they gave, as a date or in their
    words ("by end of next week"), read from ``on`` (default: the user's today) on the
    employer's business days. ``said_by``: the key of the person who said it. A decision
    on an application closed with another one needs ``replace``; anything else on a closed
    application is refused (reopen it first).
    """
    check_new_date(outcome, decision_by)
    with changing(application) as change:
        when = on or change.today
        words = None
        if isinstance(decision_by, str):
            new_date = promises.decision_date(decision_by, when, change.calendar) if decision_by else None
            words = said_words(decision_by, new_date)
        else:
            new_date = decision_by
        event = Response(when, outcome, said_by, new_date, words)
        check_open_for(change, event, replace)
        return ResponseRecorded(event, change.record(event))
