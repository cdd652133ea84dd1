"""followthrough calendar-url: the address a calendar program subscribes to."""

from __future__ import annotations

import click

from followthrough.cli.context import AppContext, db_option, pass_app, user_errors
from followthrough.cli.web import DEFAULT_PORT, HOST
from followthrough.services import files
from followthrough.services.errors import UserError


@click.command("calendar-url")
@click.option("--new", "make_new", is_flag=True, help="Make a new address; the old one stops working at once.")
@click.option("--off", is_flag=True, help="Turn the feed off: no address answers until you make a new one.")
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    help=f"The port 'serve' listens on (default: the last 'serve --port', else {DEFAULT_PORT}).",
)
@db_option
@pass_app
@user_errors
def calendar_url(app: AppContext, make_new: bool, off: bool, port: int | None) -> None:
    """Print the address of your plan as a calendar feed, for a calendar program.

    Subscribe to it once (Thunderbird, GNOME Calendar, khal with vdirsyncer, …): each
    step of your plan is an event on its due day with an alarm, and the calendar follows
    every change. It answers while 'followthrough serve' runs, on this machine only
    (127.0.0.1), on the port 'serve' uses: the last one given to 'serve --port', else
    8765.

    The address holds a secret: whoever has it can read your plan (never change it).
    --new makes the first address, or a new one (the old one stops working); --off turns
    the feed off.
    """

    if make_new and off:
        raise UserError("--new and --off: choose one")
    app.connect()
    if off:
        was_on = files.turn_feed_off()
        click.echo("The calendar feed is off." if was_on else "The calendar feed was already off.")
        return
    token = files.new_feed_token() if make_new else files.feed_token()
    if token is None:
        raise UserError("the calendar feed is off: 'followthrough calendar-url --new' makes its address")
    port = port or files.remembered_port() or DEFAULT_PORT
    click.echo(f"http://{HOST}:{port}{files.feed_path(token)}")
    if make_new:
        click.echo("The previous address, if any, no longer answers.", err=True)
