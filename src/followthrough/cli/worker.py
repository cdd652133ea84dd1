"""followthrough worker: the reminder and reply-watcher loop of a server (or of anyone)."""

from __future__ import annotations

import datetime as dt
import signal
import threading
from typing import Any

import click

from followthrough.cli import json_output, logs
from followthrough.cli.context import AppContext, db_option, pass_app, user_errors
from followthrough.cli.reminders import HOW_TO_MARK, TerminalChannel
from followthrough.services import reminders


@click.command("worker")
@click.option(
    "--once", is_flag=True, help="Make one pass, then exit (exit code 1 when a channel or the mailbox failed)."
)
@click.option(
    "--interval",
    type=click.FloatRange(min=0.5),
    default=60,
    show_default=True,
    metavar="SECONDS",
    help="Seconds between the end of one pass and the start of the next.",
)
@click.option(
    "--batch",
    type=click.IntRange(min=1, max=100_000),
    default=500,
    show_default=True,
    metavar="N",
    help="Reminders claimed, delivered and marked at a time (each batch one digest to its job seeker).",
)
@click.option(
    "--claim-timeout",
    type=click.FloatRange(min=1),
    default=900,
    show_default=True,
    metavar="SECONDS",
    help="Take over reminders another worker claimed this long ago and never delivered "
    "(it died, or hangs); set the same on every worker.",
)
@click.option("--json", "as_json", is_flag=True, help="Print each digest as one line of JSON instead of text.")
@click.option("--no-desktop", is_flag=True, help="No desktop notification, even where notify-send works.")
@click.option(
    "--folder", "folders", multiple=True, metavar="NAME", help="Mailbox folder to read (repeat; default INBOX)."
)
@db_option
@pass_app
@user_errors
def worker(
    app: AppContext,
    once: bool,
    interval: float,
    batch: int,
    claim_timeout: float,
    as_json: bool,
    no_desktop: bool,
    folders: tuple[str, ...],
) -> None:
    """Deliver reminders and watch the mailbox, pass after pass, until stopped.

    Each pass delivers every step that has come due, like 'followthrough remind' (printed
    here, as a desktop notification where notify-send works, by e-mail where SMTP is set
    up), then reads the mailbox like 'followthrough watch' where IMAP is set up. Run as
    many workers at once as you like, on one machine or several against one PostgreSQL
    database: they share the work and deliver each step once, going through every job
    seeker in turn (their own time zone, digest time and mail settings). SIGTERM or Ctrl+C finishes
    the batch in hand, then exits with code 0. One log line per pass on stderr
    (FOLLOWTHROUGH_LOG=warning keeps it quiet).
    """

    logs.setup(serving=True)
    app.connect()
    stop = threading.Event()

    def finish(signum: int, _frame: Any) -> None:
        if not stop.is_set():
            reminders.worker_log.info("%s: finishing the batch in hand, then stopping", signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGTERM, finish)
    signal.signal(signal.SIGINT, finish)

    def channels() -> list[reminders.Channel]:
        chosen = [c for c in reminders.default_channels(HOW_TO_MARK) if not (no_desktop and c.name == "desktop")]
        return [*chosen, TerminalChannel(json_output.digest_line if as_json else None)]

    code = reminders.run_worker(
        channels,
        stop,
        once=once,
        interval=interval,
        batch=batch,
        claim_timeout=dt.timedelta(seconds=claim_timeout),
        folders=folders or ("INBOX",),
    )
    if code:
        raise SystemExit(code)
