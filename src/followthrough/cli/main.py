"""The ``followthrough`` command: a group that loads each command's module when it runs.

A command's module imports the services at its top, and the services import the store,
which needs Django set up on a database: so the group sets Django up (on the database
named so far) just before it loads a module, and a ``--db`` given after the command
name moves it to that database before anything is read (settings.configure). Help and
completion list the commands from the table below.
"""

from __future__ import annotations

import importlib

import click

from followthrough import __version__, settings
from followthrough.cli import logs
from followthrough.cli.context import AppContext, OneLineErrors, UserMistake

# Every command: its name, the module that defines it and the name it has there. The
# career-centre server's group configures Django itself, from its own options.
COMMANDS: dict[str, tuple[str, str]] = {
    "profile": ("mail_settings", "profile"),
    "add": ("recording", "add"),
    "list": ("recording", "list_"),
    "show": ("recording", "show"),
    "contact": ("recording", "contact"),
    "interview": ("recording", "interview"),
    "debrief": ("recording", "debrief"),
    "respond": ("recording", "respond"),
    "done": ("recording", "done"),
    "skip": ("recording", "skip"),
    "card": ("cards", "card"),
    "events": ("corrections", "events"),
    "event": ("corrections", "event"),
    "undo": ("corrections", "undo"),
    "edit": ("corrections", "edit"),
    "delete": ("corrections", "delete"),
    "journal": ("corrections", "journal_command"),
    "reopen": ("pauses", "reopen"),
    "snooze": ("pauses", "snooze"),
    "away": ("pauses", "away"),
    "agenda": ("agenda", "agenda"),
    "today": ("agenda", "agenda"),
    "plan": ("agenda", "plan"),
    "stats": ("stats", "stats"),
    "import": ("data", "import_"),
    "export": ("data", "export"),
    "demo": ("data", "demo"),
    "draft": ("drafts", "draft"),
    "send": ("drafts", "send"),
    "scheduled": ("scheduled", "scheduled"),
    "unschedule": ("scheduled", "unschedule"),
    "checklist": ("drafts", "checklist"),
    "playbooks": ("playbooks", "list_playbooks"),
    "playbook": ("playbooks", "playbook"),
    "remind": ("reminders", "remind"),
    "watch": ("reminders", "watch_command"),
    "confirm": ("reminders", "confirm"),
    "dismiss": ("reminders", "dismiss"),
    "domains": ("reminders", "domains"),
    "serve": ("web", "serve"),
    "calendar-url": ("feed", "calendar_url"),
    "server": ("server", "server"),
    "worker": ("worker", "worker"),
}
# Modules that hang subcommands off a group defined elsewhere: loaded with that group.
EXTENDS: dict[str, tuple[str, ...]] = {"profile": ("reminders",), "contact": ("corrections", "person_links")}
SETS_UP_ITS_OWN_DJANGO = {"server"}


class LazyCommands(OneLineErrors):
    """Loads a command's module only when that command (or the list of all) is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, name = COMMANDS[cmd_name]
        if cmd_name not in SETS_UP_ITS_OWN_DJANGO:
            try:
                settings.configure(ctx.params.get("db"), provisional=True)
            except settings.BadDatabase as error:
                raise UserMistake(str(error)) from None
        for extension in EXTENDS.get(cmd_name, ()):
            importlib.import_module(f"followthrough.cli.{extension}")
        command = getattr(importlib.import_module(f"followthrough.cli.{module}"), name)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=LazyCommands, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--db",
    metavar="PATH|URL",
    envvar="FOLLOWTHROUGH_DB",
    show_envvar=True,
    help="SQLite file or postgresql:// URL (default: followthrough.sqlite3 in your data directory).",
)
@click.version_option(__version__, prog_name="followthrough")
@click.pass_context
def cli(ctx: click.Context, db: str | None) -> None:
    """Follow up after job interviews: persistent, never a pest.

    Record each application, its contacts, interviews and what was said; followthrough
    plans the thank-you notes, calls, the last-resort e-mail and the day to move on, on
    business days in your time zone. Start with 'followthrough profile set', or try
    'followthrough demo' on a scratch database.
    """
    ctx.ensure_object(AppContext).db = db


def main() -> None:
    logs.setup()
    cli(prog_name="followthrough")
