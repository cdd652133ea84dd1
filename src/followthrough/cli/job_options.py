"""The job's options on `add` and `edit`, and how `show` and `list` print the job."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from followthrough.core.job import PRIORITIES, Job, Stage
from followthrough.services.errors import UserError

F = TypeVar("F", bound=Callable[..., Any])

_PRIORITIES = [str(n) for n in PRIORITIES] + list(PRIORITIES.values())


def job_options(editing: bool) -> Callable[[F], F]:
    """--url, --location, --salary, --notes, --tag (repeat), --priority, --stage,
    --timezone and --country (the employer's clock); on
    `edit` also --no-tags, and an empty value ("") clears a field."""
    clear = ' ("" clears it)' if editing else ""

    def decorate(command: F) -> F:
        options = [
            click.option("--url", help=f"The job posting's web address (http:// or https://){clear}."),
            click.option("--location", help=f"Where the job is: a city, remote, hybrid...{clear}."),
            click.option("--salary", help=f'The pay, as the posting writes it: "$95-110k"{clear}.'),
            click.option("--notes", help=f"Your notes on the job; may span lines{clear}."),
            click.option(
                "--tag",
                "tags",
                multiple=True,
                metavar="WORD",
                help=(
                    "A tag (repeat for more). On edit, the tags given replace all the old ones."
                    if editing
                    else "A tag such as remote or python (repeat for more)."
                ),
            ),
            click.option(
                "--priority",
                type=click.Choice(_PRIORITIES + ([""] if editing else []), case_sensitive=False),
                help=f"How much it matters: 1 or high, 2 or medium, 3 or low{clear}.",
            ),
            click.option(
                "--stage",
                type=click.Choice([s.value for s in Stage] + ([""] if editing else [])),
                help=(
                    "Where it stands before any interview: saved (not applied yet), applied or screening"
                    f"{clear}. Later stages come from the interviews and answers recorded."
                ),
            ),
            click.option(
                "--timezone",
                metavar="ZONE",
                help=(
                    "The employer's time zone, such as Europe/Berlin: e-mails wait for their working hours"
                    f" (default: yours){clear}."
                ),
            ),
            click.option(
                "--country",
                metavar="CODE",
                help=f"The employer's country, such as DE: its public holidays are not their working days{clear}.",
            ),
        ]
        if editing:
            options.append(click.option("--no-tags", is_flag=True, help="Take every tag off."))
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


def job_fields(
    url: str | None,
    location: str | None,
    salary: str | None,
    notes: str | None,
    tags: tuple[str, ...],
    priority: str | None,
    stage: str | None,
    timezone: str | None = None,
    country: str | None = None,
    no_tags: bool = False,
) -> dict[str, Any]:
    """The options as the services take them: None leaves a field, "" or [] clears it."""

    if no_tags and tags:
        raise UserError("--tag and --no-tags: give one or the other")
    return {
        "url": url,
        "location": location,
        "salary": salary,
        "notes": notes,
        "tags": [] if no_tags else (list(tags) or None),
        "priority": priority,
        "stage": stage,
        "timezone": timezone,
        "country": country,
    }


def job_lines(job: Job) -> list[str]:
    """The job as `show` prints it: only what is known."""
    lines = []
    if job.stage:
        lines.append(f"Stage before any interview: {job.stage.value}")
    if job.priority:
        lines.append(f"Priority: {job.priority} ({PRIORITIES[job.priority]})")
    for label, value in (("Posting", job.url), ("Location", job.location), ("Salary", job.salary)):
        if value:
            lines.append(f"{label}: {value}")
    if job.timezone or job.country:
        where = " · ".join(v for v in (job.timezone, job.country) if v)
        lines.append(f"Employer's clock: {where}")
    if job.tags:
        lines.append("Tags: " + ", ".join(job.tags))
    if job.notes:
        lines.append("Notes: " + job.notes.replace("\n", "\n       "))
    return lines
