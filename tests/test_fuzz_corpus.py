"""A seeded corpus of hand-picked nasties (tests/malformed/hostile/, written by
make_corpus.py), each through `followthrough import`: a file named no_* is refused with
one line and changes nothing; a file named ok_* is accepted and its backup restores
into a fresh database byte for byte. No file may end in a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.hostile_support import Restore, run, settled, snapshot

CORPUS = sorted((Path(__file__).parent / "malformed" / "hostile").iterdir())


def test_the_corpus_covers_every_importer_both_ways() -> None:
    kinds = {(p.name[:3], p.suffix) for p in CORPUS}
    assert kinds == {(outcome, suffix) for outcome in ("ok_", "no_") for suffix in (".json", ".csv", ".ics", ".vcf")}


@pytest.fixture
def restore(ft: Cli, tmp_path: Path, request: pytest.FixtureRequest, another_db: str) -> Restore:
    ft("profile", "set", "--name", "Jordan Rivera", "--email", "jordan@example.org", "--timezone", "America/Chicago")
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme")
    ft.contact("acme", "Ann Lee", "hiring_officer", key="ann", email="ann@acme.com")
    ft("interview", "acme", "--on", "2026-11-03", "--with", "ann")
    template = request.getfixturevalue("sqlite_template") if "://" not in ft.location else None
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    return Restore(ft.location, another_db, template, scratch)


def test_every_nasty_is_refused_cleanly_or_restores_identically(restore: Restore) -> None:
    wrong = []
    for path in CORPUS:
        extra = ["--application", "acme"] if path.suffix in (".vcf", ".ics") else []
        before = snapshot(restore.location)
        accepted = settled(run(restore.location, "import", str(path), *extra), path.name)
        if accepted != path.name.startswith("ok_"):
            wrong.append(f"{path.name}: {'accepted' if accepted else 'refused'}")
        elif accepted:
            restore.check(path.name)
        elif snapshot(restore.location) != before:
            wrong.append(f"{path.name}: refused, but the database changed")
    assert wrong == []
