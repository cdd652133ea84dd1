"""The calendar file is written by hand for speed: byte for byte what the icalendar
library writes for the same steps, whatever the names hold (escapes, line breaks, long
lines folded, characters of several bytes)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from followthrough.core.records import PendingStep
from followthrough.interop import ical

STAMP = dt.datetime(2026, 11, 29, 0, 0, tzinfo=dt.UTC)


def by_the_library(steps: list[PendingStep], todo: bool) -> bytes:
    """The calendar as the exporter wrote it with the icalendar library (before issue 11)."""
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", ical.PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "followthrough")
    for step in steps:
        pending = step.status == "pending"
        item: Any = icalendar.Todo() if todo else icalendar.Event()
        item.add("uid", ical.step_uid(step.id))
        item.add("dtstamp", STAMP)
        item.add("sequence", 0 if pending else 1)
        item.add("dtstart", step.due)
        if todo:
            item.add("due", step.due + dt.timedelta(days=1))
            status = {"done": "COMPLETED", "skipped": "CANCELLED", "cancelled": "CANCELLED"}
            item.add("status", "NEEDS-ACTION" if pending else status.get(step.status, "CANCELLED"))
            if step.status == "done":
                done_on = step.done_on or step.due
                item.add("completed", dt.datetime(done_on.year, done_on.month, done_on.day, tzinfo=dt.UTC))
        else:
            item.add("dtend", step.due + dt.timedelta(days=1))
            item.add("transp", "TRANSPARENT")
            if not pending:
                item.add("status", "CANCELLED")
        item.add("summary", ical._summary(step))
        item.add("description", ical._description(step))
        item.add("categories", ["followthrough", step.kind])
        if pending:
            alarm = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", ical._summary(step))
            alarm.add("trigger", ical.ALARM_AT, parameters={"RELATED": "START"})
            item.add_component(alarm)
        calendar.add_component(item)
    return bytes(calendar.to_ical())


def _step(n: int, company: str, name: str | None, status: str = "pending", **more: Any) -> PendingStep:
    kind = more.pop("kind", "call_hiring_officer" if name else "move_on")
    due = more.pop("due", dt.date(2026, 11, 2) + dt.timedelta(days=n))
    return PendingStep(
        f"{n:012x}", f"app-{n}", company, more.pop("role", "Analyst"), kind, "ann" if name else None, name,
        more.pop("phone", None), more.pop("email", None), due, more.pop("flags", ()), status, more.pop("done_on", None),
    )  # fmt: skip


TRICKY = [
    _step(1, "Acme, Inc.; East", "Ann Lee", email="ann@acme.com", phone="+1 555 0100"),
    _step(2, "Back\\slash \\N Corp", "Bo\nPark", status="done", done_on=dt.date(2026, 11, 4)),
    _step(3, "Crème Brûlée Société Générale d'Électricité et de Gaz " * 2, "Zoë Ångström", status="skipped"),
    _step(4, "日本語の会社名がとても長い場合の折り返しテスト株式会社" * 2, "山田 太郎", status="cancelled"),
    _step(5, "Emoji 🚀 Rocket Ventures " * 4, None, kind="move_on", flags=("no_hiring_officer",)),
    _step(6, "x" * 70 + "\\", "Cy\r\nDiaz", flags=("asked_not_to_call", "timeframe_unresolved")),
    _step(7, "y" * 73 + "^z", "Dee", status="done", kind="thank_you_note", role="Role, with; all\\kinds"),
    _step(8, "Carriage\rReturn", "Eve", kind="email_follow_up", due=dt.date(2027, 12, 31)),
]


def test_the_writer_writes_what_the_library_writes() -> None:
    for todo in (False, True):
        assert ical.calendar_bytes(TRICKY, todo, STAMP) == by_the_library(TRICKY, todo)


words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=120)


@settings(max_examples=150, deadline=None)
@given(company=words, role=words, name=st.none() | words, todo=st.booleans(), status=st.sampled_from(
    ["pending", "done", "skipped", "cancelled"]))  # fmt: skip
def test_any_names_come_out_as_the_library_writes_them(
    company: str, role: str, name: str | None, todo: bool, status: str
) -> None:
    steps = [_step(9, company, name, status=status, role=role)]
    assert ical.calendar_bytes(steps, todo, STAMP) == by_the_library(steps, todo)
