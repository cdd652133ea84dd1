"""A service's refusal in the command line's words: its options and the commands to type."""

from __future__ import annotations

from collections.abc import Callable

import click

from followthrough.services.errors import Field, FieldsNotApplicable, Hint, Refusal

# The option that gives each field, where it is not "--" and the field's name with dashes.
OPTIONS: dict[Field, str] = {
    Field.APPLICATION: "--application",
    Field.APPLICATION_ID: "--id",
    Field.TAGS: "--tag",
    Field.DECISION_BY: "--by",
    Field.HOW_DID_I_DO: "--how",
    Field.CONTACT_NAME: "--name",
    Field.CONTACT_KEY: "--key",
    Field.CONTACT_ROLE: "--role",
    Field.HIRING_OFFICER: "--role",
    Field.HOME_ADDRESS: "--address",
    Field.DIGEST_TIME: "--time",
    Field.MAIL_HOST: "--host",
    Field.MAIL_USER: "--user",
    Field.MAIL_SECURITY: "--security",
    Field.MAIL_PORT: "--port",
    Field.MAIL_PASSWORD: "--ask-password",
    Field.COLUMN_MAP: "--map",
    Field.FOR_APPLICATION: "--application",
}


def option(field: Field) -> str:
    """The option a command takes ``field`` with: until -> --until, decision_by -> --by."""
    return OPTIONS.get(field, "--" + field.value.replace("_", "-"))


def _short(step: str | None) -> str:
    return (step or "STEP")[:8]


def _command() -> str:
    """The command being run, as typed after the program's name ("event edit")."""
    context = click.get_current_context(silent=True)
    return context.command_path.partition(" ")[2] if context is not None else "followthrough"


def _mail(error: Refusal) -> str:
    return error.mail_server or "smtp"


# What to type, as the end of the message (its separator included).
HINTS: dict[Hint, Callable[[Refusal], str]] = {
    Hint.ONLY_WHEN_NOT_DECIDED: lambda e: "",
    Hint.REOPEN_APPLICATION: lambda e: (
        f"; reopen it first if they came back ('followthrough reopen {e.application or 'APPLICATION'}')"
    ),
    Hint.REPLACE_HIRING_OFFICER: lambda e: (
        "; add --replace to make them an interviewer and this one the hiring officer"
    ),
    Hint.REPLACE_DECISION: lambda e: f": add --replace to record {e.outcome} instead",
    Hint.CHOOSE_ANOTHER_ID: lambda e: ": choose another --id",
    Hint.ADD_ANYWAY: lambda e: (
        f" (see 'followthrough show {e.application or 'APPLICATION'}'): add --anyway to add another one"
        if e.field is Field.APPLICATION
        else f" (see 'followthrough show {e.application or 'APPLICATION'}'): add --anyway to add them here too,"
        " as one person to call (one card for both roles), or --anyway --not-the-same if they are someone else"
    ),
    Hint.ADD_APPLICATION: lambda e: " (none recorded yet: try 'followthrough add')",
    Hint.ADD_CONTACT: lambda e: ": add the person with 'followthrough contact add'",
    Hint.ADD_AWAY: lambda e: " (none yet: add one with 'followthrough away add')",
    Hint.SEE_AGENDA: lambda e: " (see 'followthrough agenda' or 'followthrough plan APPLICATION')",
    Hint.SEE_POSSIBLE_RESPONSES: lambda e: " (see 'followthrough agenda')",
    Hint.SEE_PLAN: lambda e: f": see 'followthrough plan {e.application or 'APPLICATION'}'",
    Hint.SEE_EVENTS: lambda e: f" (see 'followthrough events {e.application or 'APPLICATION'}')",
    Hint.GIVE_CHANGES: lambda e: f": give the fields to edit (see '{_command()} --help')",
    Hint.CHECK_SENT_FOLDER: lambda e: (
        f"; check your Sent folder, then 'followthrough done {_short(e.step)}' if it went, "
        f"or 'followthrough send {_short(e.step)} --resend' to send it again"
    ),
    Hint.SET_UP_MAIL_SERVER: lambda e: f": run 'followthrough profile {_mail(e)} --host HOST --user USER'",
    Hint.GIVE_MAIL_PASSWORD: lambda e: f" or run 'followthrough profile {_mail(e)} --ask-password'",
    Hint.USE_ENCRYPTION: lambda e: ": use --security ssl",
    Hint.NAME_THE_APPLICATION: lambda e: " (use --application ID)",
    Hint.USE_EMPTY_DATABASE: lambda e: ": use a scratch --db, or --force to add the demo",
    Hint.SERVER_RESET_LINK: lambda e: " (followthrough server reset-link)",
}


# Refusals the command line says in its own words, whole.
SENTENCES: dict[Hint, Callable[[Refusal], str]] = {
    Hint.ONLY_WHEN_NOT_DECIDED: lambda e: f"{option(e.field or Field.DECISION_BY)} goes with --outcome not_decided",
}


def refusal_words(error: Refusal) -> str:
    """The refusal as the CLI says it: the field by its option, the hint as a command."""
    if error.hint in SENTENCES:
        return SENTENCES[error.hint](error)
    if isinstance(error, FieldsNotApplicable):
        return f"{error.reason}: it has no {', '.join(option(f) for f in error.fields)}"
    label = "" if error.field is None else option(error.field)
    tail = HINTS[error.hint](error) if error.hint is not None else ""
    return error.sentence(label) + tail
