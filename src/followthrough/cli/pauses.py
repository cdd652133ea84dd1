"""Real life between the steps: `snooze`, `reopen` and days `away` (playbook rules 8-10)."""

from __future__ import annotations

import datetime as dt

import click

from followthrough.cli import json_output
from followthrough.cli.context import DATE, AppContext, db_option, pass_app, user_errors
from followthrough.cli.recording import report_plan
from followthrough.cli.render import action, day
from followthrough.services.corrections import add_away, away_periods, remove_away
from followthrough.services.corrections import reopen as reopen_application
from followthrough.services.corrections import snooze as snooze_step


@click.command("reopen")
@click.argument("application")
@click.option("--on", type=DATE, help="When they came back (default: today).")
@click.option("--note", help="What they said.")
@db_option
@pass_app
@user_errors
def reopen(app: AppContext, application: str, on: dt.date | None, note: str | None) -> None:
    """Open a closed APPLICATION again: the employer came back after a no, or after you
    moved on. A new wait starts, as after an interview without a promised date.

    Refused on an application that is open. Steps cancelled when it closed stay cancelled.
    """

    app.connect()
    report_plan(reopen_application(application, on, note))


@click.command("snooze")
@click.argument("step")
@click.option("--until", type=DATE, required=True, help="The day to be reminded (YYYY-MM-DD).")
@db_option
@pass_app
@user_errors
def snooze(app: AppContext, step: str, until: dt.date) -> None:
    """Move STEP (its id from the agenda) to a later day: "remind me on the 14th".

    A call lands on the next business day from UNTIL; later calls to the same person keep
    their week's distance from it. Snoozing again replaces the earlier date (an earlier
    one brings the step back).
    """

    app.connect()
    snoozed = snooze_step(step, until)
    click.echo(f"Snoozed: {action(snoozed.step.kind, snoozed.contact_name)}, now due {day(snoozed.step.due)}.")
    report_plan(snoozed.plan)


@click.group("away")
def away() -> None:
    """Days you are away (a holiday, a busy week): no step falls due on them.

    What would fall due moves to the first business day after. Employers still count
    those days when they say "within 10 business days".
    """


@away.command("add")
@click.option("--from", "first", type=DATE, required=True, help="The first day away.")
@click.option("--until", "last", type=DATE, required=True, help="The last day away (included).")
@db_option
@pass_app
@user_errors
def away_add(app: AppContext, first: dt.date, last: dt.date) -> None:
    """Add a period away, both days included; every plan follows."""

    app.connect()
    periods = add_away(first, last)
    click.echo(
        f"Away from {first.isoformat()} to {last.isoformat()} ({len(periods)} period{'s' * (len(periods) != 1)})."
    )


@away.command("list")
@click.option("--json", "as_json", is_flag=True, help='As JSON: {"away": [{"n": 1, "from": …, "until": …}]}.')
@db_option
@pass_app
@user_errors
def away_list(app: AppContext, as_json: bool) -> None:
    """List the periods away, numbered for 'away remove'."""

    app.connect()
    periods = away_periods()
    if as_json:
        click.echo(json_output.away(periods))
        return
    if not periods:
        click.echo("No days away: add some with 'followthrough away add --from DATE --until DATE'.")
    for n, p in enumerate(periods, start=1):
        click.echo(f"  {n:>3}  {p.from_:%a %Y-%m-%d} to {p.until:%a %Y-%m-%d}")


@away.command("remove")
@click.argument("n", type=click.IntRange(min=1), metavar="N")
@db_option
@pass_app
@user_errors
def away_remove(app: AppContext, n: int) -> None:
    """Take out period N (see 'away list'); every plan follows."""

    app.connect()
    gone = remove_away(n)
    click.echo(f"No longer away from {gone.from_.isoformat()} to {gone.until.isoformat()}.")
