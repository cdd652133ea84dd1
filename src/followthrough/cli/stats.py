"""followthrough stats: how the job search is going, as the web app's Statistics page shows it."""

from __future__ import annotations

import datetime as dt

import click

from followthrough.cli import json_output
from followthrough.cli.context import AppContext, db_option, pass_app, user_errors
from followthrough.cli.render import day, table
from followthrough.core.statistics import OUTCOME_ORDER, Statistics
from followthrough.core.words import OUTCOMES
from followthrough.services.jobsearch import business_calendar, today
from followthrough.services.pages import compute


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{round(share * 100)}%"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def stats_lines(found: Statistics, as_of: dt.date) -> list[str]:
    """The figures, the charts as counts, and the table by playbook, as the page has them."""
    median = found.median_days_to_answer
    kept = f"{found.promises_kept} of {found.promises_due}"
    lines = [f"Statistics on {day(as_of)}", ""]
    lines += table(
        [
            ("Applications still active", str(found.active), f"of {found.applications}"),
            ("Response rate", _percent(found.response_rate), f"{found.answered} of {found.interviewed} interviewed"),
            ("Promised dates kept", _percent(found.promises_kept_share), kept),
            ("Time to an answer", "–" if median is None else f"{median:g} days", "median, interview to decision"),
        ]
    )
    if found.active < 3 and found.applications:
        lines += ["", f"Only {_plural(found.active, 'application')} still active: a few more keep the search moving."]
    lines += ["", "How long answers took (days from the interview to the decision)"]
    lines += ["  " + line for line in table([(label, str(n)) for label, n in found.wait_histogram()], right={1})]
    lines += ["", "Where your applications stand"]
    outcomes = [(OUTCOMES[key], str(found.outcomes.get(key, 0))) for key in OUTCOME_ORDER]
    lines += ["  " + line for line in table(outcomes, right={1})]
    rates = found.playbook_rates()
    if rates:
        lines += ["", "Response rate by playbook"]
        rows = [("Playbook", "Applications", "Interviewed", "Got an answer", "Response rate")]
        rows += [
            (name, str(apps), str(seen), str(said), _percent(said / seen if seen else None))
            for name, apps, seen, said in rates
        ]
        lines += ["  " + line for line in table(rows, right={1, 2, 3, 4})]
    return lines


@click.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (docs/exchange.md) instead of text.")
@db_option
@pass_app
@user_errors
def stats(app: AppContext, as_json: bool) -> None:
    """How the job search is going, as the Statistics page shows it: applications still
    active, the response rate, promised dates kept, the time to an answer, where the
    applications stand, and the response rate by playbook when you use more than one."""

    app.connect()
    as_of = today()
    found = compute(as_of, business_calendar())
    if as_json:
        click.echo(json_output.statistics(found, as_of))
        return
    click.echo("\n".join(stats_lines(found, as_of)))
