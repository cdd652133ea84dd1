"""followthrough profile: who you are, where you live, how to reach you."""

from __future__ import annotations

import click

from followthrough.cli.context import AppContext, db_option, pass_app, user_errors
from followthrough.services.jobsearch import get_profile, update_profile_and_playbook


@click.group()
def profile() -> None:
    """Your name, address, phone, e-mail, time zone and country.

    They go at the foot of every thank-you note; the time zone decides what "today"
    is, and the country's public holidays are skipped when steps fall due.
    """


@profile.command("set")
@click.option("--name", help="Your full name.")
@click.option("--address", "home_address", help="Your home address, as it goes under a note.")
@click.option("--phone", help="The phone number employers should call.")
@click.option("--email", help="Your personal e-mail address.")
@click.option("--timezone", help="IANA time zone, e.g. America/Chicago.")
@click.option("--country", help="Country code for public holidays (e.g. US, GB, DE); '' for none.")
@click.option("--playbook", metavar="NAME", help="The follow-up method of applications that name none ('' for column).")
@db_option
@pass_app
@user_errors
def set_profile(app: AppContext, /, **fields: str | None) -> None:
    """Set any of the profile's fields; the others keep their values."""

    app.connect()
    saved = update_profile_and_playbook(**fields)
    click.echo(
        f"Profile saved: {saved.name or '(no name yet)'}, {saved.timezone}, holidays: {saved.country or 'none'}, "
        f"playbook: {saved.playbook or 'column'}"
    )


@profile.command("show")
@db_option
@pass_app
@user_errors
def show_profile(app: AppContext) -> None:
    """Print the profile."""

    app.connect()
    saved = get_profile()
    for label, value in (
        ("Name", saved.name),
        ("Address", saved.home_address),
        ("Phone", saved.phone),
        ("E-mail", saved.email),
        ("Time zone", saved.timezone),
        ("Holidays of", saved.country or "none"),
        ("Playbook", saved.playbook or "column"),
    ):
        click.echo(f"{label:<12}{value}")
