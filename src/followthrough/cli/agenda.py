"""followthrough agenda / today, and plan: what to do, now and later."""

from __future__ import annotations

import datetime as dt

import click

from followthrough.cli import json_output
from followthrough.cli.context import DATE, AppContext, db_option, pass_app, user_errors
from followthrough.cli.describe import state, status_cell
from followthrough.cli.possible import possible_lines
from followthrough.cli.render import FLAG_NOTES, action, agenda_lines, day, promise_lines, table
from followthrough.core.model import StepStatus
from followthrough.core.words import will_be_sent
from followthrough.services import fastpath, pages
from followthrough.services.jobsearch import get_application, get_plan, today
from followthrough.services.mail import mail_states, uncertain_steps


@click.command("agenda")
@click.option("--as-of", type=DATE, help="Show the agenda of another day (default: today in your time zone).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (docs/exchange.md) instead of text.")
@db_option
@pass_app
@user_errors
def agenda(app: AppContext, as_of: dt.date | None, as_json: bool) -> None:
    """What is due today, overdue first. Also: 'followthrough today'."""

    # The fast path: a plain sqlite3 read, no Django, for the command run most.
    result = fastpath.fast_agenda(app.db, as_of)
    if result is None:
        app.connect()
        result = pages.due_steps(as_of or today())
    if as_json:
        click.echo(json_output.agenda(result))
        return

    lines = [*agenda_lines(result.as_of, result.entries, result.next_due), *possible_lines(result)]
    click.echo("\n".join(lines))


@click.command("plan")
@click.argument("application")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (docs/exchange.md) instead of text.")
@db_option
@pass_app
@user_errors
def plan(app: AppContext, application: str, as_json: bool) -> None:
    """Every step of APPLICATION, past and future, with its status and due date."""

    app.connect()
    result = get_plan(application)
    in_doubt = uncertain_steps()  # sent, but the connection dropped: it may not have arrived
    mail = mail_states([s.id for s in result.steps])
    if as_json:
        click.echo(json_output.plan(result, in_doubt, mail))
        return
    record = get_application(application)
    click.echo(f"{record.company} · {record.role}: {state(result.status, result.outcome)}")
    for line in promise_lines(result, record):
        click.echo(line)
    rows = []
    for s in result.steps:
        who = record.contact(s.contact)
        notes = "; ".join(FLAG_NOTES.get(f, f) for f in sorted(s.flags))
        if s.id in in_doubt:
            notes = "; ".join(filter(None, [notes, FLAG_NOTES["delivery_uncertain"]]))
        shown = f"! {notes}" if notes and s.status is StepStatus.PENDING else ""
        sending, at = mail.get(s.id, (None, None))
        if sending == "scheduled" and at is not None:  # waiting for the employer's working hours
            shown = " ".join(filter(None, [shown, f"({will_be_sent(at)})"]))
        rows.append((s.id, day(s.due), status_cell(s), action(s.kind, who.name if who else None), shown))
    for line in table(rows):
        click.echo(f"  {line}")
