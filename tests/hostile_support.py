"""What the hostile-input tests and the fuzz suite assert of every input, through the CLI.

- the command ends with exit code 0 or 2, never a traceback;
- a refusal is exactly one line on stderr, starting "Error:", and changes nothing;
- after a success, the backup restores: `export --json`, imported into a fresh database,
  exports the very same bytes.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner, Result


def run(location: str, *args: str) -> Result:
    """The followthrough command, in-process, with any exception kept for the test to see."""
    from followthrough.cli.main import cli
    from tests.conftest import use_database

    use_database(location)
    return CliRunner().invoke(cli, ["--db", location, *args], catch_exceptions=True)


def settled(result: Result, what: object = "") -> bool:
    """True if the command succeeded, False if it refused as it should; else the test fails."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        trace = "".join(traceback.format_exception(result.exception))
        raise AssertionError(f"traceback for {what!r}:\n{trace}")
    assert result.exit_code in (0, 2), f"exit {result.exit_code} for {what!r}: {result.output}"
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: "), f"not one line for {what!r}: {result.stderr!r}"
        return False
    return True


def snapshot(location: str) -> tuple[str, tuple[int, ...], str]:
    """The whole job search (its backup), the row count of every table and, on SQLite,
    every row as SQL text: what a refused command must leave as it was."""
    from django.db import connection

    backup = run(location, "export", "--json")
    assert backup.exit_code == 0, backup.output
    tables = sorted(t for t in connection.introspection.table_names() if t != "django_migrations")
    with connection.cursor() as cursor:
        counts = []
        for table in tables:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts.append(int(cursor.fetchone()[0]))
    dump = ""
    if "://" not in location:
        import sqlite3

        with sqlite3.connect(location) as raw:
            dump = "\n".join(raw.iterdump())
    return backup.stdout, tuple(counts), dump


@dataclass
class Restore:
    """Imports a backup into a fresh database of the same kind, and exports it again."""

    location: str
    other: str  # the `another_db` fixture's: a second database of the same kind
    template: Path | None  # SQLite: a migrated empty file to copy; PostgreSQL: None
    scratch: Path
    used: int = 0

    def fresh(self) -> str:
        from tests.conftest import _empty_tables, use_database

        if self.template is None:  # PostgreSQL: the other database, emptied
            use_database(self.other)
            _empty_tables()
            return self.other
        self.used += 1
        path = self.scratch / f"fresh-{self.used}.sqlite3"
        shutil.copy(self.template, path)
        return str(path)

    def check(self, what: object = "") -> None:
        """export --json, import into a fresh database, export: the same bytes."""
        backup = run(self.location, "export", "--json")
        assert backup.exit_code == 0, backup.output
        file = self.scratch / "backup.json"
        file.write_text(backup.stdout, encoding="utf-8")
        target = self.fresh()
        restored = run(target, "import", str(file))
        assert restored.exit_code == 0, f"the backup of {what!r} does not import: {restored.output}"
        again = run(target, "export", "--json")
        assert again.stdout == backup.stdout, f"the backup of {what!r} does not restore identically"
        from tests.conftest import use_database

        use_database(self.location)  # back to the database under test


# Hand-picked values that broke something once, or could: encoded words and every kind
# of line break, lone surrogates, NUL, dates at the calendar's edges, numbers past what
# Python or a database holds, time zones that are folders, ids a URL should not carry.
NASTY_TEXT = [
    "=?utf-8?q?Pat=0D=0ABcc:_spy@attacker.example?=",
    "=?UTF-8?B?UGF0DQpCY2M6IHg=?=",
    "Pat\r\nBcc: spy@attacker.example",
    "a\u2028b",
    "a\u2029b",
    "a\x85b",
    "a\x0bb",
    "a\x0cb",
    "a\x1cb",
    "a\x00b",
    "a\x07b",
    "a\ud800b",
    "\udcff",
    "\u202eevil",
    "\ufeffbom",
    "",
    " ",
    "\t",
    "javascript:alert(10)",
    "<script>alert(1)</script>",
    "=cmd|' /C calc'!A0",
    "'=1+1",
    "Zoë Ñuñez 李 😀",
    "x" * 5000,
]
NASTY_DATES = ["0001-01-01", "1899-12-31", "1900-01-01", "2200-12-31", "2201-01-01", "9999-12-31", "2026-02-30"]
NASTY_ZONES = ["America", "America/", "A" * 5000, "../etc/passwd", "UTC", "Etc/GMT+14", "localtime", "Mars/Base"]
NASTY_TIMEFRAMES = ["99999999999999999999 weeks", "9" * 5000 + " days", "by 9999-12-31", "two weeks", "Dec 4", ""]
