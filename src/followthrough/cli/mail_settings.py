"""followthrough profile smtp: the server your notes and e-mails go out through."""

from __future__ import annotations

import click

from followthrough.cli.context import AppContext, db_option, pass_app, user_errors
from followthrough.cli.profile import profile
from followthrough.services import mail
from followthrough.services.errors import UserError


@profile.command("smtp")
@click.option("--host", help="SMTP server, e.g. smtp.example.com.")
@click.option("--port", type=int, help="Port (default: 587 for starttls, 465 for ssl, 25 for none).")
@click.option("--security", type=click.Choice(["starttls", "ssl", "none"]), help="Encryption (default: starttls).")
@click.option("--user", help="Login name on the server.")
@click.option(
    "--ask-password",
    is_flag=True,
    help="Ask for the password and keep it in the system keyring (or set FOLLOWTHROUGH_SMTP_PASSWORD).",
)
@db_option
@pass_app
@user_errors
def smtp(
    app: AppContext, host: str | None, port: int | None, security: str | None, user: str | None, ask_password: bool
) -> None:
    """Set up (or, without options, show) outgoing mail. The password is never stored in
    the database: it comes from the system keyring or $FOLLOWTHROUGH_SMTP_PASSWORD."""

    app.connect()
    settings = mail.save_smtp_settings(host, port, security, user)
    if ask_password:
        if not settings.user:
            raise UserError("--ask-password needs --user")
        mail.require_keyring("smtp")
        secret = click.prompt(f"SMTP password for {settings.user}", hide_input=True)
        mail.store_password("smtp", settings.user, secret)
    has_password = bool(settings.user) and mail.password("smtp", settings.user) is not None
    click.echo(
        f"SMTP: {settings.host or '(no server)'}:{settings.port} {settings.security}, "
        f"user {settings.user or '(none)'}, password {'found' if has_password else 'not set'}"
    )
