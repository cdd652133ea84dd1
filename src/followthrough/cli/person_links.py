"""followthrough contact link / unlink: who is the same person, as you say."""

from __future__ import annotations

import click

from followthrough.cli.context import AppContext, db_option, pass_app, user_errors
from followthrough.cli.recording import contact
from followthrough.services.corrections import link_contacts, unlink_contact
from followthrough.services.errors import UserError


@contact.command("link")
@click.argument("application")
@click.argument("key")
@click.option(
    "--with", "other", required=True, metavar="OTHER_APPLICATION:KEY", help="The contact they are the same person as."
)
@db_option
@pass_app
@user_errors
def contact_link(app: AppContext, /, application: str, key: str, other: str) -> None:
    """Say the contact KEY of APPLICATION is the same person as a contact of another
    application, whatever their e-mail addresses and phone numbers: one person to call,
    one card naming both roles (see 'followthrough agenda'). Undo it with
    'followthrough contact unlink'."""

    other_application, _, other_key = other.rpartition(":")
    if not other_application or not other_key:
        raise UserError(f"--with {other}: give the other application and the contact's key, as APPLICATION:KEY")
    app.connect()
    linked = link_contacts(application, key, other_application, other_key)
    first, second = linked.first, linked.second
    click.echo(f"{first[2]} ({first[0]}) and {second[2]} ({second[0]}) are one person to call now.")


@contact.command("unlink")
@click.argument("application")
@click.argument("key")
@db_option
@pass_app
@user_errors
def contact_unlink(app: AppContext, /, application: str, key: str) -> None:
    """Say the contact KEY of APPLICATION is not the same person as anyone in your other
    applications, even with the same e-mail address or phone number: their calls get
    cards of their own."""

    app.connect()
    name = unlink_contact(application, key)
    click.echo(f"{name} ({application}) is a person of their own now: their calls get cards of their own.")
