"""What every command shares: the database it works on, dates typed by people, errors."""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import click

from followthrough import settings
from followthrough.cli.errors import refusal_words
from followthrough.core.codec import InvalidData, check_date
from followthrough.services import jobsearch  # a face: its modules load when first used, after set-up
from followthrough.services.connection import busy_message, open_store
from followthrough.services.errors import Refusal, UserError

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class AppContext:
    db: str | None = None
    location: str | None = None
    shown_location: str | None = None  # the location with any password masked

    def connect(self) -> str:
        """Open the store (Django) on first need: commands that need no data never do."""
        if self.location is None:
            try:
                location = settings.configure(self.db)
            except settings.BadDatabase as error:
                raise UserError(str(error)) from None
            self.shown_location = open_store(location)
            self.location = location
            # The store's models load only once Django is set up on the database, just above.
            from followthrough.services.owners import act_locally_from_now_on

            act_locally_from_now_on()  # a local job search: its one owner's rows, and no one else's
        return self.location


pass_app = click.make_pass_decorator(AppContext, ensure=True)


def _set_db(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.ensure_object(AppContext).db = value


def db_option(command: F) -> F:
    """--db on every command, as well as before it."""
    return click.option(
        "--db",
        metavar="PATH|URL",
        expose_value=False,
        is_eager=True,
        callback=_set_db,
        help="SQLite file or postgresql:// URL (default: $FOLLOWTHROUGH_DB, else your data directory).",
    )(command)


class DateParam(click.ParamType):  # type: ignore[type-arg]
    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        text = str(value).strip().lower()
        if text in ("today", "yesterday", "tomorrow"):
            if ctx is not None and (app := ctx.find_object(AppContext)) is not None:
                app.connect()
            base = jobsearch.today()
            return base + dt.timedelta(days={"today": 0, "yesterday": -1, "tomorrow": 1}[text])
        try:
            if len(text) != 10 or not text.isascii():
                raise ValueError
            return check_date(dt.date.fromisoformat(text), "")
        except InvalidData as error:
            self.fail(error.message, param, ctx)
        except ValueError:
            shown = repr(value if len(str(value)) <= 40 else str(value)[:40] + "…")
            self.fail(f"{shown} is not a date: use YYYY-MM-DD, today or yesterday", param, ctx)


DATE = DateParam()


class UserMistake(click.ClickException):
    """Shown as one line on stderr, exit code 2."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"Error: {one_line(self.format_message())}", err=True)


def one_line(message: str) -> str:
    """Any message as one line: Click lists choices over several, and user data may hold
    line breaks (shown as visible escapes rather than as fake extra lines)."""
    return " ".join(message.replace("\r", "\\r").split())


def user_errors(command: F) -> F:
    """Turn a UserError from the services into one line and exit code 2, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except Refusal as error:
            raise UserMistake(refusal_words(error)) from None
        except UserError as error:
            raise UserMistake(str(error)) from None
        except InvalidData as error:  # stored by an older version that checked less
            raise UserMistake(f"the stored job search holds a value this version refuses: {error}") from None

    return wrapper  # type: ignore[return-value,unused-ignore]


class OneLineErrors(click.Group):
    """A group whose every usage error is one line (plus where to find help), exit 2."""

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[call-overload]
        given = kwargs.get("args", args[0] if args else None)
        for i, arg in enumerate(sys.argv[1:] if given is None else given, start=1):
            if isinstance(arg, str) and any("\ud800" <= c <= "\udfff" for c in arg):
                # Bytes that are not UTF-8 (Python keeps them as lone surrogates): no text
                # the database, a file or a terminal could hold.
                shown = arg.encode("utf-8", "replace").decode()
                click.echo(f"Error: argument {i} is not UTF-8 text: {shown}", err=True)
                sys.exit(2)
        try:
            result = super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[call-overload]
        except click.UsageError as error:
            if _a_group_alone(error):  # the command or a group with no subcommand: its help, as help
                click.echo(error.ctx.get_help())  # type: ignore[union-attr]
                sys.exit(0)
            where = error.ctx.command_path if error.ctx else "followthrough"
            click.echo(f"Error: {one_line(error.format_message())} (see '{where} --help')", err=True)
            sys.exit(2)
        except click.ClickException as error:
            click.echo(f"Error: {one_line(error.format_message())}", err=True)
            sys.exit(error.exit_code)
        except (click.Abort, KeyboardInterrupt, EOFError):
            click.echo("Aborted.", err=True)
            sys.exit(1)
        except Exception as error:
            # Another writer held the database longer than the busy timeout, in any command.

            message = busy_message(error)
            if message is None:
                raise
            click.echo(f"Error: {one_line(message)}", err=True)
            sys.exit(2)
        sys.exit(result if isinstance(result, int) else 0)


def _a_group_alone(error: click.UsageError) -> bool:
    """The program or one of its groups run with no subcommand (``followthrough``,
    ``followthrough --db x``, ``followthrough profile``): Click's "Missing command."."""
    if isinstance(error, click.exceptions.NoArgsIsHelpError):
        return True
    ctx = error.ctx
    return ctx is not None and isinstance(ctx.command, click.Group) and error.message == "Missing command."
