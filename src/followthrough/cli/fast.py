"""The commands people run most, without Click or Django: `agenda` / `today`, and
`done` / `skip` on a SQLite file.

Only the plain forms are answered here (for the agenda: --db, --as-of YYYY-MM-DD,
--json, in any order; for done and skip: --db, --on YYYY-MM-DD, and for done --outcome
and --note). Anything else, including every mistake and every refusal, goes to the full
Click command, which gives the same answer or the proper error.
"""

from __future__ import annotations

import datetime as dt
import os
import sys

_COMMANDS = ("agenda", "today")


def _parse(argv: list[str]) -> tuple[str | None, dt.date | None, bool] | None:
    db: str | None = None
    as_of: dt.date | None = None
    as_json = False
    seen_command = False
    args = iter(argv)
    if not all(arg.isascii() for arg in argv):
        return None  # a path in other letters, or bytes that are not UTF-8: the full command
    for arg in args:
        name, _, value = arg.partition("=")
        if name in ("--db", "--as-of") and not value:
            value = next(args, "")
            if not value:
                return None
        if name == "--db":
            db = value
        elif name == "--as-of" and seen_command:
            if len(value) != 10:
                return None
            try:
                as_of = dt.date.fromisoformat(value)
            except ValueError:
                return None
            if not 1900 <= as_of.year <= 2200:  # outside the dates accepted: the full command says so
                return None
        elif arg == "--json" and seen_command and not value:
            as_json = True
        elif arg in _COMMANDS and not seen_command:
            seen_command = True
        else:
            return None
    return (db, as_of, as_json) if seen_command else None


_SETTLE_OPTIONS = {"done": ("--db", "--on", "--outcome", "--note"), "skip": ("--db", "--on")}
_OUTCOMES = ("reached", "voicemail", "no_answer")


def _parse_settle(argv: list[str]) -> tuple[str, str, dict[str, str]] | None:
    """(command, step, options) for a plain `done STEP …` or `skip STEP …`, else None."""
    command: str | None = None
    step: str | None = None
    options: dict[str, str] = {}
    args = iter(argv)
    for arg in args:
        name, eq, value = arg.partition("=")
        if name.startswith("--"):
            if name not in ("--db", "--on", "--outcome", "--note") or name in options:
                return None
            if not eq:
                value = next(args, "")
            if not value or value.startswith("-"):
                return None
            options[name] = value
        elif command is None and arg in _SETTLE_OPTIONS:
            command = arg
        elif command is not None and step is None:
            step = arg
        else:
            return None
    if command is None or step is None or any(o not in _SETTLE_OPTIONS[command] for o in options):
        return None
    if "--outcome" in options and options["--outcome"] not in _OUTCOMES:
        return None
    if "--on" in options and len(options["--on"]) != 10:
        return None
    return command, step, options


def _settle(argv: list[str]) -> bool:
    parsed = _parse_settle(argv)
    if parsed is None:
        return False
    command, step, options = parsed
    try:
        on = dt.date.fromisoformat(options["--on"]) if "--on" in options else None
    except ValueError:
        return False
    from followthrough.core.model import CallOutcome, StepStatus
    from followthrough.services.fastpath.fast_settle import settle

    outcome = CallOutcome(options["--outcome"]) if "--outcome" in options else None
    status = StepStatus.DONE if command == "done" else StepStatus.SKIPPED
    settled = settle(options.get("--db"), step, status, on, outcome, options.get("--note"))
    if settled is None:
        return False
    from followthrough.cli.render import settled_lines

    _write("\n".join(settled_lines(settled)))
    return True


def _write(text: str) -> None:
    try:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
    except BrokenPipeError:  # `followthrough agenda | head`: quietly, as Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def run(argv: list[str]) -> bool:
    """Answer ``argv`` here if it asks plainly for the agenda, a done or a skip, and the
    store allows; else False (and nothing was written)."""
    try:
        "".join(argv).encode("utf-8")
    except UnicodeEncodeError:  # bytes that are not UTF-8: the full command refuses them in one line
        return False
    if argv and any(a in _SETTLE_OPTIONS for a in argv):
        return _settle(argv)
    parsed = _parse(argv)
    if parsed is None:
        return False
    db, as_of, as_json = parsed
    from followthrough.services.fastpath.agenda import fast_agenda

    agenda = fast_agenda(db, as_of)
    if agenda is None:
        return False
    if as_json:
        from followthrough.cli import json_output

        text = json_output.agenda(agenda)
    else:
        from followthrough.cli.possible import possible_lines
        from followthrough.cli.render import agenda_lines

        text = "\n".join([*agenda_lines(agenda.as_of, agenda.entries, agenda.next_due), *possible_lines(agenda)])
    _write(text)
    return True
