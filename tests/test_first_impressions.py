"""What a new user meets first: the command alone, a group alone, the web app's start."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.server.support import free_port
from tests.test_corrections import refused


def _start(db: Path, *words: str) -> str:
    """What `serve` says until it prints its address (then it is stopped)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "followthrough", "--db", str(db), "serve", "--no-browser", "--no-reminders", *words],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    said = []
    try:
        assert process.stdout is not None
        for line in process.stdout:
            said.append(line)
            if re.search(r"http://127\.0\.0\.1:\d+/\?token=", line):
                break
    finally:
        process.terminate()
        process.wait(timeout=30)
    return "".join(said)


def test_serve_on_its_usual_port_gives_no_warning(tmp_path: Path) -> None:
    """Started again on the port it keeps, the web app says nothing about a port taken
    (it compared the port it got, as text, with the number it wanted)."""
    db = tmp_path / "search.sqlite3"
    port = free_port()
    first = _start(db, "--port", str(port))
    assert f"127.0.0.1:{port}/" in first
    again = _start(db)
    assert f"127.0.0.1:{port}/" in again
    assert "Warning" not in again, again


@pytest.mark.parametrize("words", [[], ["profile"], ["contact"], ["away"], ["event"], ["playbook"]])
def test_a_command_or_group_alone_prints_its_help(words: list[str], tmp_path: Path) -> None:
    """`followthrough` alone (the first thing most people type) and a group alone print
    their help as help, line by line, not as one long error line."""
    done = subprocess.run(
        [sys.executable, "-m", "followthrough", "--db", str(tmp_path / "x.sqlite3"), *words],
        capture_output=True,
        text=True,
    )
    shown = done.stdout + done.stderr
    assert "Error" not in shown, shown[:300]
    assert shown.startswith("Usage: followthrough"), shown[:300]
    assert "\nCommands:\n" in shown and len(shown.splitlines()) > 5
    assert max(len(line) for line in shown.splitlines()) <= 100
    assert not (tmp_path / "x.sqlite3").exists()


def test_an_outcome_on_a_note_names_the_note_and_the_outcome_given(ft: Cli) -> None:
    """`done NOTE --outcome reached` says the note is not a call, not that only a call can
    end in voicemail or no answer (which 'reached' is not)."""
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme")
    ft.contact("acme", "Ann Lee", "hiring_officer", key="ann")
    ft("interview", "acme", "--on", "2026-11-03", "--with", "ann")
    note = next(
        s["id"] for s in json.loads(ft("plan", "acme", "--json").stdout)["steps"] if s["kind"] == "thank_you_note"
    )
    said = refused(ft, "done", note, "--outcome", "reached")
    assert "the thank-you note to Ann Lee is not a call: it has no outcome such as reached" in said, said
    assert "voicemail" not in said


def test_the_terminal_speaks_words_not_codes(ft: Cli) -> None:
    """What a command says after a change, `list --closed` and `show` use the product's
    words: no thank_you_note, no "0 of 1 applications still active" for a
    list of closed ones; `respond --by WORDS` says the date it read; 9:30 is a time."""
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme")
    ft.contact("acme", "Ann Lee", "hiring_officer", key="ann")
    recorded = ft("interview", "acme", "--on", "2026-11-03", "--at", "9:30", "--with", "ann", "--final").stdout
    assert "next, the thank-you note on Tue 2026-11-03" in recorded and "thank_you_note" not in recorded
    answered = ft("respond", "acme", "--outcome", "not_decided", "--by", "end of next week", "--on", "2026-11-12")
    assert "They will decide by Fri 2026-11-20 ('end of next week')." in answered.stdout
    shown = ft("show", "acme").stdout
    assert "at: 09:30" in shown or "09:30" in shown
    assert "thank_you_note" not in shown
    ft("respond", "acme", "--outcome", "rejected", "--on", "2026-11-20")
    closed = ft("list", "--closed").stdout
    assert "1 application, closed." in closed and "still active" not in closed
