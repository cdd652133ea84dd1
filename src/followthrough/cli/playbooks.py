"""followthrough playbooks / playbook: the follow-up methods to choose from."""

from __future__ import annotations

import json

import click

from followthrough.cli import json_output
from followthrough.cli.context import AppContext, db_option, pass_app, user_errors
from followthrough.core.explain import summary
from followthrough.services import jobsearch
from followthrough.services.jobsearch import PlaybookFileFault, import_files, set_application_playbook


def _value(value: object) -> str:
    return json.dumps(value) if isinstance(value, (bool, str)) else str(value)


@click.command("playbooks")
@click.option("--json", "as_json", is_flag=True, help="Print them as JSON.")
@db_option
@pass_app
@user_errors
def list_playbooks(app: AppContext, as_json: bool) -> None:
    """List the playbooks: the built-in ones, your files and the job search's own.

    Your own go in a TOML file each, NAME.toml in the 'playbooks' folder of your config
    directory; keys left out keep the column's values (see 'followthrough playbook show column').
    """

    app.connect()
    listing = jobsearch.list_playbooks()
    if as_json:
        click.echo(json_output.playbooks(listing.books, jobsearch.playbook_dir(), listing.faults))
        return
    for item in listing.books:
        mark = " (default)" if item.default else ""
        used = f", {item.used_by} application{'s' * (item.used_by != 1)}" if item.used_by else ""
        click.echo(f"{item.book.name}{mark}  [{item.source}{used}]")
        click.echo(f"  {summary(item.book)}")
        click.echo("  " + ", ".join(f"{k} = {_value(v)}" for k, v in item.book.values().items()))
    click.echo(f"Your own playbooks: {jobsearch.playbook_dir()}/NAME.toml")
    _name_faults(listing.faults, "Not listed")


def fault_words(fault: PlaybookFileFault) -> str:
    """ "FILE, line 2, key calls: unknown key (...)": where to look, then what is wrong."""
    where = [str(fault.path)]
    if fault.line:
        where.append(f"line {fault.line}")
    if fault.key:
        where.append(f"key {fault.key}")
    return f"{', '.join(where)}: {fault.reason}"


def _name_faults(faults: list[PlaybookFileFault], left: str) -> None:
    """Each bad file on its own line (on stderr: the list above stays the good ones)."""
    for fault in faults:
        click.echo(f"{left} (fix the file to use it): {fault_words(fault)}", err=True)


@click.group("playbook")
def playbook() -> None:
    """One playbook: show it, put an application on it, keep your files in the job search."""


@playbook.command("show")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print it as JSON.")
@db_option
@pass_app
@user_errors
def show(app: AppContext, name: str, as_json: bool) -> None:
    """Show playbook NAME's values, as a TOML file of your own would hold them."""

    app.connect()
    book = jobsearch.find(name)
    if as_json:
        click.echo(json_output.playbook(book))
        return
    click.echo(f"# {book.name}: {summary(book)}")
    for key, value in book.values().items():
        click.echo(f"{key} = {_value(value)}")


@playbook.command("set")
@click.argument("application")
@click.argument("name")
@db_option
@pass_app
@user_errors
def set_(app: AppContext, application: str, name: str) -> None:
    """Put APPLICATION on playbook NAME and plan it again (steps that keep their place keep their ids)."""

    app.connect()
    book = set_application_playbook(application, name)
    click.echo(f"{application} now follows the {book.name} playbook.")


@playbook.command("import")
@click.argument("names", nargs=-1)
@db_option
@pass_app
@user_errors
def import_(app: AppContext, names: tuple[str, ...]) -> None:
    """Keep your playbook files (all, or NAMES) in the job search, so an export carries
    them; applications on a changed one are planned again."""

    app.connect()
    kept, faults = import_files(names)
    click.echo(f"Kept {len(kept)} playbook{'s' * (len(kept) != 1)}: {', '.join(kept) or 'none found'}.")
    _name_faults(faults, "Not kept")
