"""Steps and plans as people read them in a terminal."""

from __future__ import annotations

import datetime as dt
import unicodedata

from followthrough.core import words
from followthrough.core.words import FLAG_NOTES

__all__ = ["FLAG_NOTES", "action", "agenda_lines", "day", "promise_line", "promise_lines", "table", "width"]

TYPE_CHECKING = False  # typing itself costs the fast path a few milliseconds
if TYPE_CHECKING:
    from collections.abc import Collection, Iterable, Sequence

    from followthrough.core.agenda import AgendaEntry
    from followthrough.core.model import Application, Plan, Promise
    from followthrough.core.settling import Settled


def width(text: str) -> int:
    """The columns ``text`` takes in a terminal: a wide letter (東) takes two, an accent
    written as its own code point (e + ◌́) none."""
    return sum(
        0
        if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf")
        else 2
        if unicodedata.east_asian_width(c) in ("W", "F")
        else 1
        for c in text
    )


def table(rows: Sequence[Sequence[str]], right: Collection[int] = (), gap: str = "  ") -> list[str]:
    """Rows as lines whose columns line up on screen, however wide their letters: each
    column as wide as its widest cell (the last one left ragged), those in ``right``
    aligned to the right."""
    columns = range(max(map(len, rows), default=0))
    widths = [max((width(row[n]) for row in rows if n < len(row)), default=0) for n in columns]
    lines = []
    for row in rows:
        cells = []
        for n, cell in enumerate(row):
            pad = " " * (widths[n] - width(cell))
            last = n == len(row) - 1
            cells.append(pad + cell if n in right else cell if last else cell + pad)
        lines.append(gap.join(cells).rstrip())
    return lines


def action(kind: str, who: str | None) -> str:
    return words.action(kind, who)


_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def day(date: dt.date) -> str:
    """'Tue 2026-11-03': the weekday matters when calls are planned on business days."""
    return f"{_WEEKDAYS[date.weekday()]} {date.isoformat()}"


def promise_line(promise: Promise, who: str | None, current: bool = True) -> str:
    """A promise as said: "They will decide by Fri 2026-12-18 ('end of next week'), said by
    Ann Lee on Mon 2026-12-07." (``current``), or an earlier one, in the past tense."""
    by = f" by {who}" if who else ""
    if promise.resolves_to is None:
        return (
            f"They said {promise.said!r}{by} on {day(promise.said_on)}: "
            "not understood, planned as if no timeframe was given."
        )
    words = "" if promise.said == promise.resolves_to.isoformat() else f" ({promise.said!r})"
    verb = "They will decide" if current else "They would decide"
    return f"{verb} by {day(promise.resolves_to)}{words}, said{by} on {day(promise.said_on)}."


def promise_lines(plan: Plan, record: Application) -> list[str]:
    """The promise the current wait counts from, then the earlier ones, oldest first."""

    def name(key: str | None) -> str | None:
        who = record.contact(key)
        return who.name if who else key

    lines = [promise_line(plan.promise, name(plan.promise.by))] if plan.promise else []
    return lines + ["Earlier: " + promise_line(p, name(p.by), current=False) for p in plan.earlier_promises]


def agenda_lines(as_of: dt.date, entries: list[AgendaEntry], next_due: dt.date | None) -> Iterable[str]:
    overdue = [e for e in entries if e.overdue(as_of)]
    if not entries:
        yield f"Nothing due on {day(as_of)}."
        yield (
            f"The next step comes due on {day(next_due)}."
            if next_due
            else ("No follow-up planned: record an interview with 'followthrough interview'.")
        )
        return
    yield f"{day(as_of)}: {len(entries)} step{'s' * (len(entries) != 1)} due" + (
        f", {len(overdue)} overdue" if overdue else ""
    )
    for title, group in (("Overdue", overdue), ("Today", [e for e in entries if not e.overdue(as_of)])):
        if not group:
            continue
        yield ""
        yield title
        for entry in group:
            late = f"  (due {day(entry.due)})" if entry.overdue(as_of) else ""
            yield f"  {entry.id}  {entry.company} · {entry.role}: {action(entry.kind, entry.contact_name)}{late}"
            for call in entry.together:  # one person, one call: the other roles this call is for
                yield f"                + also about {call.role} ({call.application}, due {day(call.due)})"
            for flag in entry.flags:
                yield f"                ! {FLAG_NOTES.get(flag, flag)}"


def settled_lines(settled: Settled) -> list[str]:
    """What `done` and `skip` print, on either write path."""
    lines = []
    if settled.moved_to_today:
        lines.append(f"Recorded as of today, {day(settled.on)}: a step cannot be done on a day ahead.")
    if settled.also:
        lines.append(f"The same call is recorded on {', '.join(settled.also)}: one person, one call.")
    return [*lines, plan_line(settled.plan)]


def plan_line(plan: Plan) -> str:
    """One line on where an application stands after a change."""
    from followthrough.core.model import ApplicationStatus  # not on the agenda's fast path, which shares this module

    pending = plan.pending
    if plan.status == ApplicationStatus.CLOSED:
        return f"{plan.application}: closed ({words.outcome(plan.outcome).lower()})."
    if pending:
        first = pending[0]
        count = f"{len(pending)} step{'s' if len(pending) != 1 else ''} pending"
        return f"{plan.application}: {count}; next, the {words.kind_noun(first.kind.value)} on {first.due:%a %Y-%m-%d}."
    return f"{plan.application}: nothing pending."
