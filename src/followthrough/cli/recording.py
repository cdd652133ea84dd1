"""Recording the job search: applications, contacts, interviews, debriefs, responses."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

import click

from followthrough.cli import json_output
from followthrough.cli.context import DATE, AppContext, db_option, pass_app, user_errors
from followthrough.cli.describe import describe_event, state, status_cell
from followthrough.cli.job_options import job_fields, job_lines, job_options
from followthrough.cli.render import action, day, plan_line, promise_lines, settled_lines, table
from followthrough.core.codec import event_to_dict
from followthrough.core.explain import follow_up_places, step_role, summary
from followthrough.core.model import (
    ApplicationStatus,
    CallOutcome,
    CallPermission,
    Considered,
    ContactRole,
    Debrief,
    Interview,
    Plan,
    ResponseOutcome,
    StepStatus,
)
from followthrough.services.errors import UserError
from followthrough.services.jobsearch import (
    add_application,
    add_contact,
    get_application_and_plan,
    list_applications,
    long_promise_warning,
    playbook_for,
    record_debrief,
    record_event,
    record_response,
    settle_step,
    today,
)


def _today(app: AppContext, on: dt.date | None) -> dt.date:
    app.connect()
    return on or today()


def choice_of(enum: type[StrEnum]) -> click.Choice[str]:
    return click.Choice([e.value for e in enum])


@click.command("add")
@click.argument("company")
@click.argument("role")
@click.option("--id", "slug", help="A short id to refer to it by (default: made from company and role).")
@click.option("--applied-on", type=DATE, help="When you applied (YYYY-MM-DD, not after today).")
@click.option(
    "--playbook", metavar="NAME", help="Its follow-up method (see 'followthrough playbooks'; default: yours)."
)
@click.option("--anyway", is_flag=True, help="Add it even though the same company and role is already open.")
@job_options(editing=False)
@db_option
@pass_app
@user_errors
def add(
    app: AppContext,
    /,
    company: str,
    role: str,
    slug: str | None,
    applied_on: dt.date | None,
    playbook: str | None,
    anyway: bool,
    **job: Any,
) -> None:
    """Record an application: COMPANY and the ROLE you applied for (or mean to: --stage saved).

    The job's details are optional: the posting's --url, --location, --salary, your
    --notes, --tag words to find it by, a --priority and the --stage it has reached.
    The same company and role already open is refused, naming it: --anyway adds a second.
    """

    app.connect()
    click.echo(add_application(company, role, slug, applied_on, playbook, anyway, **job_fields(**job)))


@click.command("list")
@click.option("--open", "only", flag_value=ApplicationStatus.OPEN.value, help="Only applications still waiting.")
@click.option("--closed", "only", flag_value=ApplicationStatus.CLOSED.value, help="Only closed applications.")
@click.option("--tag", metavar="WORD", help="Only applications with this tag (any case).")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help='As JSON: {"applications": [{"id", "company", "role", "status", "outcome", "next_due", …}]}.',
)
@db_option
@pass_app
@user_errors
def list_(app: AppContext, only: str | None, tag: str | None, as_json: bool) -> None:
    """List applications with their status and next due step (and the job's tags)."""

    app.connect()
    rows = list_applications(only, tag)
    if as_json:
        click.echo(json_output.applications(rows))
        return
    if not rows:
        click.echo("No applications yet: add one with 'followthrough add COMPANY ROLE'.")
    lines = table(
        [
            (
                r.id,
                state(r.status, r.outcome),
                f"next {r.next_due.isoformat()}" if r.next_due else "",
                f"{r.company} · {r.role}" + (f"  [{', '.join(r.job.tags)}]" if r.job.tags else ""),
            )
            for r in rows
        ]
    )
    for line in lines:
        click.echo(line)
    still = sum(r.status == ApplicationStatus.OPEN for r in rows)
    shown = f"{len(rows)} application{'s' if len(rows) != 1 else ''}"
    if rows and only == ApplicationStatus.CLOSED.value:
        click.echo(f"{shown}, closed.")
    elif rows:
        click.echo(f"{still} of {shown} still active.")


@click.command("show")
@click.argument("application")
@db_option
@pass_app
@user_errors
def show(app: AppContext, application: str) -> None:
    """Show an application: contacts, what happened, and its plan."""

    app.connect()
    record, plan = get_application_and_plan(application)
    book = playbook_for(record)
    click.echo(f"{record.company} · {record.role}  [{record.id}]  {state(plan.status, plan.outcome)}")
    chosen = "" if record.playbook else " (your default)"
    click.echo(f"Playbook: {book.name}{chosen}: {summary(book)}")
    if record.applied_on:
        click.echo(f"Applied on {day(record.applied_on)}")
    for line in job_lines(record.job):
        click.echo(line)
    click.echo("\nContacts")
    people = []
    for c in record.contacts:
        greeted = f"greeted as {c.salutation}" if c.salutation else None
        details = ", ".join(x for x in (c.title, c.phone, c.email, c.relation, greeted) if x)
        people.append((c.key, f"{c.name} ({c.role.value.replace('_', ' ')}){': ' + details if details else ''}"))
    for line in table(people, gap=" "):
        click.echo(f"  {line}")
    click.echo("\nWhat happened")
    for event in sorted(record.events, key=lambda e: e.on):
        click.echo(f"  {day(event.on)}  {describe_event(event_to_dict(event), record)}")
    promised = promise_lines(plan, record)
    if promised:
        click.echo("\nPromise")
    for line in promised:
        click.echo(f"  {line}")
    click.echo("\nPlan")
    places = follow_up_places(plan, book)
    rows = []
    for s in plan.steps:
        who = record.contact(s.contact)
        role = f"({step_role(s, places, book)})" if s.status is StepStatus.PENDING else ""
        rows.append((s.id, day(s.due), status_cell(s), action(s.kind, who.name if who else None), role))
    for line in table(rows):
        click.echo(f"  {line}")


@click.group("contact")
def contact() -> None:
    """The people of an application: hiring officer, interviewers, inside contacts."""


@contact.command("add")
@click.argument("application")
@click.option("--name", required=True, help="Their full name.")
@click.option("--role", type=choice_of(ContactRole), required=True, help="Their part in the hiring.")
@click.option("--key", help="Short key to refer to them (default: their first name).")
@click.option("--title", help="Job title, as on their card.")
@click.option("--phone", help="Phone number.")
@click.option("--email", help="E-mail address.")
@click.option("--relation", help="For inside contacts: receptionist, friend, another manager...")
@click.option("--salutation", help="How a letter greets them: 'Ann', 'Dr. Lee' (default: their first name).")
@click.option("--replace", is_flag=True, help="With --role hiring_officer: the one on file becomes an interviewer.")
@click.option("--anyway", is_flag=True, help="Add them though their e-mail or phone is on another open application.")
@click.option(
    "--not-the-same",
    "apart",
    is_flag=True,
    help="With --anyway: they are not the person there (their calls get cards of their own).",
)
@db_option
@pass_app
@user_errors
def contact_add(
    app: AppContext,
    /,
    application: str,
    name: str,
    role: str,
    replace: bool,
    anyway: bool,
    apart: bool,
    **details: str | None,
) -> None:
    """Add a contact to APPLICATION; prints the key to refer to them by.

    An application has one hiring officer: adding another is refused, naming the one on
    file, unless --replace makes that one an interviewer. The e-mail address is checked,
    and the phone number read for your profile's country (kept as you typed it). An
    e-mail address (any case) or phone number already on another open application is
    refused, naming it: --anyway adds the person all the same, as one person to call with
    the one there (one card for both roles), or with --not-the-same as someone else.
    """

    app.connect()
    click.echo(
        add_contact(application, name, ContactRole(role), replace=replace, anyway=anyway, apart=apart, **details)
    )


@click.command("interview")
@click.argument("application")
@click.option("--on", type=DATE, help="The interview's date (default: today). Future dates are fine.")
@click.option("--at", "at", help="Its time, HH:MM.")
@click.option("--with", "with_", multiple=True, metavar="KEY", help="Contact key of an interviewer (repeat).")
@click.option("--final", is_flag=True, help="The final interview, with the hiring officer.")
@click.option("--notes", help="What you talked about: the thank-you notes can mention it.")
@db_option
@pass_app
@user_errors
def interview(
    app: AppContext,
    application: str,
    on: dt.date | None,
    at: str | None,
    with_: tuple[str, ...],
    final: bool,
    notes: str | None,
) -> None:
    """Record an interview; each interviewer is owed a thank-you note that day.

    Refused on a closed application (reopen it first) and more than a year ahead.
    """

    try:  # 9:30 as well as 09:30
        at_time = dt.time.fromisoformat(at.strip().zfill(5)) if at else None
    except ValueError:
        raise UserError(f"--at {at!r}: use HH:MM, e.g. 14:00") from None
    event = Interview(_today(app, on), tuple(with_), at_time, final or None, notes)
    report_plan(record_event(application, event))


@click.command("debrief")
@click.argument("application")
@click.option("--on", type=DATE, help="The interview's date (default: today).")
@click.option("--how", "how_did_i_do", help="1. What they said when you asked how you did.")
@click.option("--considered", type=choice_of(Considered), help="2. Are you being considered?")
@click.option("--card/--no-card", default=None, help="3. Did you get the hiring officer's card?")
@click.option("--timeframe", help='4. When they will decide, as said: "two weeks", "by Friday", "Dec 4".')
@click.option("--call-permission", type=choice_of(CallPermission), help="5. May you follow up by phone?")
@click.option("--stated-interest/--no-stated-interest", default=None, help="6. Did you say you want the job?")
@db_option
@pass_app
@user_errors
def debrief(
    app: AppContext,
    application: str,
    on: dt.date | None,
    how_did_i_do: str | None,
    considered: str | None,
    card: bool | None,
    timeframe: str | None,
    call_permission: str | None,
    stated_interest: bool | None,
) -> None:
    """Record what the final interview's checklist gave (the six on-site items)."""

    event = Debrief(
        _today(app, on),
        timeframe=timeframe,
        call_permission=CallPermission(call_permission) if call_permission else None,
        considered=Considered(considered) if considered else None,
        how_did_i_do=how_did_i_do,
        card=card,
        stated_interest=stated_interest,
    )
    saved = record_debrief(application, event)
    promise = saved.promise
    if saved.no_interview:  # recorded, but it belongs to an interview that is not on file
        click.echo(
            f"Debrief recorded, but nothing is planned until an interview is recorded: none is on file "
            f"on or before {day(event.on)}.\nRecord the interview of that day: "
            f"followthrough interview {saved.plan.application} --on {event.on.isoformat()} --final"
        )
        if saved.plan.pending:
            report_plan(saved.plan)
        return
    if promise is not None and promise.resolves_to:
        click.echo(f"They will decide by {promise.resolves_to:%a %Y-%m-%d} ({promise.said!r}).")
        _warn_far(promise.resolves_to, promise.said_on)
    elif promise is not None:
        click.echo(f"Could not read {promise.said!r} as a date: planning as if no timeframe was given.")
    report_plan(saved.plan)


@click.command("respond")
@click.argument("application")
@click.option("--outcome", type=choice_of(ResponseOutcome), required=True, help="What they said.")
@click.option("--on", type=DATE, help="When (default: today).")
@click.option("--from", "from_", metavar="KEY", help="Contact key of who said it.")
@click.option("--by", "decision_by", help="For not_decided: the new date they gave (date or words).")
@click.option("--replace", is_flag=True, help="Closed with another outcome: record this decision instead.")
@db_option
@pass_app
@user_errors
def respond(
    app: AppContext,
    application: str,
    outcome: str,
    on: dt.date | None,
    from_: str | None,
    decision_by: str | None,
    replace: bool,
) -> None:
    """Record the employer's answer (or your withdrawal); not_decided with --by restarts the wait.

    A decision on an application already closed with another outcome needs --replace.
    """

    app.connect()
    recorded = record_response(application, ResponseOutcome(outcome), decision_by, from_, on, replace)
    report_plan(recorded.plan)
    if recorded.decision_by is not None:  # the date read from their words, as debrief says it
        said = "" if decision_by == recorded.decision_by.isoformat() else f" ({decision_by!r})"
        click.echo(f"They will decide by {recorded.decision_by:%a %Y-%m-%d}{said}.")
        _warn_far(recorded.decision_by, recorded.response.on)


def _warn_far(promised: dt.date, said_on: dt.date) -> None:
    warning = long_promise_warning(promised, said_on)
    if warning:
        click.echo(f"Warning: {warning}", err=True)


def _mark(app: AppContext, step_id: str, status: StepStatus, on: dt.date | None, **details: str | None) -> None:
    """Settle a step through the same service as the web app: an already settled step is
    refused, and a day ahead is recorded as today."""

    app.connect()
    outcome = details.get("outcome")
    settled = settle_step(step_id, status, on, CallOutcome(outcome) if outcome else None, details.get("note"))
    for line in settled_lines(settled):
        click.echo(line)


@click.command("done")
@click.argument("step")
@click.option("--on", type=DATE, help="When you did it (default: today).")
@click.option("--outcome", type=choice_of(CallOutcome), help="For calls: reached, voicemail or no_answer.")
@click.option("--note", help="What you learned.")
@db_option
@pass_app
@user_errors
def done(app: AppContext, step: str, on: dt.date | None, outcome: str | None, note: str | None) -> None:
    """Mark STEP (its id from the agenda) done."""
    _mark(app, step, StepStatus.DONE, on, outcome=outcome, note=note)


@click.command("skip")
@click.argument("step")
@click.option("--on", type=DATE, help="When you decided (default: today).")
@db_option
@pass_app
@user_errors
def skip(app: AppContext, step: str, on: dt.date | None) -> None:
    """Skip STEP: it is gone, the rest of the plan stays where it was."""
    _mark(app, step, StepStatus.SKIPPED, on)


def report_plan(plan: object) -> None:
    assert isinstance(plan, Plan)
    click.echo(plan_line(plan))
