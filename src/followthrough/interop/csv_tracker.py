"""Applications from a spreadsheet or another tracker's CSV export, and back out.

The header is mapped to our fields with sensible defaults (``--map`` overrides); the
delimiter and the text encoding are detected. Every row is checked before anything is
stored, and a fault names its row and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from followthrough.core import codec, status_words
from followthrough.core.errors import UserError
from followthrough.core.job import Job, job_from_dict, split_tags, tags_text
from followthrough.core.naming import slugify
from followthrough.core.records import ApplicationState, TrackerRow
from followthrough.interop.files import read_import

FIELDS = (
    "company", "role", "id", "applied_on", "status", "outcome", "contact_name", "contact_email", "contact_phone",
    "contact_salutation", "url", "location", "salary", "notes", "tags", "priority", "stage", "timezone", "country",
)  # fmt: skip
ALIASES: dict[str, tuple[str, ...]] = {
    "company": ("company", "company_name", "employer", "organization", "organisation", "org", "firm"),
    "role": ("role", "position", "job_title", "title", "job", "position_title", "job_role"),
    "id": ("id", "slug", "application_id", "application"),
    "applied_on": ("applied_on", "date_applied", "applied", "application_date", "applied_date", "date"),
    "status": ("status", "application_status", "state"),
    "outcome": ("outcome", "result"),
    "contact_name": ("contact_name", "contact", "hiring_manager", "hiring_officer", "recruiter"),
    "contact_email": ("contact_email", "email", "recruiter_email", "hiring_manager_email", "hiring_officer_email"),
    "contact_phone": ("contact_phone", "phone", "recruiter_phone"),
    "contact_salutation": ("contact_salutation", "salutation", "greeting", "dear"),
    "url": ("url", "link", "job_url", "job_link", "posting", "posting_url", "job_posting", "listing", "listing_url"),
    "location": ("location", "job_location", "city", "place", "where"),
    "salary": ("salary", "salary_range", "pay", "pay_range", "compensation", "wage"),
    "notes": ("notes", "note", "comments", "comment"),
    "tags": ("tags", "tag", "labels", "label", "keywords"),
    "priority": ("priority", "importance"),
    "stage": ("stage", "application_stage", "pipeline_stage"),
    "timezone": ("timezone", "time_zone", "employer_timezone", "tz"),
    "country": ("country", "employer_country", "country_code"),
}
# What our own export derives from the plan: nothing to keep, re-planning writes it again.
DERIVED = ("last_interview", "next_step", "next_due", "pending_steps")
_CLEAR_LEAD = 0.1  # how much less "mess" a rarer code page must show to beat Windows-1252
_FORMULA_STARTS = ("=", "+", "-", "@")  # a spreadsheet runs a cell starting so as a formula
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_EMAIL = re.compile(r"^[^@\s<>(),;:\"\[\]\\]+@[^@\s<>(),;:\"\[\]\\]+\.[^@\s<>(),;:\"\[\]\\]+$")
_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%d.%m.%Y", "%b %d, %Y", "%B %d, %Y", "%d %b %Y", "%d %B %Y")


def _norm(header: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", header.casefold()).strip("_")


def decode(raw: bytes, source: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as error:
            raise UserError(f"{source}: row 1: not valid UTF-16 text (byte {error.start})") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad_at = error.start
    from charset_normalizer import from_bytes

    best = from_bytes(raw[:1_000_000]).best()
    western = _as_cp1252(raw, best.chaos if best is not None else None)
    if western is not None:
        return western
    if best is None or best.encoding.startswith("utf_8"):
        line = raw[:bad_at].count(b"\n") + 1
        raise UserError(f"{source}: row {line}: not text in an encoding I can recognise (byte {bad_at})")
    try:
        return raw.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        raise UserError(f"{source}: row 1: cannot decode the file as {best.encoding}") from None


def _as_cp1252(raw: bytes, guess_chaos: float | None) -> str | None:
    """The text as Windows-1252, unless the guessed code page reads it clearly better.

    Excel and most Windows trackers save CSV in Windows-1252 (a superset of the printable
    Latin-1): on a short file the detector's guess among rarer code pages (cp775, cp1250...)
    is little better than a coin toss, so it must show a clear lead to win.
    """
    from charset_normalizer.md import mess_ratio

    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        return None
    if "\x00" in text:
        return None  # binary: let the caller's checks name it
    chaos = mess_ratio(text[:200_000], 1.0)
    if chaos <= (_CLEAR_LEAD if guess_chaos is None else guess_chaos + _CLEAR_LEAD):
        return text
    return None


def _dialect(text: str) -> type[csv.Dialect] | str:
    sample = text[:65536]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        return "excel"


def parse_map(pairs: Iterable[str]) -> dict[str, str]:
    """--map 'Column=field' options as {normalised column: field}."""
    mapping = {}
    for pair in pairs:
        column, sep, target = pair.partition("=")
        target = target.strip()
        if not sep or not column.strip():
            raise UserError(f"--map {pair!r}: use COLUMN=FIELD, e.g. 'Employer=company'")
        if target not in (*FIELDS, "ignore"):
            raise UserError(f"--map {pair!r}: FIELD is one of {', '.join(FIELDS)} or ignore")
        mapping[_norm(column)] = target
    return mapping


@dataclass(frozen=True)
class Tracker:
    rows: list[TrackerRow]
    ignored: list[str]  # columns read as nothing
    kept: list[str]  # columns kept as notes (an application's "imported" fields)
    unknown_statuses: list[str]  # "file: row N, column Status: 'Word'"


def read_tracker(path: Path, mapping: dict[str, str] | None = None) -> list[TrackerRow]:
    return read_tracker_file(path, mapping).rows


def read_tracker_file(path: Path, mapping: dict[str, str] | None = None) -> Tracker:
    return parse_tracker_file(decode(read_import(path), str(path)), str(path), mapping or {})


def parse_tracker(text: str, source: str, mapping: dict[str, str]) -> list[TrackerRow]:
    return parse_tracker_file(text, source, mapping).rows


def parse_tracker_file(text: str, source: str, mapping: dict[str, str]) -> Tracker:
    if "\x00" in text:
        row = text[: text.index("\x00")].count("\n") + 1
        raise UserError(f"{source}: row {row}: contains a NUL byte: not a text spreadsheet")
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(text), strict=True)
    try:
        records = [(reader.line_num, row) for row in reader]
    except csv.Error as error:
        raise UserError(f"{source}: row {reader.line_num}: {error}") from None
    records = [(n, row) for n, row in records if any(cell.strip() for cell in row)]
    if not records:
        raise UserError(f"{source}: row 1: no header row: the file is empty")
    header_line, header = records[0]
    columns = _columns(header, mapping, source, header_line)
    rows: list[TrackerRow] = []
    ids: dict[str, int] = {}
    unknown: list[str] = []
    for line, cells in records[1:]:
        rows.append(_row(cells, header, columns, source, line, ids, unknown))
    if not rows:
        raise UserError(f"{source}: row {header_line + 1}: a header but no applications")
    ignored = [header[i].strip() or str(i + 1) for i, t in columns.items() if t == "ignore"]
    kept = [t[6:] for t in columns.values() if t.startswith("extra:")]
    return Tracker(rows, ignored, kept, unknown)


def _columns(header: Sequence[str], mapping: dict[str, str], source: str, line: int) -> dict[int, str]:
    names = [_norm(h) for h in header]
    for column in mapping:
        if column not in names:
            raise UserError(f"{source}: row {line}: --map names a column {column!r} the file lacks")
    columns: dict[int, str] = {}
    taken: set[str] = set()
    for i, name in enumerate(names):
        if name in mapping:
            target = mapping[name]
            if target in taken:
                raise UserError(f"{source}: row {line}, column {header[i]}: a second column for {target}")
            columns[i] = target
            taken.add(target)
    for i, name in enumerate(names):
        if i in columns:
            continue
        for target in FIELDS:
            if target not in taken and name in ALIASES[target]:
                columns[i] = target
                taken.add(target)
                break
        else:
            columns[i] = "ignore" if name in DERIVED else f"extra:{header[i].strip() or i + 1}"
    for required in ("company", "role"):
        if required not in taken:
            shown = ", ".join(h.strip() for h in header) or "none"
            raise UserError(
                f"{source}: row {line}: no {required} column (columns: {shown[:200]}); "
                f"map one with --map 'COLUMN={required}'"
            )
    return columns


def _row(
    cells: Sequence[str],
    header: Sequence[str],
    columns: dict[int, str],
    source: str,
    line: int,
    ids: dict[str, int],
    unknown: list[str],
) -> TrackerRow:
    if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
        raise UserError(f"{source}: row {line}: {len(cells)} cells, but the header has {len(header)} columns")
    values: dict[str, str] = {}
    extra: dict[str, str] = {}
    for i, target in columns.items():
        cell = unneutralise(cells[i].strip() if i < len(cells) else "")
        if _CONTROL.search(cell):
            raise UserError(f"{source}: row {line}, column {header[i].strip()}: control characters in the cell")
        if target == "ignore":
            continue
        try:  # the checks a followthrough/1 file gets, so the backup of this import restores
            if target.startswith("extra:"):
                codec.check_carried(cell, header[i].strip())
            else:
                codec.check_text(cell, header[i].strip(), multiline=target == "notes")
        except codec.InvalidData as error:
            raise UserError(f"{source}: row {line}, column {error.path}: {error.message}") from None
        if target.startswith("extra:"):
            if cell:
                extra[target[6:]] = cell
        else:
            values[target] = cell
    where = {t: header[i].strip() for i, t in columns.items()}
    for required in ("company", "role"):
        if not values.get(required):
            raise UserError(f"{source}: row {line}, column {where[required]}: the {required} is empty")
    slug = values.get("id") or None
    if slug is not None:
        try:
            codec.check_id(slug, where["id"])
        except codec.InvalidData as error:
            hint = f" (try {slugify(slug)[: codec.MAX_KEY]!r})"
            raise UserError(f"{source}: row {line}, column {error.path}: {error.message}{hint}") from None
        if slug in ids:
            raise UserError(f"{source}: row {line}, column {where['id']}: the id {slug!r} is also on row {ids[slug]}")
        ids[slug] = line
    applied = _date(values.get("applied_on"), source, line, where.get("applied_on", ""))
    email = values.get("contact_email") or None
    if email and not _EMAIL.match(email):
        raise UserError(f"{source}: row {line}, column {where['contact_email']}: {email!r} is not an e-mail address")
    if (email or values.get("contact_phone")) and not values.get("contact_name"):
        values["contact_name"] = email.split("@")[0] if email else "Hiring officer"
    outcome = None
    for target in ("outcome", "status", "stage"):  # an outcome column says more than a status one
        word = values.get(target)
        if not word:
            continue
        found = status_words.outcome_of(word)
        if found is None:
            unknown.append(f"{source}: row {line}, column {where[target]}: {word[:40]!r}")
            break
        outcome = None if found == status_words.OPEN else found
        break
    return TrackerRow(
        job=_job(values, where, source, line),
        where=f"{source}: row {line}",
        outcome=outcome,
        company=values["company"],
        role=values["role"],
        id=slug,
        applied_on=applied,
        contact_name=values.get("contact_name") or None,
        contact_email=email,
        contact_phone=values.get("contact_phone") or None,
        contact_salutation=values.get("contact_salutation") or None if values.get("contact_name") else None,
        extra=extra,
    )


def _job(values: dict[str, str], where: dict[str, str], source: str, line: int) -> Job:
    """The job's cells, checked as every door checks them (tags split on , or ;; a
    priority or a stage may be a word); a pre-interview word in the Status column (Saved,
    Wishlist, Phone screen...) gives the stage when no Stage column does."""
    fields: dict[str, Any] = {
        k: values[k] for k in ("url", "location", "salary", "notes", "timezone", "country") if values.get(k)
    }
    if values.get("tags"):
        fields["tags"] = split_tags(values["tags"])
    if values.get("priority"):
        fields["priority"] = values["priority"]
    for target in ("stage", "status"):
        word = values.get(target)
        stage = status_words.stage_of(word) if word else None
        if stage is not None:
            fields["stage"] = stage
            break
    try:
        return job_from_dict(fields, "", words=True)
    except codec.InvalidData as error:
        column = where.get(error.path.split("[")[0], error.path)
        raise UserError(f"{source}: row {line}, column {column}: {error.message}") from None


def _date(text: str | None, source: str, line: int, column: str) -> dt.date | None:
    if not text:
        return None
    day = None
    for pattern in _DATE_FORMATS:
        try:
            day = dt.datetime.strptime(text, pattern).date()
            break
        except ValueError:
            continue
    try:
        day = day or dt.datetime.fromisoformat(text).date()
        return codec.check_date(day, column)
    except codec.InvalidData as error:
        raise UserError(f"{source}: row {line}, column {column}: {error.message}") from None
    except ValueError:
        raise UserError(
            f"{source}: row {line}, column {column}: {text[:40]!r} is not a date (use YYYY-MM-DD)"
        ) from None


# -- out ------------------------------------------------------------------------------

EXPORT_COLUMNS = (
    "id", "company", "role", "applied_on", "status", "outcome", "hiring_officer", "hiring_officer_email",
    "last_interview", "next_step", "next_due", "pending_steps",
    "url", "location", "salary", "notes", "tags", "priority", "stage", "timezone", "country",
)  # fmt: skip


def neutralise(cell: str) -> str:
    """A cell a spreadsheet would run as a formula, made plain text."""
    return "'" + cell if cell[:1] in (*_FORMULA_STARTS, "\t", "\r") else cell


def unneutralise(cell: str) -> str:
    """A cell as it was before ``neutralise``: our own export reads back unchanged."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in _FORMULA_STARTS else cell


def write_tracker(states: Sequence[ApplicationState]) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    for s in states:
        values = (
            s.id, s.company, s.role, s.applied_on, s.status, s.outcome, s.hiring_officer, s.hiring_officer_email,
            s.last_interview, s.next_step, s.next_due, s.pending_steps,
            s.job.url, s.job.location, s.job.salary, s.job.notes, tags_text(s.job.tags), s.job.priority,
            s.job.stage.value if s.job.stage else None, s.job.timezone, s.job.country,
        )  # fmt: skip
        writer.writerow(neutralise("" if v is None else str(v)) for v in values)
    return out.getvalue()
