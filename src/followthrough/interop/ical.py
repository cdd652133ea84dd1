"""iCalendar out (every pending step, with an alarm) and in (interview invitations)."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from followthrough import clock
from followthrough.core import codec, words
from followthrough.core.errors import UserError
from followthrough.core.records import Attendee, Invitation, PendingStep
from followthrough.interop.contentlines import Block, Line, parse_blocks, read_text

PRODID = "-//followthrough//followthrough//EN"
UID_DOMAIN = "followthrough"
ALARM_AT = dt.timedelta(hours=9)  # on the due day, at 09:00 local time
# Settled steps (done, skipped, cancelled) are written too, as cancelled (or completed)
# items with their same UID, so a calendar that imported them while pending drops them;
# only those due within this many days, and every later one, to keep the file small.
HISTORY_DAYS = 60


_FLAGS = {
    "no_hiring_officer": "no hiring officer recorded: ask for their card",
    "asked_not_to_call": "they asked you not to call",
    "timeframe_unresolved": "their timeframe could not be read as a date",
}


def step_uid(step_id: str) -> str:
    """Stable across exports: a calendar re-importing the file updates, not duplicates."""
    return f"{step_id}@{UID_DOMAIN}"


def _summary(step: PendingStep) -> str:
    what = words.action(step.kind, step.contact_name)  # the same words as the agenda and the web app
    return f"{step.company}: {what}"


def _description(step: PendingStep) -> str:
    lines = [f"{step.company} · {step.role} ({step.application})"]
    if step.contact_name:
        lines.append(" · ".join(x for x in (step.contact_name, step.contact_phone, step.contact_email) if x))
    if step.status != "pending":
        settled = {"done": "done", "skipped": "skipped", "cancelled": "no longer needed: the plan changed"}
        lines.append(f"{settled.get(step.status, step.status).capitalize()}.")
        return "\n".join(lines)
    lines.extend(f"! {_FLAGS.get(flag, flag)}" for flag in step.flags)
    if step.kind != "move_on":
        lines.append(f"Draft: followthrough draft {step.id}")
    lines.append(f"Done: followthrough done {step.id}")
    return "\n".join(lines)


def calendar_bytes(steps: Sequence[PendingStep], todo: bool = False, now: dt.datetime | None = None) -> bytes:
    """Every pending step as a VEVENT (or VTODO) on its due day, with a display alarm; the
    recently settled ones (``steps`` holds those of the last HISTORY_DAYS) as cancelled
    events (cancelled or completed to-dos).

    Written line by line, byte for byte as the icalendar library writes the same calendar
    (tests/test_ical_writer.py holds it to that): the library takes two seconds for the
    7,000 steps of a long search, which a calendar feed cannot wait.
    """
    stamp = (now or clock.now()).astimezone(dt.UTC).replace(microsecond=0)
    stamp_text = stamp.strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{_text(PRODID)}", "CALSCALE:GREGORIAN"]
    lines.append("X-WR-CALNAME:followthrough")
    for step in steps:
        lines.extend(_todo(step, stamp_text) if todo else _event(step, stamp_text))
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines).encode()


def _event(step: PendingStep, stamp: str) -> list[str]:
    pending = step.status == "pending"
    lines = [
        "BEGIN:VEVENT",
        f"SUMMARY:{_text(_summary(step))}",
        f"DTSTART;VALUE=DATE:{_date(step.due)}",
        f"DTEND;VALUE=DATE:{_date(step.due + dt.timedelta(days=1))}",
        f"DTSTAMP:{stamp}",
        f"UID:{_text(step_uid(step.id))}",
        f"SEQUENCE:{0 if pending else 1}",  # the settled version supersedes the pending one
        f"CATEGORIES:followthrough,{_text(step.kind)}",
        f"DESCRIPTION:{_text(_description(step))}",
    ]
    if not pending:
        lines.append("STATUS:CANCELLED")
    lines.append("TRANSP:TRANSPARENT")
    if pending:
        lines.extend(_alarm(step))
    lines.append("END:VEVENT")
    return lines


def _todo(step: PendingStep, stamp: str) -> list[str]:
    pending = step.status == "pending"
    properties = [
        f"SUMMARY:{_text(_summary(step))}",
        f"DTSTART;VALUE=DATE:{_date(step.due)}",
        f"DUE;VALUE=DATE:{_date(step.due + dt.timedelta(days=1))}",
        f"DTSTAMP:{stamp}",
        f"UID:{_text(step_uid(step.id))}",
        f"SEQUENCE:{0 if pending else 1}",
        f"CATEGORIES:followthrough,{_text(step.kind)}",
        f"DESCRIPTION:{_text(_description(step))}",
        f"STATUS:{'NEEDS-ACTION' if pending else _TODO_STATUS.get(step.status, 'CANCELLED')}",
    ]
    if step.status == "done":
        done_on = step.done_on or step.due
        properties.append(f"COMPLETED:{_date(done_on)}T000000Z")
    # A to-do's properties in the order of their names, as the library writes them.
    properties.sort(key=lambda line: re.split(r"[;:]", line, maxsplit=1)[0])
    return ["BEGIN:VTODO", *properties, *(_alarm(step) if pending else ()), "END:VTODO"]


_TODO_STATUS = {"done": "COMPLETED", "skipped": "CANCELLED", "cancelled": "CANCELLED"}


def _alarm(step: PendingStep) -> list[str]:
    hours = int(ALARM_AT.total_seconds() // 3600)  # on the due day (RELATED=START), in whole hours
    return [
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{_text(_summary(step))}",
        f"TRIGGER;RELATED=START:PT{hours}H",
        "END:VALARM",
    ]


def _date(day: dt.date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _text(value: str) -> str:
    """A TEXT value escaped (RFC 5545 3.3.11), line breaks as \\n."""
    return (
        value.replace("\\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _fold(line: str, limit: int = 75) -> str:
    """A content line folded before 75 octets, never inside a character or an escape."""
    if line.isascii():
        if len(line) < limit:
            return line
    elif len(line.encode()) < limit:
        return line
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        width = 1 if char.isascii() else len(char.encode())
        if current and size + width >= limit:
            if len(current) > 1 and current[-1] in "\\^":  # keep an escape with what it escapes
                carried = current.pop()
                pieces.append("".join(current))
                current, size = [carried], 1
            else:
                pieces.append("".join(current))
                current, size = [], 0
        current.append(char)
        size += width
    if current:
        pieces.append("".join(current))
    return "\r\n ".join(pieces)


# -- invitations in -------------------------------------------------------------------

_DATE = re.compile(r"^\d{8}$")
_DATETIME = re.compile(r"^\d{8}T\d{6}Z?$")


def read_invitations(path: Path, timezone: str) -> list[Invitation]:
    return parse_invitations(read_text(path), str(path), timezone)


def read_calendar(path: Path, timezone: str) -> tuple[list[Invitation], list[str]]:
    return parse_calendar(read_text(path), str(path), timezone)


def parse_invitations(text: str, source: str, timezone: str) -> list[Invitation]:
    return parse_calendar(text, source, timezone)[0]


def parse_calendar(text: str, source: str, timezone: str) -> tuple[list[Invitation], list[str]]:
    """Every invitation (a VEVENT with an organizer or attendees) of the file, checked: a
    fault anywhere is a UserError naming its line. Times without a zone of their own are
    read in ``timezone`` (the user's). Also, where the events that are not invitations are
    ("file: line N 'summary'"): they are skipped, or, when no event of the file is an
    invitation, the file is refused."""
    blocks = parse_blocks(text, source, "VCALENDAR")
    events = [(cal, ev) for cal in blocks for ev in cal.children if ev.kind == "VEVENT"]
    _refuse_our_own(blocks, source)
    if not events:
        raise UserError(f"{source}: line {blocks[0].start}: no VEVENT: not an invitation")
    method = blocks[0].first("METHOD")
    if method is not None and method.value.strip().upper() == "CANCEL":
        raise UserError(f"{source}: line {method.number}: a cancellation, not an invitation")
    seen: dict[str, int] = {}
    for _cal, event in events:
        uid = _required(event, "UID", source).value.strip()
        if not uid:
            raise UserError(f"{source}: line {event.start}: the VEVENT's UID is empty")
        if uid in seen and event.first("RECURRENCE-ID") is None:
            raise UserError(f"{source}: line {event.start}: UID {uid!r} already used by the VEVENT of line {seen[uid]}")
        seen.setdefault(uid, event.start)
        _check_dt(_required(event, "DTSTART", source), source)
    zone = zoneinfo.ZoneInfo(timezone)
    decoded = _decode(text, source, blocks[0].start)
    if len(decoded) != len(events):
        raise UserError(f"{source}: line {blocks[0].start}: the calendar could not be read as a whole")
    invitations: list[Invitation] = []
    skipped: list[str] = []
    for (_cal, block), component in zip(events, decoded, strict=True):
        if block.first("RECURRENCE-ID") is not None:
            continue  # one changed occurrence of a series: the series' own VEVENT is the interview
        invitation = _invitation(block, component, zone, source)  # checked, invitation or not
        if block.first("ORGANIZER") is None and block.first("ATTENDEE") is None:
            summary = block.first("SUMMARY")
            skipped.append(f"{source}: line {block.start}" + (f" {_unescape(summary.value)[:60]!r}" if summary else ""))
            continue  # an entry of one's own calendar, not an invitation from anyone
        invitations.append(invitation)
    if not invitations:
        raise UserError(
            f"{source}: line {events[0][1].start}: no event has an organizer or attendees: not an interview invitation"
        )
    return invitations, skipped


def _refuse_our_own(blocks: list[Block], source: str) -> None:
    """A calendar ``export --ics`` wrote holds our own steps: importing it would turn every
    reminder into an interview."""
    for cal in blocks:
        prodid = cal.first("PRODID")
        if prodid is not None and prodid.value.strip() == PRODID:
            raise UserError(
                f"{source}: line {prodid.number}: written by followthrough (export --ics): not an invitation"
            )
        for item in cal.children:
            uid = item.first("UID")
            if item.kind in ("VEVENT", "VTODO") and uid is not None and uid.value.strip().endswith("@" + UID_DOMAIN):
                raise UserError(
                    f"{source}: line {uid.number}: UID {uid.value.strip()[:60]!r} is a followthrough step "
                    "(export --ics): not an invitation"
                )


def _required(block: Block, name: str, source: str) -> Line:
    line = block.first(name)
    if line is None:
        raise UserError(f"{source}: line {block.start}: the {block.kind} has no {name}")
    return line


def _check_dt(line: Line, source: str) -> None:
    value = line.value.strip()
    if not (_DATE.match(value) or _DATETIME.match(value)):
        raise UserError(f"{source}: line {line.number}: {line.name} {value!r} is not an iCalendar date or date-time")
    try:
        day = dt.date(int(value[:4]), int(value[4:6]), int(value[6:8]))
        codec.check_date(day, line.name)
        if "T" in value:
            dt.time(int(value[9:11]), int(value[11:13]), min(int(value[13:15]), 59))
    except codec.InvalidData as error:
        raise UserError(f"{source}: line {line.number}: {line.name} {error.message}") from None
    except ValueError:
        raise UserError(f"{source}: line {line.number}: {line.name} {value!r} is not a real date or time") from None
    params = line.text[: len(line.text) - len(line.value) - 1]
    tzid = re.search(r";TZID=(\"[^\"]*\"|[^;:]*)", params, re.IGNORECASE)
    if tzid and "VALUE=DATE;" in params.upper() + ";" and "T" not in value:
        raise UserError(f"{source}: line {line.number}: a date with a time zone")


def _decode(text: str, source: str, line: int) -> list[Any]:
    import icalendar

    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
        return [c for cal in calendars for c in cal.walk("VEVENT")]
    except Exception as error:  # the library's own complaints: no position, so the calendar's
        first = (str(error).strip().splitlines() or [type(error).__name__])[0]
        raise UserError(f"{source}: line {line}: not a readable calendar: {first[:120]}") from None


def _invitation(block: Block, component: Any, zone: zoneinfo.ZoneInfo, source: str) -> Invitation:
    start_line = block.first("DTSTART")
    assert start_line is not None
    try:
        start = component.decoded("DTSTART")
    except Exception:
        raise UserError(f"{source}: line {start_line.number}: DTSTART cannot be read") from None
    if isinstance(start, dt.datetime):
        tzid = re.search(r";TZID=(\"[^\"]*\"|[^;:]*)", start_line.text.split(":", 1)[0] + ";", re.IGNORECASE)
        if tzid and start.tzinfo is None:
            zone_name = tzid.group(1).strip('"')
            raise UserError(f"{source}: line {start_line.number}: unknown time zone {zone_name!r}")
        # A floating time is as written, wherever the user is.
        local = start if start.tzinfo is None else start.astimezone(zone)
        on, at = local.date(), local.time().replace(second=0, microsecond=0)
    elif isinstance(start, dt.date):
        on, at = start, None
    else:
        raise UserError(f"{source}: line {start_line.number}: DTSTART is not a date")
    try:  # the day in the user's zone may be the day after the last one accepted
        codec.check_date(on, "DTSTART")
    except codec.InvalidData as error:
        raise UserError(f"{source}: line {start_line.number}: {error.path} {error.message}") from None
    sequence_line = block.first("SEQUENCE")
    sequence = 0
    if sequence_line is not None:
        text = sequence_line.value.strip()
        if not re.fullmatch(r"[0-9]{1,10}", text) or int(text) > codec.MAX_SEQUENCE:
            raise UserError(
                f"{source}: line {sequence_line.number}: SEQUENCE {text[:20]!r} is not a number from 0 to "
                f"{codec.MAX_SEQUENCE}"
            )
        sequence = int(text)
    attendees = [_person(line, source, organizer=True) for line in block.all("ORGANIZER")]
    attendees += [_person(line, source) for line in block.all("ATTENDEE")]
    people = [p for p in attendees if p is not None]
    unique = list({(p.email or p.name).lower(): p for p in reversed(people)}.values())[::-1]
    texts = [block.first(n) for n in ("SUMMARY", "LOCATION", "DESCRIPTION")]
    summary = _unescape(texts[0].value) if texts[0] else ""
    words = " ".join([*(_unescape(t.value) for t in texts if t), *(p.name for p in unique)])
    uid_line = block.first("UID")
    assert uid_line is not None
    _check_text(uid_line.value.strip(), "UID", uid_line.number, source)
    return Invitation(
        uid=uid_line.value.strip(),
        sequence=sequence,
        on=on,
        at=at,
        summary=summary,
        text=words,
        attendees=tuple(unique),
        where=f"{source}: line {block.start}",
    )


def _unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _check_text(value: str, what: str, line: int, source: str) -> None:
    """The checks a followthrough/1 file gets, so that a backup of the import restores."""
    try:
        codec.check_text(value, what)
    except codec.InvalidData as error:
        raise UserError(f"{source}: line {line}: {what} {error.message}") from None


def _person(line: Line, source: str, organizer: bool = False) -> Attendee | None:
    params = line.text[: len(line.text) - len(line.value) - 1]
    if re.search(r";CUTYPE=\"?(ROOM|RESOURCE)", params, re.IGNORECASE):
        return None
    name_match = re.search(r";CN=(\"[^\"]*\"|[^;:]*)", params, re.IGNORECASE)
    name = name_match.group(1).strip('"').strip() if name_match else ""
    value = line.value.strip()
    email = value[7:].strip() if value.lower().startswith("mailto:") else None
    if email is not None and not re.fullmatch(r"[^@\s<>\"]+@[^@\s<>\"]+", email):
        raise UserError(f"{source}: line {line.number}: {line.name} {value!r} is not an e-mail address")
    _check_text(name, f"{line.name}'s name (CN)", line.number, source)
    if email is not None:
        _check_text(email, f"{line.name}'s address", line.number, source)
    name = name or (email.split("@")[0].replace(".", " ").title() if email else "")
    if not name:
        raise UserError(f"{source}: line {line.number}: {line.name} has neither a name (CN) nor an e-mail address")
    return Attendee(name, email, organizer)
