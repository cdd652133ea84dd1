"""Importing a file's bytes (an upload on the Files page): the same readers, checks,
all-or-nothing writes and dry run as ``followthrough import FILE``.

The file's kind comes from its name's extension, as on the command line: .json (a
followthrough/1 job search), .ics (interview invitations), .vcf (business cards, for one
application) and .csv (a spreadsheet, with COLUMN=FIELD mappings). A dry run is the real
import inside a transaction rolled back (services.files.dry_run), so its counts cannot drift
from what the import then does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, TypeVar

from followthrough.core.model import ApplicationStatus, ContactRole
from followthrough.interop import csv_tracker, exchange, ical, vcard
from followthrough.interop.contentlines import decode
from followthrough.interop.files import MAX_IMPORT_BYTES
from followthrough.services.errors import Field, Hint, Refusal, UserError
from followthrough.services.files.dry_run import Preview, existing_ids, preview
from followthrough.services.files.exchange import import_document
from followthrough.services.files.exports import profile_timezone
from followthrough.services.files.imports import save_cards, save_invitations, save_tracker
from followthrough.store.models import Application as Row

T = TypeVar("T")
KINDS = {".json": "followthrough/1 JSON", ".ics": "interview invitation", ".vcf": "vCard", ".csv": "spreadsheet"}


@dataclass(frozen=True)
class ImportOptions:
    application: str | None = None  # .vcf (required) and .ics
    role: str | None = None  # .vcf
    mapping: tuple[str, ...] = ()  # .csv: "COLUMN=FIELD"


@dataclass
class ImportResult:
    notes: list[str] = field(default_factory=list)  # what reading the file noticed
    said: list[str] = field(default_factory=list)  # what the import did (or would do)
    preview: Preview | None = None  # a dry run's counts
    more: list[str] = field(default_factory=list)  # the profile or playbooks it replaces


def kind_of(name: str) -> str:
    """The file's extension, if import reads that kind, else a UserError."""

    suffix = PurePath(name).suffix.lower()
    if suffix not in KINDS:
        known = ", ".join(KINDS)
        raise UserError(f"{name}: unknown kind of file {suffix or '(no extension)'!r}: import reads {known}")
    return suffix


def check_options(suffix: str, options: ImportOptions) -> None:
    """The options that go with this kind of file, and only those (as the CLI's)."""
    if suffix != ".vcf" and options.role:
        raise Refusal("goes with a .vcf file", Field.CONTACT_ROLE)
    if suffix != ".csv" and options.mapping:
        raise Refusal("goes with a .csv file", Field.COLUMN_MAP)
    if suffix in (".json", ".csv") and options.application:
        raise Refusal("goes with a .vcf or .ics file", Field.FOR_APPLICATION)
    if suffix == ".vcf" and not options.application:
        raise Refusal("a .vcf file needs an application: whose contacts are they?", hint=Hint.NAME_THE_APPLICATION)
    if options.role and options.role not in {r.value for r in ContactRole}:
        raise Refusal(f"one of {', '.join(r.value for r in ContactRole)}", Field.CONTACT_ROLE, options.role)


def check_size(data: bytes, name: str) -> None:
    if not data:
        raise UserError(f"{name}: the file is empty")
    if len(data) > MAX_IMPORT_BYTES:
        raise UserError(f"{name}: {len(data):,} bytes, more than the {MAX_IMPORT_BYTES:,} bytes an import reads")


Note = Callable[[str], None]
Progress = Callable[[int], None]


@dataclass
class Reading:
    """A file read and checked, not imported yet (everything that needs no database)."""

    suffix: str
    name: str
    options: ImportOptions
    data: bytes
    content: Any = None  # the document, the cards or the spreadsheet (an invitation is read later)
    total: int = 0  # items, for a progress bar
    units: int = 1  # progress reports per item


def read(data: bytes, name: str, options: ImportOptions, note: Note | None = None) -> Reading:
    """Check ``data`` (a file called ``name``) before the database is opened: a fault is
    a UserError naming where it is (the JSON path, the line or the row). ``note`` hears
    what reading noticed (columns ignored, statuses not known)."""

    suffix = kind_of(name)
    check_options(suffix, options)
    reading = Reading(suffix, name, options, data)
    if suffix == ".json":
        reading.content = exchange.read_bytes(data, name)
        reading.total, reading.units = len(reading.content.job_search.applications), 2
    elif suffix == ".vcf":
        reading.content = vcard.read_cards(decode(data, name), name)
    elif suffix == ".csv":
        mapping = csv_tracker.parse_map(options.mapping)
        tracker = csv_tracker.parse_tracker_file(csv_tracker.decode(data, name), name, mapping)
        said = note or (lambda _text: None)
        if tracker.ignored:
            said(f"{name}: columns ignored: {', '.join(tracker.ignored)}.")
        if tracker.kept:
            said(f"{name}: columns kept as notes on each application: {', '.join(tracker.kept)}.")
        for where in tracker.unknown_statuses:
            said(f"{where}: not a status I know: the application is left open.")
        reading.content, reading.total = tracker, len(tracker.rows)
    return reading


# What a dry run says of each invitation: what the import would do with it.
_WOULD = {"added": "would be added", "updated": "would be updated", "unchanged": "would stay as it is"}


def run(reading: Reading, dry_run: bool, progress: Progress | None = None, note: Note | None = None) -> ImportResult:
    """Import what was read, all or nothing, or (``dry_run``) say what the import would
    do and change nothing: the real import in a transaction rolled back."""
    result = ImportResult()
    said = note or result.notes.append

    def attempt(action: Callable[[], T]) -> T:
        if not dry_run:
            return action()

        done, result.preview = preview(action)
        return done

    name = reading.name
    if reading.suffix == ".json":
        _json(reading, attempt, result, progress, dry_run)
    elif reading.suffix == ".ics":
        # Read here: the user's time zone decides an interview's local date.
        invitations, skipped = ical.parse_calendar(decode(reading.data, name), name, profile_timezone())
        for where in skipped:
            said(f"{where}: skipped: no organizer and no attendees, not an invitation.")
        for slug, outcome in attempt(lambda: save_invitations(invitations, reading.options.application)):
            result.said.append(f"{name}: interview {_WOULD.get(outcome, outcome) if dry_run else outcome} in {slug}.")
    elif reading.suffix == ".vcf":
        slug = str(reading.options.application)
        role = ContactRole(reading.options.role) if reading.options.role else None
        added, updated = attempt(lambda: save_cards(slug, reading.content, role))
        would = " would be" if dry_run else ""
        result.said.append(f"{name}: {added} contact{'s' * (added != 1)}{would} added, {updated} updated in {slug}.")
    else:
        added, updated = attempt(lambda: save_tracker(reading.content.rows, progress))
        would = " would be" if dry_run else ""
        result.said.append(f"{name}: {added} application{'s' * (added != 1)}{would} added, {updated} updated.")
    return result


def import_bytes(data: bytes, name: str, options: ImportOptions, dry_run: bool) -> ImportResult:
    """:func:`read` then :func:`run`: what the Files page does with an upload."""
    result = ImportResult()
    reading = read(data, name, options, result.notes.append)
    done = run(reading, dry_run)
    done.notes[:0] = result.notes
    return done


def _json(reading: Reading, attempt: Any, result: ImportResult, progress: Progress | None, dry_run: bool) -> None:
    document = reading.content
    replaced = len(existing_ids([a.id for a in document.job_search.applications]))
    saved = attempt(lambda: import_document(document, progress))
    if document.job_search.profile is not None:
        result.more.append("profile: replaced by the file's")
    if document.job_search.playbooks:
        count = len(document.job_search.playbooks)
        result.more.append(f"playbooks: {count} from the file, replacing any of the same name")
    also = f", {replaced} of them replacing those with the same id" if replaced else ""
    verb = "Would import" if dry_run else "Imported"  # a dry run changed nothing: it says what would be
    result.said.append(f"{verb} {saved} application{'s' * (saved != 1)} from {reading.name}{also}.")


def application_choices() -> list[tuple[str, str]]:
    """(id, "Company, role") of every application, open ones first, for a form's list."""

    rows = Row.objects.order_by("company", "role", "id").values_list("slug", "company", "role", "status")
    ordered = sorted(rows, key=lambda r: r[3] != ApplicationStatus.OPEN.value)
    return [(slug, f"{company}, {role}") for slug, company, role, _status in ordered]
