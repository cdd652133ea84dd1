"""What the commands print with --json: one function per shape.

docs/exchange.md documents the agenda's and the plan's shapes for other programs; the others
(list, events, journal, away, playbooks, remind, worker, stats) are read by scripts too. Each
shape is written out key by key: a new field is one line, where its siblings are. Only the
command line prints these (the web serves pages, not JSON), so they live with it.

Light at import time (``json`` alone; the types are for the checker): the agenda's fast
path prints through this module.
"""

from __future__ import annotations

import json

TYPE_CHECKING = False  # typing itself costs the fast path a few milliseconds
if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Container, Iterable, Mapping, Sequence
    from pathlib import Path
    from typing import Any, Protocol

    from followthrough.core.agenda import Agenda, AgendaEntry
    from followthrough.core.model import AwayPeriod, Plan, Promise, Step
    from followthrough.core.playbook import Playbook
    from followthrough.core.statistics import Statistics
    from followthrough.services.corrections import JournalRecord, Numbered
    from followthrough.services.jobsearch import ApplicationSummary, Listed, PlaybookFileFault
    from followthrough.services.reminders import Reminder

    # A step's e-mail, when the product scheduled or sent it: ("scheduled" or "sent", when).
    MailStates = Mapping[str, tuple[str, dt.datetime | None]]

    class PossibleResponse(Protocol):
        """A message the reply watcher found that may be an answer (either agenda path reads them)."""

        id: int
        application: str
        company: str
        sender: str
        subject: str
        date: dt.date
        reason: str


def _document(body: object) -> str:
    """A whole document, indented, in the user's own letters (ä, not \\u00e4)."""
    return json.dumps(body, indent=2, ensure_ascii=False)


# -- followthrough agenda --json (docs/exchange.md) ---------------------------------------


def agenda_step(entry: AgendaEntry, as_of: dt.date) -> dict[str, object]:
    body: dict[str, object] = {
        "id": entry.id,
        "application": entry.application,
        "company": entry.company,
        "role": entry.role,
        "kind": entry.kind,
        "contact": entry.contact,
        "contact_name": entry.contact_name,
        "due": entry.due.isoformat(),
        "overdue": entry.overdue(as_of),
        "flags": list(entry.flags),
    }
    if entry.together:  # one person, one call: the other applications' calls this entry stands for
        body["together"] = [
            {"id": c.id, "application": c.application, "role": c.role, "due": c.due.isoformat()} for c in entry.together
        ]
    return body


def possible_response(found: PossibleResponse) -> dict[str, object]:
    return {
        "id": found.id,
        "application": found.application,
        "company": found.company,
        "sender": found.sender,
        "subject": found.subject,
        "date": found.date.isoformat(),
        "reason": found.reason,
    }


def agenda_body(agenda: Agenda) -> dict[str, object]:
    body: dict[str, object] = {
        "as_of": agenda.as_of.isoformat(),
        "steps": [agenda_step(entry, agenda.as_of) for entry in agenda.entries],
    }
    possible = getattr(agenda, "possible", None)  # the reply watcher's finds, when the path read them
    if possible:  # only when there are some: the documented shape stays as it was
        body["possible_responses"] = [possible_response(p) for p in possible]
    return body


def agenda(agenda: Agenda) -> str:
    return _document(agenda_body(agenda))


# -- followthrough plan APPLICATION --json (docs/exchange.md) -------------------------------


def plan_step(step: Step, in_doubt: Container[str], mail: MailStates | None = None) -> dict[str, object]:
    body: dict[str, object] = {
        "id": step.id,
        "kind": step.kind.value,
        "contact": step.contact,
        "due": step.due.isoformat(),
        "status": step.status.value,
    }
    if step.done_on:
        body["done_on"] = step.done_on.isoformat()
    if step.flags:
        body["flags"] = sorted(step.flags)
    if step.id in in_doubt:  # sent, but the connection dropped: it may not have arrived
        body["delivery"] = "uncertain"
    state, at = (mail or {}).get(step.id, (None, None))
    if at is not None:  # waiting for the employer's working hours (their time), or gone
        body["scheduled_for" if state == "scheduled" else "sent_at"] = at.isoformat()
    return body


def promise(said: Promise) -> dict[str, object]:
    return {
        "said": said.said,
        "on": said.said_on.isoformat(),
        "date": said.resolves_to.isoformat() if said.resolves_to else None,
    }


def given_promise(said: Promise) -> dict[str, object]:
    """A promise with who gave it (a contact key, or null) and how: at a debrief, or in a
    "not decided yet" answer."""
    return promise(said) | {"by": said.by, "source": said.source}


def plan_body(plan: Plan, in_doubt: Container[str], mail: MailStates | None = None) -> dict[str, object]:
    body: dict[str, object] = {
        "application": plan.application,
        "status": plan.status,
        "outcome": plan.outcome,
        "steps": [plan_step(step, in_doubt, mail) for step in plan.steps],
    }
    if plan.promises:  # the debriefs' promises, as before
        body["promised"] = [promise(p) for p in plan.promises]
    body["promise"] = given_promise(plan.promise) if plan.promise else None  # the one the wait counts from
    body["earlier_promises"] = [given_promise(p) for p in plan.earlier_promises]
    return body


def plan(plan: Plan, in_doubt: Container[str], mail: MailStates | None = None) -> str:
    return _document(plan_body(plan, in_doubt, mail))


# -- followthrough list --json ----------------------------------------------------------


def listed_application(row: ApplicationSummary) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": row.id,
        "company": row.company,
        "role": row.role,
        "status": row.status,
        "outcome": row.outcome,
        "applied_on": row.applied_on.isoformat() if row.applied_on else None,
        "next_due": row.next_due.isoformat() if row.next_due else None,
    }
    job: dict[str, Any] = row.job.to_dict()  # the job's own fields, as the exchange format writes them
    return body | job


def applications(rows: Iterable[ApplicationSummary]) -> str:
    return _document({"applications": [listed_application(row) for row in rows]})


# -- followthrough events APPLICATION --json [--removed], and journal --json --------------


def numbered_event(numbered: Numbered) -> dict[str, Any]:
    return {"n": numbered.n, **numbered.event}


def journal_entry(kept: JournalRecord) -> dict[str, Any]:
    body: dict[str, Any] = {"application": kept.application, "what": kept.what, "why": kept.why}
    if kept.n is not None:
        body["n"] = kept.n
    if kept.key:
        body["key"] = kept.key
    body["at"] = kept.at.isoformat(timespec="seconds")
    body["before"] = kept.before
    if kept.after is not None:
        body["after"] = kept.after
    return body


def events(application: str, numbered: Iterable[Numbered], removed: Iterable[JournalRecord] | None = None) -> str:
    """The recorded events; with ``removed`` (``--removed``), what corrections took out too."""
    body: dict[str, Any] = {"application": application, "events": [numbered_event(e) for e in numbered]}
    if removed is not None:
        body["removed"] = [journal_entry(k) for k in removed]
    return _document(body)


def journal(kept: Iterable[JournalRecord]) -> str:
    return _document({"journal": [journal_entry(k) for k in kept]})


# -- followthrough away list --json --------------------------------------------------------


def away_period(n: int, period: AwayPeriod) -> dict[str, object]:
    return {"n": n, "from": period.from_.isoformat(), "until": period.until.isoformat()}


def away(periods: Iterable[AwayPeriod]) -> str:
    listed = [away_period(n, p) for n, p in enumerate(periods, start=1)]
    return json.dumps({"away": listed}, indent=2)  # ASCII: dates and numbers only


# -- followthrough playbooks --json, playbook show NAME --json ------------------------------


def listed_playbook(item: Listed) -> dict[str, Any]:
    return {
        "name": item.book.name,
        "source": item.source,
        "default": item.default,
        "applications": item.used_by,
        "values": item.book.values(),
    }


def playbook_fault(fault: PlaybookFileFault) -> dict[str, Any]:
    return {"file": str(fault.path), "line": fault.line, "key": fault.key, "reason": fault.reason}


def playbooks(listed: Iterable[Listed], folder: Path, faults: Iterable[PlaybookFileFault] = ()) -> str:
    return json.dumps(
        {
            "playbooks": [listed_playbook(item) for item in listed],
            "folder": str(folder),
            "faults": [playbook_fault(fault) for fault in faults],
        }
    )


def playbook(book: Playbook) -> str:
    return json.dumps({"name": book.name, "values": book.values()})


# -- followthrough remind --json, worker --json --------------------------------------------


def reminder(item: Reminder) -> dict[str, Any]:
    return {
        "id": item.step_id,
        "application": item.application,
        "company": item.company,
        "role": item.role,
        "kind": item.kind,
        "contact": item.contact,
        "contact_name": item.contact_name,
        "due": item.due.isoformat(),
        "late": item.late,
    }


def reminders_run(
    as_of: dt.date, delivered: Iterable[tuple[Reminder, Sequence[str]]], failed: object, dry_run: bool = False
) -> str:
    """What one ``remind`` run delivered, each reminder with the channels it went to."""
    body: dict[str, Any] = {
        "as_of": as_of.isoformat(),
        "delivered": [reminder(item) | {"channels": names} for item, names in delivered],
        "failed": failed,
    }
    if dry_run:
        body["dry_run"] = True
    return _document(body)


def digest_line(digest: Iterable[Reminder], day: dt.date) -> str:
    """One digest as one line (the worker's terminal output)."""
    return json.dumps({"day": day.isoformat(), "delivered": [reminder(item) for item in digest]}, ensure_ascii=False)


# -- followthrough stats --json (docs/exchange.md) -------------------------------------------


def statistics(found: Statistics, as_of: dt.date) -> str:
    """What the Statistics page shows: counts, shares (0 to 1, null with nothing to count),
    days to an answer, where applications stand, and each playbook's counts."""
    from followthrough.core.statistics import OUTCOME_ORDER, WAIT_BUCKETS  # not on the agenda's fast path

    median = found.median_days_to_answer
    waits = dict(found.wait_histogram())
    body: dict[str, Any] = {
        "as_of": as_of.isoformat(),
        "applications": found.applications,
        "active": found.active,
        "interviewed": found.interviewed,
        "answered": found.answered,
        "response_rate": found.response_rate,
        "promises_due": found.promises_due,
        "promises_kept": found.promises_kept,
        "promises_kept_share": found.promises_kept_share,
        "median_days_to_answer": None if median is None else float(median),
        "days_to_answer": list(found.days_to_answer),
        "waits": [
            {"label": label, "from_day": low, "to_day": high if high < 10**6 else None, "applications": waits[label]}
            for label, low, high in WAIT_BUCKETS
        ],
        "outcomes": {key: found.outcomes.get(key, 0) for key in OUTCOME_ORDER},
        "playbooks": [
            {"name": name, "applications": apps, "interviewed": seen, "answered": said}
            for name, (apps, seen, said) in sorted(found.by_playbook.items(), key=lambda kv: (-kv[1][0], kv[0]))
        ],
    }
    return _document(body)
