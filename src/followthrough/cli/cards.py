"""``followthrough card``: a business card from a photo, read by Tesseract."""

from __future__ import annotations

from pathlib import Path

import click

from followthrough.cli.context import AppContext, db_option, pass_app, user_errors
from followthrough.cli.corrections import can_ask
from followthrough.core.model import CardReading, ContactRole
from followthrough.interop.card_photo import MAX_PHOTO_BYTES, PhotoProblem, read_photo
from followthrough.services.errors import UserError
from followthrough.services.jobsearch import add_card_contact, company_note, get_application

FIELDS = (("Name", "name"), ("Title", "title"), ("Company", "company"), ("Phone", "phone"), ("E-mail", "email"))


def show(card: CardReading) -> str:
    """What was read, one field a line ('—' when not found)."""
    return "\n".join(f"{label + ':':9}{getattr(card, field) or '—'}" for label, field in FIELDS)


def read(photo: Path) -> CardReading:
    try:
        if photo.stat().st_size > MAX_PHOTO_BYTES:
            raise UserError(f"{photo}: the photo is too large (at most {MAX_PHOTO_BYTES // 1_000_000} MB)")
        return read_photo(photo.read_bytes())
    except PhotoProblem as problem:
        raise UserError(f"{photo}: {problem}") from None
    except OSError as error:
        raise UserError(f"{photo}: {error.strerror or error}") from None


@click.command("card")
@click.argument("photo", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--application", "slug", metavar="ID", required=True, help="The application they belong to.")
@click.option(
    "--role",
    type=click.Choice([r.value for r in ContactRole]),
    default=ContactRole.HIRING_OFFICER.value,
    show_default=True,
    help="Their part in the hiring.",
)
@click.option("--replace", is_flag=True, help="As hiring officer: the one on file becomes an interviewer.")
@click.option("--dry-run", is_flag=True, help="Only show what was read; add nothing.")
@click.option("--yes", is_flag=True, help="Add without asking (needed without a terminal).")
@db_option
@pass_app
@user_errors
def card(app: AppContext, photo: Path, slug: str, role: str, replace: bool, dry_run: bool, yes: bool) -> None:
    """Read the business card in PHOTO (Tesseract OCR) and add its person to the
    application ID, after showing what was read and asking.

    The name, title, company, phone and e-mail are guesses: check them. Without a terminal
    to ask on, give --yes to add or --dry-run to only look. A photo with no text, or a
    file that is not an image, is refused with one line (exit 2).
    """

    app.connect()
    application = get_application(slug)
    if not (dry_run or yes or can_ask()):
        raise UserError("card: no terminal to ask on; add --yes to add the contact, or --dry-run to only look")
    reading = read(photo)
    click.echo(show(reading))
    note = company_note(application.company, reading.company)
    if note:
        click.echo(f"Note: {note}.")
    if dry_run:
        click.echo("Nothing added (--dry-run).")
        return
    if not reading.name:
        raise UserError("no name was read on the card: add the person with 'followthrough contact add'")
    if not yes and not click.confirm(f"Add {reading.name} to {slug} as {role.replace('_', ' ')}?", default=True):
        click.echo("Nothing added.")
        raise SystemExit(1)
    added = add_card_contact(slug, reading, ContactRole(role), replace=replace)
    click.echo(f"Added {added.name} to {slug} as {added.key}.")
