"""`followthrough agenda` / `today` without Click or Django: the command people run most.

Only the plain forms are answered here (--db, --as-of YYYY-MM-DD, --json, in any
order). Anything else, including every mistake, goes to the full Click command, which
gives the same answer or the proper error.
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
        elif arg == "--json" and seen_command and not value:
            as_json = True
        elif arg in _COMMANDS and not seen_command:
            seen_command = True
        else:
            return None
    return (db, as_of, as_json) if seen_command else None


def run(argv: list[str]) -> bool:
    """Print the agenda if ``argv`` asks for it plainly and the store allows; else False."""
    parsed = _parse(argv)
    if parsed is None:
        return False
    db, as_of, as_json = parsed
    from followthrough.services.agenda import fast_agenda

    agenda = fast_agenda(db, as_of)
    if agenda is None:
        return False
    if as_json:
        import json

        text = json.dumps(agenda.to_json(), indent=2, ensure_ascii=False)
    else:
        from followthrough.cli.possible import possible_lines
        from followthrough.cli.render import agenda_lines

        text = "\n".join([*agenda_lines(agenda.as_of, agenda.entries, agenda.next_due), *possible_lines(agenda)])
    try:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
    except BrokenPipeError:  # `followthrough agenda | head`: quietly, as Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return True
