"""followthrough scheduled / unschedule: the e-mails waiting for the employer's working hours."""

from __future__ import annotations

from pathlib import Path

import click

from followthrough.cli.context import AppContext, db_option, pass_app, user_errors
from followthrough.core.words import will_be_sent
from followthrough.services.errors import UserError
from followthrough.services.mail import Scheduled, cancel_scheduled, edit_scheduled, scheduled_messages

STATES = {
    "scheduled": "",
    "sending": " — being sent, or cut off mid-way: it may or may not have gone (check your Sent folder)",
    "uncertain": " — the connection dropped: it may or may not have gone (check your Sent folder)",
    "failed": " — refused by your mail server, not sent: the step is to do again",
}


def _line(item: Scheduled) -> str:
    when = will_be_sent(item.send_at) if item.state == "scheduled" else f"due {item.send_at:%a %d %b, %H:%M} their time"
    return f"  {item.step_id}  {item.application}: to {item.recipient}, {when}{STATES.get(item.state, '')}"


@click.command("scheduled")
@click.argument("step", required=False)
@click.option("--subject", help="A new subject for STEP's waiting e-mail.")
@click.option(
    "--text-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A new text for STEP's waiting e-mail, read from this file ('-' is not accepted).",
)
@db_option
@pass_app
@user_errors
def scheduled(app: AppContext, step: str | None, subject: str | None, text_file: Path | None) -> None:
    """The e-mails waiting for the employer's working hours; with STEP, that one in full.

    Change STEP's waiting e-mail with --subject and/or --text-file; send it at once
    with 'followthrough send STEP --now'; cancel it with 'followthrough unschedule STEP'.
    """

    app.connect()
    if step is None:
        if subject is not None or text_file is not None:
            raise UserError("--subject and --text-file change one waiting e-mail: give its STEP")
        waiting = scheduled_messages()
        if not waiting:
            click.echo("No e-mail is waiting for working hours.")
        for item in waiting:
            click.echo(_line(item))
        return
    found = next((m for m in scheduled_messages() if m.step_id.startswith(step)), None)
    if found is None:
        raise UserError(f"step {step}: no e-mail is waiting for their working hours")
    item = found
    if subject is not None or text_file is not None:
        body = text_file.read_text(encoding="utf-8") if text_file is not None else item.body
        item = edit_scheduled(item.step_id, subject if subject is not None else item.subject, body)
        click.echo(f"Changed; {will_be_sent(item.send_at)}.", err=True)
    click.echo(_line(item).strip())
    click.echo(f"Subject: {item.subject}\n")
    click.echo(item.body, nl=False)


@click.command("unschedule")
@click.argument("step")
@db_option
@pass_app
@user_errors
def unschedule(app: AppContext, step: str) -> None:
    """Cancel STEP's e-mail waiting for the employer's working hours: it is never sent,
    and the step is to do again."""

    app.connect()
    gone = cancel_scheduled(step)
    click.echo(f"Cancelled the e-mail to {gone.recipient}: not sent; step {gone.step_id} is to do again.")
