"""Every importer against a corpus of malformed files: each is refused with exit code 2
and a one-line error saying where, and the database is left exactly as it was."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import Cli

CORPUS = Path(__file__).parent / "malformed"
FILES = sorted(p for p in CORPUS.iterdir() if p.suffix in (".json", ".ics", ".vcf", ".csv"))
WHERE = re.compile(r"(: line \d+|: row \d+|: \$|byte \d+)")


def test_the_corpus_is_large_and_covers_every_importer() -> None:
    assert len(FILES) >= 50
    assert {p.suffix for p in FILES} == {".json", ".ics", ".vcf", ".csv"}


def _snapshot(ft: Cli) -> tuple[str, tuple[int, ...], str]:
    from followthrough.store.models import Application, Contact, Event, Profile, SentMessage, Step

    counts = tuple(m.objects.count() for m in (Profile, Application, Contact, Event, Step, SentMessage))
    dump = ""
    if "://" not in ft.location:  # SQLite: every row of every table, as SQL text
        import sqlite3

        with sqlite3.connect(ft.location) as connection:
            dump = "\n".join(connection.iterdump())
        assert "INSERT INTO" in dump
    return ft("export", "--json").stdout, counts, dump


@pytest.fixture
def seeded(ft: Cli) -> Cli:
    ft("profile", "set", "--name", "Jordan Rivera", "--email", "jordan@example.org", "--timezone", "America/Chicago")
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme")
    ft.contact("acme", "Ann Lee", "hiring_officer", key="ann", email="ann@acme.com")
    ft("interview", "acme", "--on", "2026-11-03", "--with", "ann")
    return ft


def test_every_malformed_file_is_refused_and_changes_nothing(seeded: Cli) -> None:
    before = _snapshot(seeded)
    failures = []
    for path in FILES:
        extra = ["--application", "acme"] if path.suffix == ".vcf" else []
        result = seeded("import", str(path), *extra, code=2)
        lines = result.output.strip().splitlines()
        if len(lines) != 1 or not lines[0].startswith(f"Error: {path}") or not WHERE.search(lines[0]):
            failures.append(f"{path.name}: {result.output!r}")
        if "Traceback" in result.output:
            failures.append(f"{path.name}: traceback")
    assert failures == []
    assert _snapshot(seeded) == before
