"""What the terminal prints reads as words, in columns that line up: `list` and `plan`
aligned by what the letters take on screen, outcomes in words (the code kept where a
correction needs it), a dry run that says it changed nothing before what it would do."""

from __future__ import annotations

import json
from pathlib import Path

from followthrough.cli.render import table, width
from tests.conftest import Cli


def _column(line: str, text: str) -> int:
    """The screen column where ``text`` starts in ``line``."""
    return width(line[: line.index(text)])


def test_display_width_counts_wide_letters_twice_and_accents_not_at_all() -> None:
    assert (width("東京"), width("Zoe\u0308"), width("Zoë")) == (4, 3, 3)
    lines = table([("東京データ", "x"), ("Zoe\u0308 Ämmälä", "y"), ("a", "z")])
    assert {_column(line, line[-1]) for line in lines} == {12}


def test_list_lines_up_long_ids_wide_names_and_closed_outcomes(ft: Cli) -> None:
    ft("add", "東京データ株式会社", "アナリスト", "--id", "tokyo-data-analyst-for-the-whole-kanto-region")
    ft("add", "Zoë Ämmälä Oy", "Developer", "--id", "zoe")
    ft("add", "Hooli", "Designer", "--id", "hooli")
    ft("respond", "hooli", "--outcome", "no_hire", "--on", "2026-11-18")
    lines = ft("list").stdout.splitlines()[:3]
    names = ("東京データ株式会社", "Zoë Ämmälä Oy", "Hooli")
    starts = {_column(line, name) for line in lines for name in names if name in line}
    assert len(starts) == 1 and len(lines) == 3, lines
    states = {line.split()[0]: _column(line, line.split()[1]) for line in lines}
    assert len(set(states.values())) == 1, lines
    hooli = next(line for line in lines if line.startswith("hooli "))
    assert "no hire (no_hire)" in hooli and "no_hire " not in hooli.split("(")[0]


def test_plan_lines_up_skipped_and_done_steps_with_pending_ones(ft: Cli) -> None:
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme")
    ft.contact("acme", "王小明", "hiring_officer", key="wang")
    ft.contact("acme", "Ann Lee", "interviewer", key="ann")
    ft("interview", "acme", "--on", "2026-11-03", "--with", "wang", "--with", "ann")
    steps = json.loads(ft("plan", "acme", "--json").stdout)["steps"]
    ft("skip", steps[0]["id"], "--on", "2026-11-04")
    ft("done", steps[1]["id"], "--on", "2026-11-04")
    lines = ft("plan", "acme").stdout.splitlines()
    assert lines[0] == "Acme Corp · Data Analyst: open"
    rows = lines[1:]
    assert "skipped on Wed 2026-11-04" in rows[0] and "done on Wed 2026-11-04" in rows[1]
    # the action column starts at one screen column on every row, after a skip as after a pending step
    starts = {_column(row, next(w for w in ("send", "call", "e-mail", "move on") if w in row)) for row in rows}
    assert len(starts) == 1, rows


def test_show_and_events_say_outcomes_in_words_keeping_the_code_to_correct_them(ft: Cli) -> None:
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme")
    ft.contact("acme", "Ann Lee", "hiring_officer", key="ann")
    ft("interview", "acme", "--on", "2026-11-03", "--with", "ann")
    ft("debrief", "acme", "--on", "2026-11-03", "--how", "Strong", "--call-permission", "asked_not_to_call")
    ft("respond", "acme", "--outcome", "not_decided", "--on", "2026-11-18", "--by", "2026-12-01")
    events = ft("events", "acme").stdout
    assert "answer: not decided yet (not_decided)" in events
    assert "they will decide by Tue 2026-12-01" in events and "decision_by" not in events
    assert "they asked you not to call (asked_not_to_call)" in events and "how did i do" not in events
    ft.contact("acme", "Bartholomew Long", "interviewer", key="bartholomew-long")
    shown = ft("show", "acme").stdout
    assert "answer: not decided yet (not_decided)" in shown and "outcome: not_decided" not in shown
    people = shown.split("Contacts\n", 1)[1].splitlines()[:2]
    assert _column(people[0], "Ann Lee") == _column(people[1], "Bartholomew Long"), people
    ft("respond", "acme", "--outcome", "no_hire", "--on", "2026-12-01")
    shown = ft("show", "acme").stdout
    assert shown.splitlines()[0] == "Acme Corp · Data Analyst  [acme]  no hire (no_hire)"
    assert ft("plan", "acme").stdout.startswith("Acme Corp · Data Analyst: no hire (no_hire)\n")


def test_a_call_s_outcome_is_said_in_words(ft: Cli) -> None:
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme")
    ft.contact("acme", "Ann Lee", "hiring_officer", key="ann")
    ft("interview", "acme", "--on", "2026-11-03", "--with", "ann")
    call = next(s for s in json.loads(ft("plan", "acme", "--json").stdout)["steps"] if s["kind"].startswith("call"))
    ft("done", call["id"], "--on", "2026-11-10", "--outcome", "no_answer")
    assert "no answer (no_answer)" in ft("events", "acme").stdout


def test_a_dry_run_opens_by_saying_nothing_changed_and_what_it_would_import(ft: Cli, tmp_path: Path) -> None:
    ft("demo")
    backup = tmp_path / "backup.json"
    ft("export", "--json", "-o", str(backup))
    said = ft("import", str(backup), "--dry-run").stdout.splitlines()
    assert said[0] == f"Dry run of {backup}: nothing was changed."
    assert said[1] == f"Would import 4 applications from {backup}, 4 of them replacing those with the same id."
    assert not any(line.startswith("Imported") for line in said)
    assert ft("import", str(backup)).stdout.startswith("Imported 4 applications")
