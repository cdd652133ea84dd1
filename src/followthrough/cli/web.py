"""followthrough serve: the web app on this machine, for this user only."""

from __future__ import annotations

import html
import os
import secrets
import shutil
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click
from django.conf import settings
from django.core.wsgi import get_wsgi_application

from followthrough.cli import logs
from followthrough.cli.context import AppContext, db_option, pass_app, user_errors
from followthrough.cli.reminders import HOW_TO_MARK, TerminalChannel, deliver_mornings
from followthrough.services import mail, reminders
from followthrough.services.errors import UserError
from followthrough.services.files import remember_port, remembered_port

DEFAULT_PORT = 8765
HOST = "127.0.0.1"
REMIND_EVERY = 300  # seconds between background reminder runs
SEND_EVERY = 60  # seconds between looks for scheduled e-mails whose minute has come


def _server(port: int, explicit: bool) -> object:
    """A waitress server bound to loopback; the default port gives way to a free one."""
    from waitress import create_server

    application = get_wsgi_application()
    try:
        return create_server(application, host=HOST, port=port, threads=4, ident="followthrough")
    except OSError as error:
        if explicit:
            raise UserError(f"--port {port}: cannot listen there ({error.strerror or error})") from None
        return create_server(application, host=HOST, port=0, threads=4, ident="followthrough")


@click.command("serve")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    help=f"Port on 127.0.0.1, kept for next time (default: the last one given, else {DEFAULT_PORT}, else a free one).",
)
@click.option("--no-browser", is_flag=True, help="Only print the address; do not open a browser.")
@click.option("--no-reminders", is_flag=True, help="Do not deliver reminders in the background while serving.")
@db_option
@pass_app
@user_errors
def serve(app: AppContext, port: int | None, no_browser: bool, no_reminders: bool) -> None:
    """Open the web app: Today, applications, debriefs, statistics, settings.

    It listens on 127.0.0.1 only. The address it prints carries a secret made at each
    launch: open it in your browser (done for you unless --no-browser); other users of
    this machine and other web pages cannot reach your data. Stop with Ctrl+C.

    While it runs it also delivers your reminders, as 'followthrough remind' would: at
    start and every few minutes, printed here, as a desktop notification and in the
    daily digest e-mail; and it sends the e-mails waiting for the employer's working hours
    when their minute comes (--no-reminders turns both off).

    It answers your calendar feed too, at the address 'followthrough calendar-url'
    prints; a --port given here is kept and used next time, so that address stays put.
    """

    logs.setup(serving=True)
    app.connect()

    token = secrets.token_urlsafe(32)
    wanted = port if port is not None else remembered_port() or DEFAULT_PORT
    server = _server(wanted, port is not None)
    bound = int(server.effective_port)  # type: ignore[attr-defined]  # waitress gives it as text
    if port:  # kept, so the calendar feed's address (followthrough calendar-url) stays put
        remember_port(port)
    elif port is None and bound != wanted:
        click.echo(
            f"Warning: port {wanted} is taken, so this is port {bound}: calendar programs following "
            "your calendar feed cannot reach it.",
            err=True,
        )
    settings.FOLLOWTHROUGH_TOKEN = token
    # Cookies ignore ports: name them per port so two instances never clobber each other.
    settings.SESSION_COOKIE_NAME = f"followthrough_session_{bound}"
    settings.CSRF_COOKIE_NAME = f"followthrough_csrf_{bound}"
    url = f"http://{HOST}:{bound}/?token={token}"
    stop = threading.Event()
    reminding = None if no_reminders else _start_reminders(stop, f"http://{HOST}:{bound}")
    sending = None if no_reminders else _start_sending(stop)
    launch: Path | None = None
    try:
        click.echo(f"followthrough is serving {app.shown_location}")
        click.echo(f"Open this address in your browser (it holds your secret key):\n\n    {url}\n")
        click.echo("Stop with Ctrl+C.", err=True)
        if not no_browser:
            launch = launch_page(url)
            threading.Timer(0.5, open_in_browser, args=(launch,)).start()
        server.run()  # type: ignore[attr-defined]
    except KeyboardInterrupt:
        click.echo("Stopped.", err=True)
    finally:
        stop.set()
        server.close()  # type: ignore[attr-defined]
        if launch is not None:
            shutil.rmtree(launch.parent, ignore_errors=True)
        if reminding is not None:
            reminding.join(timeout=30)  # a digest half sent is finished, not cut off
        if sending is not None:
            sending.join(timeout=30)  # an e-mail half sent likewise


LAUNCH_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="refresh" content="0;url={url}">
<title>Opening followthrough</title></head>
<body><p>Opening followthrough&hellip; if nothing happens, <a href="{url}">follow this link</a>.</p></body></html>
"""


def launch_page(url: str) -> Path:
    """A page that sends the browser on to ``url``, readable by this user alone.

    The browser is given this file, never the URL: a command line is visible to every user
    of the machine (ps), and the URL holds the secret token. As notebook servers do.
    """

    folder = Path(tempfile.mkdtemp(prefix="followthrough-"))  # mode 0700
    page = folder / "open.html"
    descriptor = os.open(page, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(LAUNCH_PAGE.format(url=html.escape(url)))
    return page


def open_in_browser(page: Path) -> None:
    import webbrowser

    webbrowser.open(page.as_uri())


def _start_sending(stop: threading.Event) -> threading.Thread:
    """The e-mails waiting for the employer's working hours, sent when their minute comes
    (checked every minute), in a daemon thread of their own."""

    def warn(why: str) -> None:
        click.echo(f"Warning: scheduled e-mail: {why}", err=True)

    thread = threading.Thread(
        target=mail.keep_sending, args=(stop, SEND_EVERY, warn), name="followthrough-scheduled-mail", daemon=True
    )
    thread.start()
    return thread


def _start_reminders(stop: threading.Event, base_url: str) -> threading.Thread:
    """The reminders in a daemon thread: a run now, then every REMIND_EVERY seconds; the
    interview mornings link to the application page's checklist at ``base_url``."""

    def channels() -> list[reminders.Channel]:
        return [*reminders.default_channels(HOW_TO_MARK), TerminalChannel()]

    def warn(why: str) -> None:
        click.echo(f"Warning: reminders: {why}", err=True)

    def mornings(result: Any, chosen: Sequence[reminders.Channel]) -> None:
        deliver_mornings(result, chosen, lambda slug: f"{base_url}/applications/{slug}/#checklist")

    thread = threading.Thread(
        target=reminders.keep_reminding,
        args=(channels, stop, REMIND_EVERY, warn, mornings),
        name="followthrough-reminders",
        daemon=True,
    )
    thread.start()
    return thread
