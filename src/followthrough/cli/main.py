"""The ``followthrough`` command."""

from __future__ import annotations

import click

from followthrough import __version__
from followthrough.cli import (
    agenda,
    cards,
    corrections,
    data,
    drafts,
    feed,
    mail_settings,
    pauses,
    playbooks,
    profile,
    recording,
    reminders,
    server,
    web,
    worker,
)
from followthrough.cli.context import AppContext, OneLineErrors


@click.group(cls=OneLineErrors, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
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


# Each front-end module adds its commands; keep this list in one line per module.
for module in (
    profile,
    recording,
    cards,
    corrections,
    pauses,
    agenda,
    data,
    drafts,
    mail_settings,
    playbooks,
    reminders,
    web,
    feed,
    server,
    worker,
):
    module.register(cli)


def main() -> None:
    from followthrough.cli import logs

    logs.setup()
    cli(prog_name="followthrough")
