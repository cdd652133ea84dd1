"""followthrough remind, watch and confirm; profile digest and profile imap."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import click

from followthrough import clock
from followthrough.cli import json_output
from followthrough.cli.context import DATE, AppContext, db_option, pass_app, user_errors
from followthrough.cli.profile import profile
from followthrough.cli.render import plan_line
from followthrough.core import words
from followthrough.core.model import ResponseOutcome
from followthrough.services import mail, reminders
from followthrough.services.errors import UserError
from followthrough.services.reminders import digest_text

# Under the digest e-mail's list: how the steps in it are marked done.
HOW_TO_MARK = "Mark each one with 'followthrough done STEP'."


class TerminalChannel:
    """The digest printed where ``remind`` runs (cron mails it; a terminal shows it).

    Delivery is the printing: the text is written and flushed before the run marks the
    steps delivered, so a process killed in between repeats them next time, never loses
    them. ``render`` turns the digest into what is printed (the ``--json`` run's JSON).
    """

    name = "terminal"

    def __init__(self, render: Callable[[Sequence[Any], dt.date], str] | None = None) -> None:
        self.render = render
        self.printed = False

    def deliver(self, digest: Sequence[Any], day: dt.date) -> None:
        click.echo((self.render or digest_text)(digest, day))
        sys.stdout.flush()
        self.printed = True

    def deliver_note(self, _title: str, text: str) -> None:
        """The interview morning, printed (its text begins with its title)."""
        click.echo(text + "\n")
        sys.stdout.flush()
        self.printed = True


def print_command(application: str) -> str:
    """How the interview morning tells the terminal and e-mail to print the checklist."""
    return f"followthrough checklist {application}"


def deliver_mornings(result: Any, channels: Sequence[Any], how_to_print: Callable[[str], str] = print_command) -> None:
    """Each interview today, once on each channel (services/reminders/mornings.py)."""
    for channel in channels:
        reminders.deliver_mornings(result, channel.name, reminders.send_on(channel, how_to_print))


def _json(result: Any, terminal: Sequence[Any], dry_run: bool = False) -> str:
    """What ``remind --json`` prints: the run's deliveries, the terminal's included."""
    delivered = dict(result.delivered) | ({"terminal": list(terminal)} if terminal else {})
    steps = replace(result, delivered=delivered).steps()
    return json_output.reminders_run(result.now.date(), steps, result.failed, dry_run)


@click.command("remind")
@click.option("--as-of", type=DATE, help="Deliver as at the end of DATE (default: now, in your time zone).")
@click.option("--json", "as_json", is_flag=True, help="Print what this run delivered as JSON.")
@click.option("--no-desktop", is_flag=True, help="No desktop notification, even where notify-send works.")
@click.option(
    "--dry-run",
    is_flag=True,
    help="Only print what would be delivered (here, any --as-of date); nothing is sent or recorded.",
)
@db_option
@pass_app
@user_errors
def remind(app: AppContext, as_of: dt.date | None, as_json: bool, no_desktop: bool, dry_run: bool) -> None:
    """Deliver every step that has come due and was not delivered before.

    Each step is delivered once per channel: here in the terminal, as a desktop
    notification where notify-send works, and in one daily digest e-mail when SMTP is
    set up ('followthrough profile digest' sets its time). Steps missed while the
    computer was off come in the next run's digest, marked late. Run it from cron or a
    systemd timer (see docs/reminders.md). Exit code 1 when a channel failed: what it
    could not deliver is tried again on the next run. A date after today is refused
    (it would use up reminders not due yet) unless --dry-run only shows them.
    """

    app.connect()
    if as_of and as_of > reminders.today() and not dry_run:
        # Delivering the future would use those reminders up: on the day they would say nothing.
        raise UserError(
            f"--as-of {as_of}: after today ({reminders.today()}); it would use up reminders not due yet"
            " (add --dry-run to only see them)"
        )
    now = reminders.end_of(as_of) if as_of else None
    if dry_run:
        result = reminders.preview("terminal", now or clock.now())
        if as_json:
            click.echo(_json(result, [], dry_run=True))
        elif result.delivered["terminal"]:
            click.echo(reminders.digest_text(result.delivered["terminal"], result.now.date()))
            click.echo("(dry run: nothing was delivered or recorded)")
        else:
            click.echo("Nothing new to remind you of.")
    else:
        result = reminders.start(now)
        chosen = [c for c in reminders.default_channels() if not (no_desktop and c.name == "desktop")]
        for channel in chosen:
            reminders.deliver(result, channel)
        # The terminal last: with --json its delivery is the whole run's JSON, printed once.
        terminal = TerminalChannel((lambda digest, _day: _json(result, digest)) if as_json else None)
        # The interview mornings first in the terminal; with --json they wait for a plain run.
        deliver_mornings(result, chosen if as_json else [*chosen, terminal])
        reminders.deliver(result, terminal)
        if as_json and not terminal.printed:
            click.echo(_json(result, []))
        elif not as_json and not result.delivered.get("terminal") and "terminal" not in result.failed:
            if result.waiting:
                click.echo(
                    f"{result.waiting} step(s) due today wait for the {result.digest_at:%H:%M} digest"
                    " (see them now: 'followthrough agenda')."
                )
            else:
                click.echo("Nothing new to remind you of.")
    mail_went = dry_run or _scheduled_mail(as_json)
    for name, why in result.failed.items():
        click.echo(f"Warning: could not deliver on {name}: {why} (will retry on the next run)", err=True)
    if result.failed or not mail_went:
        raise SystemExit(1)


def _scheduled_mail(as_json: bool) -> bool:
    """Send the e-mails whose working-hours moment has come (each once) and say so; False
    when one could not go (it is retried on the next run, or its step is to do again)."""

    done = mail.deliver_due()
    if done.sent:
        click.echo(f"Sent {done.sent} e-mail(s) scheduled for their working hours.", err=as_json)
    for step, why in (done.failed or {}).items():
        click.echo(f"Warning: not sent, refused for good ({why}); step {step} is to do again.", err=True)
    for step, why in (done.retry or {}).items():
        click.echo(
            f"Warning: step {step}'s scheduled e-mail not sent yet: {why} (will retry on the next run)", err=True
        )
    if done.uncertain:
        click.echo(
            f"Warning: {done.uncertain} scheduled e-mail(s) may or may not have gone: see 'followthrough scheduled'.",
            err=True,
        )
    return not (done.failed or done.retry or done.uncertain)


@profile.command("digest")
@click.option("--time", "at", metavar="HH:MM", help="Local time of the daily digest (default 08:00).")
@db_option
@pass_app
@user_errors
def profile_digest(app: AppContext, at: str | None) -> None:
    """Show or set when the daily reminder digest goes out (your wall-clock time, DST or not)."""

    app.connect()
    when = reminders.set_digest_time(at) if at else reminders.digest_time()
    channels = ", ".join(["terminal", *(c.name for c in reminders.default_channels())])
    click.echo(f"Daily digest at {when:%H:%M} your time; channels here: {channels}.")


def _found_lines(found: Sequence[Any]) -> list[str]:
    lines = []
    for item in found:
        lines.append(
            f"  #{item.id}  {item.company} [{item.application}]: {item.sender} — {item.subject!r}"
            f" ({item.received:%a %Y-%m-%d %H:%M})"
        )
        if item.kind == "out_of_office":
            lines.append(
                f"        out of office, back {item.back_on:%a %Y-%m-%d}: snooze their next step on Today in"
                f" the web app, or 'followthrough dismiss {item.id}'"
            )
        else:
            lines.append(f"        possible response — confirm: followthrough confirm {item.id} --outcome OUTCOME")
    return lines


@click.command("watch")
@click.option("--loop", is_flag=True, help="Keep watching, one pass every --interval seconds.")
@click.option("--interval", type=click.IntRange(min=10), default=300, show_default=True, help="Seconds between passes.")
@click.option("--folder", "folders", multiple=True, metavar="NAME", help="Folder to read (repeat; default INBOX).")
@db_option
@pass_app
@user_errors
def watch_command(app: AppContext, loop: bool, interval: int, folders: tuple[str, ...]) -> None:
    """Look in your mailbox for answers from the employers you are waiting on.

    A message after an open application's latest interview, from one of its contacts,
    from its company's domains ('followthrough domains') or answering a message
    followthrough sent, shows in the agenda as a possible response to confirm.
    Auto-replies are no answer; a contact's out-of-office reply that says when they are back
    is offered on Today as a snooze of their next step. Nothing changes the plan until
    you confirm. Each message is looked at once (the last UID read is kept per folder).
    """

    app.connect()
    chosen = folders or ("INBOX",)

    def report(result: mail.PassResult, warn: bool = True) -> None:
        read = sum(result.read.values())
        answers = sum(f.kind != "out_of_office" for f in result.found)
        away = len(result.found) - answers
        more = f"; {away} out-of-office repl{'ies' if away != 1 else 'y'} with a return date" if away else ""
        click.echo(f"Read {read} new message{'s' * (read != 1)}; {answers} possible response(s){more}.")
        for line in _found_lines(result.found):
            click.echo(line)
        for why in result.failed.values() if warn else ():
            click.echo(f"Warning: {why}", err=True)

    if not loop:
        result = mail.watch_once(chosen)
        report(result, warn=False)  # the error below says it, once
        if result.failed:
            raise UserError("; ".join(result.failed.values()))
        return
    mail.watch_loop(chosen, interval, report, lambda why: click.echo(f"Warning: {why}", err=True))


@click.command("confirm")
@click.argument("possible", type=int, metavar="ID")
@click.option("--outcome", type=click.Choice([o.value for o in ResponseOutcome]), required=True, help="What they said.")
@click.option("--by", "decision_by", help="For not_decided: the new date they gave (date or words).")
@click.option("--on", type=DATE, help="When they said it (default: the message's date).")
@click.option("--from", "from_", metavar="KEY", help="Contact key of who said it (default: the matched contact).")
@db_option
@pass_app
@user_errors
def confirm(
    app: AppContext, possible: int, outcome: str, decision_by: str | None, on: dt.date | None, from_: str | None
) -> None:
    """Confirm possible response ID (from the agenda) as the employer's answer."""

    app.connect()
    plan = mail.confirm(possible, ResponseOutcome(outcome), decision_by, on, from_).plan
    click.echo(f"Recorded their answer for {plan.application}: {words.outcome(outcome).lower()}.")
    click.echo(plan_line(plan))


@click.command("dismiss")
@click.argument("possible", type=int, metavar="ID")
@db_option
@pass_app
@user_errors
def dismiss(app: AppContext, possible: int) -> None:
    """Possible response ID was not an answer: take it off the agenda; the plan stays."""

    app.connect()
    item = mail.dismiss(possible)
    click.echo(f"Dismissed #{item.id} ({item.sender}: {item.subject!r}).")


@click.command("domains")
@click.argument("application")
@click.argument("add", nargs=-1, metavar="[DOMAIN]...")
@click.option("--remove", multiple=True, metavar="DOMAIN", help="Stop watching this domain (repeat).")
@db_option
@pass_app
@user_errors
def domains(app: AppContext, application: str, add: tuple[str, ...], remove: tuple[str, ...]) -> None:
    """Show or add the company's mail domains: mail from them may be its answer."""

    app.connect()
    current = mail.set_domains(application, list(add), list(remove))
    for domain in remove:
        click.echo(f"Removed {domain.strip().lower().lstrip('@')}.")
    click.echo(f"{application}: {', '.join(current) if current else 'no domains (watching contacts only)'}")


@profile.command("imap")
@click.option("--host", help="IMAP server, e.g. imap.example.org.")
@click.option("--port", type=int, help="Port (default: 993 for ssl, 143 otherwise).")
@click.option("--security", type=click.Choice(["ssl", "starttls", "none"]), help="Connection security.")
@click.option("--user", help="Login name.")
@click.option("--ask-password", is_flag=True, help="Ask for the password and keep it in the system keyring.")
@db_option
@pass_app
@user_errors
def profile_imap(
    app: AppContext, host: str | None, port: int | None, security: str | None, user: str | None, ask_password: bool
) -> None:
    """Show or set the mailbox 'followthrough watch' reads (password: keyring or environment)."""

    app.connect()
    settings = mail.save_imap_settings(host, port, security, user)
    if ask_password:
        if not settings.user:
            raise UserError("--ask-password needs --user: the password is kept in the keyring under that user")
        mail.require_keyring("imap")
        mail.store_imap_password(click.prompt("IMAP password", hide_input=True))
    has_password = bool(settings.user and mail.password("imap", settings.user))
    click.echo(
        f"IMAP {settings.host or '(no host)'}:{settings.port} {settings.security}, user {settings.user or '(none)'}, "
        f"password {'found' if has_password else 'not set (' + mail.ENV['imap'] + ' or --ask-password)'}"
    )
