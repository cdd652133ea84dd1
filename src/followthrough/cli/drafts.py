"""followthrough draft / send / checklist: act on a step in a minute."""

from __future__ import annotations

from pathlib import Path

import click

from followthrough.cli.context import AppContext, db_option, pass_app, user_errors
from followthrough.core.words import kind_noun, will_be_sent
from followthrough.interop.email_message import SENDABLE, write_eml
from followthrough.services.errors import UserError
from followthrough.services.jobsearch import find_step
from followthrough.services.mail import (
    Scheduled,
    checklist_text,
    draft_for,
    message_for_step,
    send_or_schedule,
    send_state,
)


@click.command("draft")
@click.argument("step")
@click.option("--eml", type=click.Path(dir_okay=False, path_type=Path), help="Also write it as an e-mail (.eml) file.")
@click.option("--notes", help="Something specific from the interview to mention in a thank-you note.")
@db_option
@pass_app
@user_errors
def draft(app: AppContext, step: str, eml: Path | None, notes: str | None) -> None:
    """Print the draft for STEP (its id from the agenda): note, call script or e-mail.

    Change the wording in the web app (Settings); or put a file of the same name
    (thank_you_note.txt, call_hiring_officer.txt, ...) in the drafts folder of your
    config directory: the wording saved in Settings wins over the file.
    """

    app.connect()
    found = find_step(step)[1]
    mail = found.kind.value in SENDABLE
    if eml is not None and not mail:
        said = kind_noun(found.kind.value)
        raise UserError(f"--eml: the {said} is not an e-mail (only thank-you notes and e-mails are)")
    text = draft_for(step, notes)
    state = send_state(found.id)
    if state is not None and state[0] in ("sending", "uncertain"):
        click.echo(f"Note: an earlier send of this step may or may not have arrived ({state[1]}).", err=True)
    if mail and (text.to_name or text.to_email):  # a call script is read aloud, to no one's address
        to = f"{text.to_name or ''} <{text.to_email}>" if text.to_email else text.to_name
        click.echo(f"To: {to}")
    click.echo(f"Subject: {text.subject}\n")
    click.echo(text.body, nl=False)
    if eml is not None:
        write_eml(message_for_step(step, notes), eml)
        click.echo(f"Wrote {eml}.", err=True)


@click.command("send")
@click.argument("step")
@click.option("--notes", help="Something specific from the interview to mention in a thank-you note.")
@click.option("--resend", is_flag=True, help="Send again a step whose earlier send may not have arrived.")
@click.option("--now", "at_once", is_flag=True, help="Send at once, even outside their working hours.")
@db_option
@pass_app
@user_errors
def send(app: AppContext, step: str, notes: str | None, resend: bool, at_once: bool) -> None:
    """Send STEP's thank-you note or e-mail over SMTP and mark it done.

    A follow-up e-mail written outside the employer's working hours (08:00-18:00 on
    their business days, in the application's time zone) waits for their next working
    morning; the step is done today. 'followthrough scheduled' lists what waits,
    'followthrough unschedule STEP' cancels it, --now sends it at once. A thank-you note
    always goes at once.

    Set the server up first with 'followthrough profile smtp'. With a mailbox set up
    ('followthrough profile imap'), a copy goes to its Sent folder.
    """

    app.connect()
    sent = send_or_schedule(step, message_for_step(step, notes), at_once=at_once, resend=resend)
    if isinstance(sent, Scheduled):
        click.echo(f"Scheduled: to {sent.recipient}, {will_be_sent(sent.send_at)}; step {sent.step_id} done.")
        short = sent.step_id[:8]
        click.echo(f"Change it with 'followthrough scheduled {short} --text-file FILE', send it with")
        click.echo(f"'followthrough send {short} --now', or cancel it: 'followthrough unschedule {short}'.")
        return
    click.echo(f"Sent to {sent.recipient} ({sent.message_id}); step {sent.step_id} done.")
    if sent.saved_in:
        click.echo(f"A copy is in your {sent.saved_in} folder.")
    if sent.not_saved:
        click.echo(f"Warning: {sent.not_saved}.", err=True)


@click.command("checklist")
@click.argument("application")
@db_option
@pass_app
@user_errors
def checklist(app: AppContext, application: str) -> None:
    """Print the on-site checklist to take to APPLICATION's interview."""

    app.connect()
    click.echo(checklist_text(application), nl=False)
