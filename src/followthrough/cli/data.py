"""followthrough import / export / demo."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click

from followthrough.cli.context import DATE, AppContext, db_option, pass_app, user_errors
from followthrough.core.model import ContactRole
from followthrough.interop.files import read_import
from followthrough.services import files
from followthrough.services.errors import UserError
from followthrough.services.jobsearch import get_application, load_demo

MAP_FIELDS = (
    "company",
    "role",
    "id",
    "applied_on",
    "status",
    "outcome",
    "contact_name",
    "contact_email",
    "contact_phone",
    "contact_salutation",
    "url",
    "location",
    "salary",
    "notes",
    "tags",
    "priority",
    "stage",
    "timezone",
    "country",
)  # fmt: skip; as followthrough.interop.csv_tracker.FIELDS (the CLI loads it only when used)
IMPORTERS = {".json": "followthrough/1 JSON", ".ics": "interview invitation", ".vcf": "vCard", ".csv": "spreadsheet"}


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--application", metavar="ID", help="For .vcf (required) and .ics: the application it belongs to.")
@click.option(
    "--role",
    type=click.Choice([r.value for r in ContactRole]),
    help="For .vcf: the people's part (default: hiring officer if there is none yet, else interviewer).",
)
@click.option(
    "--map",
    "mapping",
    multiple=True,
    metavar="COLUMN=FIELD",
    help=f"For .csv: read a column as FIELD, one of {', '.join(MAP_FIELDS)} or ignore (repeat).",
)
@click.option("--dry-run", is_flag=True, help="Say what the import would add, change and replace; change nothing.")
@db_option
@pass_app
@user_errors
def import_(
    app: AppContext, file: Path, application: str | None, role: str | None, mapping: tuple[str, ...], dry_run: bool
) -> None:
    """Load FILE, all of it or nothing if any part is wrong. By its extension:

    \b
    .json  a followthrough/1 job search: its applications replace those with the same id
    .ics   an interview invitation: creates or updates the interview, attendees become
           interviewers; matched to an application by company, or --application.
           Events with no organizer and no attendees are skipped; a calendar
           followthrough exported is refused
    .vcf   business cards (vCard 3.0/4.0): contacts of --application
    .csv   applications from a spreadsheet or another tracker (--map 'Employer=company');
           a status or outcome column closes an application with its outcome
           (offer, rejected, withdrawn, filled, no_hire, no_response)
    """

    options = files.ImportOptions(application, role, mapping)
    files.check_options(files.kind_of(str(file)), options)
    # Every check of the file happens before the database is opened.
    reading = files.read(read_import(file), str(file), options, click.echo)
    app.connect()
    with _bar(reading.total, reading.units) as bar:
        result = files.import_file(reading, dry_run, bar.update, click.echo)
    if not dry_run:
        for line in result.said:
            click.echo(line)
        return
    # A dry run opens by saying that nothing changed, then what the import would do.
    click.echo(f"Dry run of {file}: nothing was changed.")
    for line in result.said:
        click.echo(line)
    click.echo("The import would make:")
    for line in [*(result.preview.lines() if result.preview else []), *(f"  {m}" for m in result.more)]:
        click.echo(line)


def _interactive() -> bool:
    return sys.stderr.isatty()


def _bar(total: int, units: int = 1) -> Any:
    """A progress bar on a terminal (stderr), for files large enough to make one wait;
    ``units`` is how many times each item reports progress."""
    if total >= 200 and _interactive():
        return click.progressbar(length=total * units, label="Importing", file=sys.stderr)
    return _NoBar()


class _NoBar:
    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, n: int) -> None:
        return None


@click.command("export")
@click.option("--json", "as_json", is_flag=True, help="The followthrough/1 JSON format (default).")
@click.option("--ics", "as_ics", is_flag=True, help="Every pending step as a calendar event with an alarm.")
@click.option("--todo", is_flag=True, help="With --ics: as to-dos (VTODO) instead of events.")
@click.option("--vcard", "as_vcard", is_flag=True, help="Every contact as a vCard 3.0.")
@click.option("--csv", "as_csv", is_flag=True, help="Applications and their state, for a spreadsheet.")
@click.option("--application", metavar="ID", help="With --vcard: only this application's contacts.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file, not stdout.")
@db_option
@pass_app
@user_errors
def export(
    app: AppContext,
    as_json: bool,
    as_ics: bool,
    as_vcard: bool,
    as_csv: bool,
    todo: bool,
    application: str | None,
    output: Path | None,
) -> None:
    """Write the whole job search (JSON), the pending steps (iCalendar), contacts or a CSV."""

    chosen = [f for f, on in (("json", as_json), ("ics", as_ics), ("vcard", as_vcard), ("csv", as_csv)) if on]
    if len(chosen) > 1:
        raise UserError(f"choose one format: {' and '.join('--' + f for f in chosen)} cannot go together")
    fmt = chosen[0] if chosen else "json"
    if todo and fmt != "ics":
        raise UserError("--todo goes with --ics")
    if application and fmt != "vcard":
        raise UserError("--application goes with --vcard")
    app.connect()

    if fmt == "ics":
        data = files.calendar(todo=todo)
    elif fmt == "vcard":
        if application:
            get_application(application)  # a clear error for an unknown id
        data = files.contact_cards(application).encode("utf-8")
    elif fmt == "csv":
        data = files.tracker().encode("utf-8")
    else:
        data = files.job_search().encode("utf-8")
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
        return
    partial = output.with_name(output.name + ".partial")
    try:
        partial.write_bytes(data)
        partial.replace(output)  # never a half-written backup
    except OSError as error:
        raise UserError(f"{output}: cannot write: {error.strerror}") from None
    click.echo(f"Exported to {output}.", err=True)


@click.command("demo")
@click.option("--as-of", type=DATE, help="Build the demo around this day (default: today).")
@click.option("--force", is_flag=True, help="Add the demo even if the database already has applications.")
@db_option
@pass_app
@user_errors
def demo(app: AppContext, as_of: dt.date | None, force: bool) -> None:
    """Fill the database with a realistic demo job search, to try things out."""

    app.connect()
    count = load_demo(as_of, force)
    click.echo(f"Loaded a demo job search: {count} applications. Try 'followthrough agenda'.")
