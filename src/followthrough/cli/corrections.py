"""Correcting anything, losing nothing: events, edits, removals, undo, delete.

What a correction takes out or replaces is kept in the journal: `events APPLICATION
--removed` (or `journal`) shows it, and `undo` prints the command that records an event
again.
"""

from __future__ import annotations

import datetime as dt
import json
import shlex
import sys
from typing import Any

import click
from click.core import ParameterSource

from followthrough.cli import json_output
from followthrough.cli.context import DATE, AppContext, db_option, pass_app, user_errors
from followthrough.cli.describe import describe_event
from followthrough.cli.job_options import job_fields, job_options
from followthrough.cli.recording import choice_of, contact, report_plan
from followthrough.cli.render import day
from followthrough.core import codec
from followthrough.core.model import (
    Application,
    CallPermission,
    Considered,
    ContactRole,
    Interview,
)
from followthrough.services.corrections import (
    Numbered,
    add_event,
    delete_application,
    edit_contact,
    edit_event,
    journal,
    recorded_events,
    remove_contact,
    remove_event,
)
from followthrough.services.corrections import undo as undo_last
from followthrough.services.errors import UserError
from followthrough.services.jobsearch import edit_application, get_application


def _application_or_none(slug: str) -> Application | None:
    try:
        return get_application(slug)
    except UserError:
        return None


@click.command("events")
@click.argument("application")
@click.option("--json", "as_json", is_flag=True, help='As JSON: {"application": ID, "events": [{"n": 1, …}]}.')
@click.option("--removed", is_flag=True, help="Also what corrections took out or replaced (the journal).")
@db_option
@pass_app
@user_errors
def events(app: AppContext, application: str, as_json: bool, removed: bool) -> None:
    """List what was recorded for APPLICATION, numbered from 1 in the order recorded.

    The numbers are what 'event edit', 'event remove' take. Nothing a correction takes
    out is lost: the old versions are kept in a journal, shown with --removed (even for an
    application that was deleted).
    """

    app.connect()
    record = _application_or_none(application)
    kept = journal(application) if removed else []
    if record is None and not kept:
        recorded_events(application)  # the usual "no application" error
    numbered = recorded_events(application) if record is not None else []
    if as_json:
        click.echo(json_output.events(application, numbered, kept if removed else None))
        return
    if record is None:
        record, had = _as_deleted(kept)
        click.echo(f"{application} was deleted; what it had recorded:")
        numbered = [Numbered(i, e) for i, e in enumerate(had, start=1)]
    elif not numbered:
        click.echo(f"Nothing recorded yet for {application}: try 'followthrough interview {application}'.")
    for item in numbered:
        click.echo(f"  {item.n:>3}  {_line(item.event, record)}")
    if removed:
        click.echo("\nTaken out or replaced (kept in the journal)" if kept else "\nNothing was taken out.")
        for entry in kept:
            what = f"event {entry.n}" if entry.what == "event" else entry.what + (f" {entry.key}" if entry.key else "")
            click.echo(f"  {entry.at:%Y-%m-%d %H:%M}  {what} {entry.why}")
            if entry.what == "event":
                click.echo(f"         was: {_line(entry.before, record)}")
                if entry.after is not None:
                    click.echo(f"         now: {_line(entry.after, record)}")
            elif entry.why == "deleted":
                before = entry.before
                people, happened = len(before.get("contacts", [])), len(before.get("events", []))
                what = f"{before.get('company')} · {before.get('role')}"
                click.echo(f"         was: {what}, {people} contacts, {happened} events")
            else:
                click.echo(f"         was: {json.dumps(entry.before, ensure_ascii=False)}")
                if entry.after is not None:
                    click.echo(f"         now: {json.dumps(entry.after, ensure_ascii=False)}")


def _as_deleted(kept: list[Any]) -> tuple[Application | None, list[dict[str, Any]]]:
    """A deleted application as its journal record keeps it: its people (for their
    names) and its events as the exchange format wrote them."""

    deleted = [k.before for k in kept if k.why == "deleted"]
    if not deleted:
        return None, []
    try:
        people = codec.application_from_dict({**deleted[-1], "events": []}, "$")[0]
    except codec.InvalidData:
        people = None
    return people, [e for e in deleted[-1].get("events", []) if isinstance(e, dict)]


def _line(event: dict[str, Any], record: Application | None) -> str:
    on = event.get("on", "")
    try:
        when = day(dt.date.fromisoformat(on))
    except (TypeError, ValueError):
        when = str(on)
    return f"{when}  {describe_event(event, record or Application('', '', ''))}"


@click.group("event")
def event() -> None:
    """Correct one recorded event by its number (see 'followthrough events')."""


@event.command("edit")
@click.argument("application")
@click.argument("n", type=click.IntRange(min=1), metavar="N")
@click.option("--on", type=DATE, help="Its date.")
@click.option("--at", help="An interview's time, HH:MM.")
@click.option("--with", "with_", multiple=True, metavar="KEY", help="An interview's interviewers (repeat): all.")
@click.option("--final/--no-final", default=None, help="An interview: the final one, or not.")
@click.option("--notes", help="An interview's notes ('' clears them).")
@click.option("--timeframe", help="A debrief: when they will decide, as said ('' clears it).")
@click.option("--how", "how_did_i_do", help="A debrief: what they said when you asked how you did.")
@click.option("--considered", type=choice_of(Considered), help="A debrief: are you being considered?")
@click.option("--card/--no-card", default=None, help="A debrief: did you get the card?")
@click.option("--call-permission", type=choice_of(CallPermission), help="A debrief: may you follow up by phone?")
@click.option("--stated-interest/--no-stated-interest", default=None, help="A debrief: did you say you want it?")
@click.option("--outcome", help="A response's outcome, or a call's (reached, voicemail, no_answer).")
@click.option("--by", "decision_by", help="A not_decided response: the new date (date or words; '' clears it).")
@click.option("--from", "from_", metavar="KEY", help="A response: contact key of who said it ('' clears it).")
@click.option("--contact", metavar="KEY", help="A done or skipped step: whose step it was.")
@click.option("--note", help="A done step's note ('' clears it).")
@db_option
@pass_app
@user_errors
def event_edit(app: AppContext, /, application: str, n: int, **options: Any) -> None:
    """Change fields of event N of APPLICATION; the plan is made again from the events.

    Only the fields given change; the event as it was is kept in the journal
    ('events APPLICATION --removed'). Steps the change does not touch keep their ids.
    """

    app.connect()
    renamed = {"with_": "with", "from_": "from"}
    changes = {renamed.get(k, k): v for k, v in options.items() if v is not None and v != ()}
    edited = edit_event(application, n, changes)
    record = _application_or_none(application)
    click.echo(f"Event {n} of {application} edited: {_line(edited.after, record)}")
    click.echo(f"  (was: {_line(edited.before, record)})")
    report_plan(edited.plan)
    if edited.warning:
        click.echo(f"Warning: {edited.warning}", err=True)


@event.command("remove")
@click.argument("application")
@click.argument("n", type=click.IntRange(min=1), metavar="N")
@db_option
@pass_app
@user_errors
def event_remove(app: AppContext, application: str, n: int) -> None:
    """Take event N out of APPLICATION (kept in the journal) and plan again.

    Later events move up one number. Prints the command that records it again.
    """

    app.connect()
    _removed(app, remove_event(application, n), "Removed")


@event.command("add")
@click.argument("application")
@click.argument("event_json", metavar="JSON")
@db_option
@pass_app
@user_errors
def event_add(app: AppContext, application: str, event_json: str) -> None:
    """Record one event given as in the followthrough/1 format (what 'undo' prints for
    events no other command can write), e.g. '{"type": "reopened", "on": "2027-01-10"}'."""

    app.connect()
    try:
        payload = json.loads(event_json)
    except ValueError as error:
        raise UserError(f"JSON: {error}") from None
    report_plan(add_event(application, payload))


@click.command("undo")
@click.argument("application", required=False)
@db_option
@pass_app
@user_errors
def undo(app: AppContext, application: str | None) -> None:
    """Take out the most recently recorded event (of APPLICATION, or of everything).

    Prints what it took out and the command that records it again; each undo takes out
    one more. What was taken out stays in the journal ('events APPLICATION --removed').
    """

    app.connect()
    _removed(app, undo_last(application), "Undone")


def _removed(app: AppContext, removed: Any, verb: str) -> None:
    record = _application_or_none(removed.application)
    click.echo(f"{verb}: event {removed.n} of {removed.application}: {_line(removed.event, record)}")
    click.echo(f"To record it again: {again(removed, _db_words())}")
    report_plan(removed.plan)


def _db_words() -> list[str]:
    """`--db LOCATION` when the user typed it (never a password: then it is left out)."""

    ctx = click.get_current_context()
    for where in (ctx, ctx.find_root()):
        if where.get_parameter_source("db") is ParameterSource.COMMANDLINE:
            location = where.ensure_object(AppContext).db or ""
            if location and not (
                "://" in location and "@" in location and ":" in location.split("://")[1].split("@")[0]
            ):
                return ["--db", location]
    return []


_CLI_FIELDS = {
    "interview": {"type", "on", "at", "with", "final", "notes"},
    "debrief": {"type", "on", "timeframe", "call_permission", "considered", "how_did_i_do", "card", "stated_interest"},
    "response": {"type", "on", "from", "outcome", "decision_by"},
    # `done STEP` / `skip STEP` aim at the step again (nth when needed), as the first time.
    "step_done": {"type", "on", "kind", "contact", "outcome", "note", "nth"},
    "step_skipped": {"type", "on", "kind", "contact", "nth"},
    "reopened": {"type", "on", "note"},
}


def again(removed: Any, db: list[str]) -> str:
    """The command that records the removed event again, as it was."""
    event, slug = removed.event, removed.application
    kind = event.get("type")
    words: list[str] | None = None
    if set(event) <= _CLI_FIELDS.get(kind, set()):
        on = ["--on", event["on"]]
        if kind == "interview":
            words = ["interview", slug, *on]
            words += ["--at", event["at"]] if "at" in event else []
            words += [w for key in event.get("with", []) for w in ("--with", key)]
            words += ["--final"] if event.get("final") else []
            words += ["--notes", event["notes"]] if "notes" in event else []
        elif kind == "debrief":
            words = ["debrief", slug, *on]
            for field, option in (
                ("how_did_i_do", "--how"),
                ("considered", "--considered"),
                ("timeframe", "--timeframe"),
                ("call_permission", "--call-permission"),
            ):
                words += [option, event[field]] if field in event else []
            for field, option in (("card", "card"), ("stated_interest", "stated-interest")):
                if field in event:
                    words.append(f"--{option}" if event[field] else f"--no-{option}")
        elif kind == "response":
            words = ["respond", slug, "--outcome", event["outcome"], *on]
            words += ["--from", event["from"]] if "from" in event else []
            words += ["--by", event["decision_by"]] if "decision_by" in event else []
        elif kind == "reopened":
            words = ["reopen", slug, *on, *(["--note", event["note"]] if "note" in event else [])]
        elif removed.step is not None:
            words = ["done" if kind == "step_done" else "skip", removed.step, *on]
            words += ["--outcome", event["outcome"]] if "outcome" in event else []
            words += ["--note", event["note"]] if "note" in event else []
    if words is None:
        words = ["event", "add", slug, json.dumps(event, ensure_ascii=False)]
    return shlex.join(["followthrough", *db, *words])


@click.command("edit")
@click.argument("application")
@click.option("--company", help="The company's name.")
@click.option("--role", help="The role you applied for.")
@click.option("--applied-on", type=DATE, help="When you applied (not after today).")
@click.option("--id", "new_id", help="A new id for it: its steps, reminders and history follow.")
@click.option("--playbook", metavar="NAME", help="Its follow-up method (see 'followthrough playbooks'): re-planned.")
@job_options(editing=True)
@db_option
@pass_app
@user_errors
def edit(
    app: AppContext,
    /,
    application: str,
    company: str | None,
    role: str | None,
    applied_on: dt.date | None,
    new_id: str | None,
    playbook: str | None,
    **job: Any,
) -> None:
    """Correct an application: company, role, when you applied, its id, its playbook, or
    the job's details (posting, location, salary, notes, tags, priority, stage).

    A new id is refused when another application has it. What it said before is kept
    in the journal ('events APPLICATION --removed'). A new playbook plans it again: the
    steps that keep their place keep their ids. Tags: --tag (repeat) replaces them all,
    --no-tags takes them all off; an empty value (--notes "") clears a field.
    """

    app.connect()
    fields = job_fields(**job)
    slug, changed = edit_application(application, playbook, company, role, applied_on, new_id, **fields)
    click.echo(f"Saved {slug}: {', '.join(changed)} changed.")
    if slug != application:
        click.echo(f"{application} is now {slug}.")
    if fields["stage"] and "stage" in changed and any(isinstance(e, Interview) for e in get_application(slug).events):
        click.echo(
            f"Note: {slug} has an interview recorded: the board shows the stage its events give "
            f"(interviewing or waiting), and keeps {fields['stage']} as the stage before it.",
            err=True,
        )


@contact.command("edit")
@click.argument("application")
@click.argument("key")
@click.option("--name", help="Their full name.")
@click.option("--role", type=choice_of(ContactRole), help="Their part in the hiring.")
@click.option("--title", help="Job title ('' clears it).")
@click.option("--phone", help="Phone number, read for your profile's country ('' clears it).")
@click.option("--email", help="E-mail address ('' clears it).")
@click.option("--relation", help="For inside contacts: receptionist, friend… ('' clears it).")
@click.option("--salutation", help="How a letter greets them: 'Ann', 'Dr. Lee' ('' greets them by their first name).")
@click.option("--replace", is_flag=True, help="With --role hiring_officer: the one on file becomes an interviewer.")
@db_option
@pass_app
@user_errors
def contact_edit(app: AppContext, /, application: str, key: str, replace: bool, **fields: str | None) -> None:
    """Correct the contact KEY of APPLICATION; the plan follows (calls go to the new
    hiring officer). The old details are kept in the journal."""

    app.connect()
    plan = edit_contact(application, key, replace_officer=replace, **fields)
    click.echo(f"Saved {key} of {application}.")
    report_plan(plan)


@contact.command("remove")
@click.argument("application")
@click.argument("key")
@db_option
@pass_app
@user_errors
def contact_remove(app: AppContext, application: str, key: str) -> None:
    """Take the contact KEY out of APPLICATION: refused while an event names them (it
    says which, by number). Their details are kept in the journal."""

    app.connect()
    plan = remove_contact(application, key)
    click.echo(f"Removed {key} from {application}.")
    report_plan(plan)


def can_ask() -> bool:
    """Whether a person at a terminal can answer a question."""

    return sys.stdin.isatty()


@click.command("delete")
@click.argument("application")
@click.option("--yes", is_flag=True, help="Do not ask (needed without a terminal).")
@db_option
@pass_app
@user_errors
def delete(app: AppContext, application: str, yes: bool) -> None:
    """Delete APPLICATION with its contacts, events and steps, after asking.

    Its whole record stays in the journal: 'followthrough events APPLICATION --removed'
    shows it afterwards (and 'followthrough journal --json' gives it as JSON).
    """

    app.connect()
    record = get_application(application)
    if not yes:
        if not can_ask():
            raise UserError(f"delete {application}: no terminal to ask on; add --yes to delete it")
        people, happened = len(record.contacts), len(record.events)
        question = (
            f"Delete {application} ({record.company} · {record.role}) with {people} contact"
            f"{'s' * (people != 1)} and {happened} event{'s' * (happened != 1)}?"
        )
        if not click.confirm(question, default=False):
            click.echo("Nothing deleted.")
            raise SystemExit(1)
    delete_application(application)
    click.echo(f"Deleted {application}; its record is kept: 'followthrough events {application} --removed'.")


@click.command("journal")
@click.argument("application", required=False)
@click.option("--json", "as_json", is_flag=True, help='As JSON: {"journal": [{"application", "what", "why", …}]}.')
@db_option
@pass_app
@user_errors
def journal_command(app: AppContext, application: str | None, as_json: bool) -> None:
    """Everything corrections took out or replaced (of APPLICATION, or all), oldest first."""

    app.connect()
    kept = journal(application)
    if as_json:
        click.echo(json_output.journal(kept))
        return
    if not kept:
        click.echo("Nothing was taken out or replaced.")
    for entry in kept:
        n = f" {entry.n}" if entry.n is not None else ""
        key = f" {entry.key}" if entry.key else ""
        click.echo(f"{entry.at:%Y-%m-%d %H:%M}  {entry.application}: {entry.what}{n}{key} {entry.why}")
