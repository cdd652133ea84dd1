"""followthrough import / export / demo."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from followthrough.cli.context import DATE, AppContext, db_option, pass_app, user_errors


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@db_option
@pass_app
@user_errors
def import_(app: AppContext, file: Path) -> None:
    """Load a followthrough/1 JSON file: all of it, or nothing if any part is wrong.

    Its applications replace those with the same id; others are kept.
    """
    from followthrough.interop import exchange

    document = exchange.read(file)  # every check happens before the database is opened
    app.connect()
    total = len(document.job_search.applications)
    show_bar = total >= 200 and sys.stderr.isatty()
    with click.progressbar(length=total, label="Importing", file=sys.stderr) if show_bar else _NoBar() as bar:
        count = exchange.save(document, bar.update)
    click.echo(f"Imported {count} application{'s' * (count != 1)} from {file}.")


class _NoBar:
    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, n: int) -> None:
        return None


@click.command("export")
@click.option("--json", "as_json", is_flag=True, default=True, help="The followthrough/1 JSON format (default).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file, not stdout.")
@db_option
@pass_app
@user_errors
def export(app: AppContext, as_json: bool, output: Path | None) -> None:
    """Write the whole job search as followthrough/1 JSON."""
    from followthrough.interop import exchange

    app.connect()
    text = exchange.export_text()
    if output is None:
        click.echo(text, nl=False)
        return
    partial = output.with_name(output.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(output)  # never a half-written backup
    click.echo(f"Exported to {output}.", err=True)


@click.command("demo")
@click.option("--as-of", type=DATE, help="Build the demo around this day (default: today).")
@click.option("--force", is_flag=True, help="Add the demo even if the database already has applications.")
@db_option
@pass_app
@user_errors
def demo(app: AppContext, as_of: dt.date | None, force: bool) -> None:
    """Fill the database with a realistic demo job search, to try things out."""
    from followthrough.services.demo import load_demo

    app.connect()
    count = load_demo(as_of, force)
    click.echo(f"Loaded a demo job search: {count} applications. Try 'followthrough agenda'.")


def register(cli: click.Group) -> None:
    for command in (import_, export, demo):
        cli.add_command(command)
