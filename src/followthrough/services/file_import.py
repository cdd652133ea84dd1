"""Importing a file's bytes (an upload on the Files page): the same readers, checks,
all-or-nothing writes and dry run as ``followthrough import FILE``.

The file's kind comes from its name's extension, as on the command line: .json (a
followthrough/1 job search), .ics (interview invitations), .vcf (business cards, for one
application) and .csv (a spreadsheet, with COLUMN=FIELD mappings). A dry run is the real
import inside a transaction rolled back (services.dry_run), so its counts cannot drift
from what the import then does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from followthrough.core.model import ContactRole
from followthrough.interop.files import MAX_IMPORT_BYTES
from followthrough.services.dry_run import Preview
from followthrough.services.errors import UserError

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
    dot = name.rfind(".")
    suffix = name[dot:].lower() if dot > 0 else ""
    if suffix not in KINDS:
        known = ", ".join(KINDS)
        raise UserError(f"{name}: unknown kind of file {suffix or '(no extension)'!r}: import reads {known}")
    return suffix


def check_options(suffix: str, options: ImportOptions) -> None:
    """The options that go with this kind of file, and only those (as the CLI's)."""
    if suffix != ".vcf" and options.role:
        raise UserError("--role goes with a .vcf file")
    if suffix != ".csv" and options.mapping:
        raise UserError("--map goes with a .csv file")
    if suffix in (".json", ".csv") and options.application:
        raise UserError("--application goes with a .vcf or .ics file")
    if suffix == ".vcf" and not options.application:
        raise UserError("a .vcf file needs --application ID: whose contacts are they?")
    if options.role and options.role not in {r.value for r in ContactRole}:
        raise UserError(f"--role {options.role!r}: one of {', '.join(r.value for r in ContactRole)}")


def check_size(data: bytes, name: str) -> None:
    if not data:
        raise UserError(f"{name}: the file is empty")
    if len(data) > MAX_IMPORT_BYTES:
        raise UserError(f"{name}: {len(data):,} bytes, more than the {MAX_IMPORT_BYTES:,} bytes an import reads")


def import_bytes(data: bytes, name: str, options: ImportOptions, dry_run: bool) -> ImportResult:
    """Import ``data`` (a file called ``name``) all or nothing, or (``dry_run``) say what
    the import would do and change nothing. A fault is a UserError naming where it is
    (the JSON path, the line or the row), and nothing is changed."""
    suffix = kind_of(name)
    check_options(suffix, options)
    check_size(data, name)
    result = ImportResult()

    def run(action: Callable[[], T]) -> T:
        if not dry_run:
            return action()
        from followthrough.services.dry_run import preview

        done, result.preview = preview(action)
        return done

    if suffix == ".json":
        _json(data, name, run, result)
    elif suffix == ".ics":
        _ics(data, name, options, run, result)
    elif suffix == ".vcf":
        _vcf(data, name, options, run, result)
    else:
        _csv(data, name, options, run, result)
    return result


Run = Callable[[Callable[[], T]], T]


def _json(data: bytes, name: str, run: Run[int], result: ImportResult) -> None:
    from followthrough.interop import exchange
    from followthrough.services.dry_run import existing_ids
    from followthrough.services.exchange import import_document

    document = exchange.read_bytes(data, name)
    ids = [a.id for a in document.job_search.applications]
    replaced = len(existing_ids(ids))
    saved = run(lambda: import_document(document))
    if document.job_search.profile is not None:
        result.more.append("profile: replaced by the file's")
    if document.job_search.playbooks:
        count = len(document.job_search.playbooks)
        result.more.append(f"playbooks: {count} from the file, replacing any of the same name")
    also = f", {replaced} of them replacing those with the same id" if replaced else ""
    result.said.append(f"Imported {saved} application{'s' * (saved != 1)} from {name}{also}.")


def _ics(data: bytes, name: str, options: ImportOptions, run: Run[list[tuple[str, str]]], result: ImportResult) -> None:
    from followthrough.interop import ical
    from followthrough.interop.contentlines import decode
    from followthrough.services.exports import profile_timezone
    from followthrough.services.imports import save_invitations

    invitations, skipped = ical.parse_calendar(decode(data, name), name, profile_timezone())
    result.notes += [f"{where}: skipped: no organizer and no attendees, not an invitation." for where in skipped]
    for slug, outcome in run(lambda: save_invitations(invitations, options.application)):
        result.said.append(f"{name}: interview {outcome} in {slug}.")


def _vcf(data: bytes, name: str, options: ImportOptions, run: Run[tuple[int, int]], result: ImportResult) -> None:
    from followthrough.interop import vcard
    from followthrough.interop.contentlines import decode
    from followthrough.services.imports import save_cards

    cards = vcard.read_cards(decode(data, name), name)
    slug = str(options.application)
    role = ContactRole(options.role) if options.role else None
    added, updated = run(lambda: save_cards(slug, cards, role))
    result.said.append(f"{name}: {added} contact{'s' * (added != 1)} added, {updated} updated in {slug}.")


def _csv(data: bytes, name: str, options: ImportOptions, run: Run[tuple[int, int]], result: ImportResult) -> None:
    from followthrough.interop import csv_tracker
    from followthrough.services.imports import save_tracker

    mapping = csv_tracker.parse_map(options.mapping)
    tracker = csv_tracker.parse_tracker_file(csv_tracker.decode(data, name), name, mapping)
    if tracker.ignored:
        result.notes.append(f"{name}: columns ignored: {', '.join(tracker.ignored)}.")
    if tracker.kept:
        result.notes.append(f"{name}: columns kept as notes on each application: {', '.join(tracker.kept)}.")
    result.notes += [f"{note}: not a status I know: the application is left open." for note in tracker.unknown_statuses]
    added, updated = run(lambda: save_tracker(tracker.rows))
    result.said.append(f"{name}: {added} application{'s' * (added != 1)} added, {updated} updated.")


def application_choices() -> list[tuple[str, str]]:
    """(id, "Company, role") of every application, open ones first, for a form's list."""
    from followthrough.core.model import ApplicationStatus
    from followthrough.store.models import Application as Row

    rows = Row.objects.order_by("company", "role", "id").values_list("slug", "company", "role", "status")
    ordered = sorted(rows, key=lambda r: r[3] != ApplicationStatus.OPEN.value)
    return [(slug, f"{company}, {role}") for slug, company, role, _status in ordered]
