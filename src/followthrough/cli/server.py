"""followthrough server: the career-centre server, many job seekers on one PostgreSQL.

``followthrough server init`` makes the tables, the secret key file, the organisation and
its first administrator; ``followthrough server`` runs the web app under gunicorn;
``followthrough server reset-link`` lets an operator back in a locked-out administrator.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any, TextIO

import click

from followthrough import settings
from followthrough.cli import logs
from followthrough.cli.context import AppContext, db_option, pass_app, user_errors
from followthrough.server_settings import (
    ServerOptions,
    ServerSetupError,
    new_secret_key,
    read_secret_key,
    secret_key,
    write_secret_key,
)
from followthrough.services import accounts
from followthrough.services.connection import open_store
from followthrough.services.errors import UserError

DEFAULT_BIND = "127.0.0.1:8000"
LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]")
SECRET_FILE = "secret-key"


def default_server_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("followthrough", appauthor=False)) / "server"


def _server_dir_option(command: Any) -> Any:
    return click.option(
        "--server-dir",
        type=click.Path(file_okay=False, path_type=Path),
        envvar="FOLLOWTHROUGH_SERVER_DIR",
        show_envvar=True,
        help="Where the server keeps its secret key file and the static files it serves "
        "(default: 'server' in your data directory).",
    )(command)


def _hosts(given: tuple[str, ...]) -> tuple[str, ...]:
    """--allowed-host NAME (repeatable), else $FOLLOWTHROUGH_ALLOWED_HOSTS (commas),
    else the names of this machine's loopback."""
    names = [n for value in given for n in re.split(r"[,\s]+", value) if n]
    if not names:
        names = [n for n in re.split(r"[,\s]+", os.environ.get("FOLLOWTHROUGH_ALLOWED_HOSTS", "")) if n]
    return tuple(names) or LOCAL_HOSTS


def _configure(app: AppContext, key: str, hosts: tuple[str, ...], server_dir: Path, proxy: str | None) -> str:
    """Django in server mode on the database of --db / $FOLLOWTHROUGH_DB (PostgreSQL)."""

    options = ServerOptions(
        secret_key=key, allowed_hosts=hosts, static_root=str(server_dir / "static"), proxy_ssl_header=proxy or None
    )
    try:
        location = settings.configure(app.db, mode="server", server=options)
    except (settings.BadDatabase, ServerSetupError) as error:
        raise UserError(str(error)) from None
    app.location = location
    return location


def _open(app: AppContext, location: str) -> None:
    app.shown_location = open_store(location)


@click.group("server", invoke_without_command=True)
@click.option(
    "--bind",
    default=DEFAULT_BIND,
    show_default=True,
    metavar="HOST:PORT",
    envvar="FOLLOWTHROUGH_BIND",
    show_envvar=True,
    help="Address to listen on (put a TLS reverse proxy in front; 0.0.0.0:8000 listens on every interface).",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=2,
    show_default=True,
    envvar="FOLLOWTHROUGH_WORKERS",
    help="Worker processes (about two per CPU core).",
)
@click.option(
    "--threads", type=click.IntRange(1, 64), default=4, show_default=True, help="Threads in each worker process."
)
@click.option(
    "--allowed-host",
    "allowed_hosts",
    multiple=True,
    metavar="NAME",
    help="A host name the server answers to (repeatable; or $FOLLOWTHROUGH_ALLOWED_HOSTS, commas between); "
    "requests for any other are refused. Default: localhost, 127.0.0.1, [::1].",
)
@click.option(
    "--proxy-ssl-header",
    metavar="HEADER",
    envvar="FOLLOWTHROUGH_PROXY_SSL_HEADER",
    show_envvar=True,
    help="Behind a TLS reverse proxy: the header it sets to 'https' (X-Forwarded-Proto). Turns on HSTS for "
    "those requests and counts failed sign-ins by the X-Forwarded-For address it adds.",
)
@_server_dir_option
@db_option
@pass_app
@click.pass_context
@user_errors
def server(
    ctx: click.Context,
    app: AppContext,
    bind: str,
    workers: int,
    threads: int,
    allowed_hosts: tuple[str, ...],
    proxy_ssl_header: str | None,
    server_dir: Path | None,
) -> None:
    """Run the career-centre server: job seekers, coaches and administrators of an
    organisation sign in to their own job search, on PostgreSQL.

    --db (or $FOLLOWTHROUGH_DB) must be a postgresql:// URL. The secret key every worker
    shares comes from $FOLLOWTHROUGH_SECRET_KEY, else the file 'server init' writes. Start
    with 'followthrough server init'; stop with Ctrl+C (or SIGTERM).
    """
    if ctx.invoked_subcommand is not None:
        return

    logs.setup(serving=True)
    folder = server_dir or default_server_dir()
    if not re.fullmatch(r"(unix:.+|.*:\d{1,5})", bind):
        raise UserError(f"--bind {bind!r}: expected HOST:PORT (or unix:PATH)")
    try:
        key = secret_key(folder / SECRET_FILE)
    except ServerSetupError as error:
        raise UserError(str(error)) from None
    location = _configure(app, key, _hosts(allowed_hosts), folder, proxy_ssl_header)
    _open(app, location)
    from followthrough.cli.server_run import run  # gunicorn, and Django's WSGI app: only for 'server run'

    click.echo(f"followthrough server on {app.shown_location}, listening on {bind}", err=True)
    run(bind, workers, threads)


@server.command("init")
@click.option("--organisation", required=True, metavar="NAME", help="The career centre's name.")
@click.option(
    "--email", required=True, metavar="ADDRESS", help="The first administrator's e-mail address: they sign in with it."
)
@click.option("--name", default="", metavar="NAME", help="The first administrator's name (optional).")
@click.option(
    "--password-file",
    type=click.File("r", encoding="utf-8"),
    help="Read the administrator's password from this file's first line ('-': standard input) "
    "instead of asking for it twice on the terminal.",
)
@_server_dir_option
@db_option
@pass_app
@user_errors
def init(
    app: AppContext,
    organisation: str,
    email: str,
    name: str,
    password_file: TextIO | None,
    server_dir: Path | None,
) -> None:
    """Set a new server up: the tables, the secret key file (mode 0600, unless
    $FOLLOWTHROUGH_SECRET_KEY is set), the organisation and its first administrator.

    The password must have at least 8 characters and not be a common one; a long
    passphrase is best. The administrator sets up an authenticator app at first sign-in.
    """

    folder = server_dir or default_server_dir()
    key_file = folder / SECRET_FILE
    key = os.environ.get("FOLLOWTHROUGH_SECRET_KEY", "").strip()
    try:
        key = key or (read_secret_key(key_file) if key_file.exists() else new_secret_key())
    except ServerSetupError as error:
        raise UserError(str(error)) from None
    location = _configure(app, key, LOCAL_HOSTS, folder, None)
    address = accounts.sign_in_name(email)
    password = _password(password_file)
    accounts.check_password(password, address)  # before anything is written
    made_key = not os.environ.get("FOLLOWTHROUGH_SECRET_KEY") and write_secret_key(key_file, key)
    _open(app, location)
    accounts.start_organisation(organisation, address, password, name)
    if made_key:
        click.echo(f"Secret key written to {key_file} (mode 0600): every web worker reads it.")
    click.echo(f"Organisation {' '.join(organisation.split())!r} is ready on {app.shown_location}.")
    click.echo(f"Its administrator signs in as {address} and sets up an authenticator app the first time.")


@server.command("reset-link")
@click.argument("email")
@click.option(
    "--new-authenticator",
    is_flag=True,
    help="Remove their authenticator app too (a lost phone): they set up a new one afterwards.",
)
@click.option(
    "--address",
    metavar="URL",
    default="",
    help="The server's address as people reach it (e.g. https://careers.example.org). Default: https:// and "
    "the first name in $FOLLOWTHROUGH_ALLOWED_HOSTS; without either, the link's path alone is printed.",
)
@_server_dir_option
@db_option
@pass_app
@user_errors
def reset_link(app: AppContext, email: str, new_authenticator: bool, address: str, server_dir: Path | None) -> None:
    """A one-time link to a new password for the account EMAIL, valid for a day: the way
    back in for an organisation's only administrator (other members ask theirs, on the
    Organisation page). Give it to them yourself; using it ends their sessions.
    """

    try:
        key = secret_key((server_dir or default_server_dir()) / SECRET_FILE)
    except ServerSetupError as error:
        raise UserError(str(error)) from None
    _open(app, _configure(app, key, LOCAL_HOSTS, server_dir or default_server_dir(), None))
    token, link = accounts.make_on_the_server(email, new_authenticator)
    hosts = [h for h in _hosts(()) if h not in LOCAL_HOSTS]
    start = address.rstrip("/") or (f"https://{hosts[0]}" if hosts else "")
    click.echo(f"{start}/reset/{token}")
    if not start:
        click.echo("Put the server's address in front of that path (or give --address).", err=True)
    what = "a new password, their authenticator app removed" if link.new_authenticator else "a new password"
    until = link.expires_at.strftime("%Y-%m-%d %H:%M UTC")
    click.echo(f"For {link.email}: {what}. It works once, until {until}; followthrough keeps no copy.", err=True)


def _password(source: TextIO | None) -> str:
    if source is not None:
        line = source.readline()
        password = line.removesuffix("\n").removesuffix("\r")
        if not password:
            raise UserError(f"--password-file {source.name}: the first line is empty")
        return password
    if not sys.stdin.isatty():
        raise UserError("no terminal to ask the password on: give --password-file")
    answer: str = click.prompt(
        "The administrator's password", hide_input=True, confirmation_prompt="The same password again"
    )
    return answer
