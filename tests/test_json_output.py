"""What `agenda --json` and `plan --json` print has the shape interface.md promises other
programs: the examples there (copied to tests/interface_examples.json) are rebuilt as a
job search here, and the commands' output has their keys, types and values."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from followthrough.cli import json_output
from followthrough.core.agenda import Agenda, AgendaEntry
from tests.conftest import Cli

EXAMPLES: dict[str, Any] = json.loads((Path(__file__).parent / "interface_examples.json").read_text("utf-8"))
SLUG = "acme-analyst"


def same_shape(found: object, example: object, spec: dict[str, Any], where: str = "$") -> None:
    """``found`` has ``example``'s keys (those ``spec`` names optional may be missing) and
    types (null where ``spec`` allows it); a string with '|' in the example lists the values
    allowed, '…' is any text."""
    optional = {key for keys in spec.get("optional", {}).values() for key in keys}
    if isinstance(example, dict):
        assert isinstance(found, dict), where
        missing = set(example) - set(found) - optional
        assert not missing, f"{where}: {sorted(missing)} missing"
        for key in set(example) & set(found):
            if found[key] is None and key in spec.get("nullable", ()):
                continue
            same_shape(found[key], example[key], spec, f"{where}.{key}")
    elif isinstance(example, list):
        assert isinstance(found, list), where
        for n, item in enumerate(found):
            same_shape(item, example[0], spec, f"{where}[{n}]")
    elif example is None:
        assert found is None or isinstance(found, str), f"{where}: {found!r} is neither null nor text"
    elif isinstance(example, str):
        assert isinstance(found, str), f"{where}: {found!r} is not text"
        if "|" in example:
            assert found in example.split("|"), f"{where}: {found!r} is none of {example}"
    else:
        assert type(found) is type(example), f"{where}: {found!r} is not like {example!r}"


def job_search(ft: Cli) -> dict[str, str]:
    """The job search interface.md's examples come from: Acme Corp's analyst role, Ann Lee
    its hiring officer, interviewed on 3 Nov, "two weeks" to decide; the thank-you note
    sent. Step ids by (kind, due)."""
    ft("add", "Acme Corp", "Data Analyst", "--id", SLUG)
    ft.contact(SLUG, "Ann Lee", "hiring_officer")
    ft("interview", SLUG, "--on", "2026-11-03", "--with", "ann")
    ft("debrief", SLUG, "--on", "2026-11-03", "--timeframe", "two weeks")
    steps = {(s["kind"], s["due"]): s["id"] for s in json.loads(ft("plan", SLUG, "--json").stdout)["steps"]}
    ft("done", steps["thank_you_note", "2026-11-03"], "--on", "2026-11-03")
    return {kind: step for (kind, due), step in sorted(steps.items(), reverse=True)}  # the first of each kind


def test_the_agenda_prints_the_documented_example(ft: Cli) -> None:
    spec = EXAMPLES["agenda"]
    job_search(ft)
    printed = json.loads(ft("agenda", "--as-of", "2026-11-18", "--json").stdout)
    example = {**spec["example"], "steps": [step | spec["also"]["steps"] for step in spec["example"]["steps"]]}
    same_shape(printed, example, spec)
    (step,) = printed["steps"]
    assert {k: v for k, v in step.items() if k not in ("id", "flags")} == {
        k: v for k, v in spec["example"]["steps"][0].items() if k != "id"
    }
    assert printed["as_of"] == spec["example"]["as_of"] and step["flags"] == []
    # an application with no hiring officer named: its steps carry a flag
    ft("add", "Beta", "Clerk", "--id", "beta-clerk")
    ft("interview", "beta-clerk", "--on", "2026-11-03")
    printed = json.loads(ft("agenda", "--as-of", "2026-11-18", "--json").stdout)
    assert any(s["flags"] for s in printed["steps"])
    same_shape(printed, example, spec)


def test_the_plan_prints_the_documented_example(ft: Cli) -> None:
    spec = EXAMPLES["plan"]
    first = job_search(ft)
    ft("done", first["call_hiring_officer"], "--on", "2026-11-18", "--outcome", "voicemail")
    printed = json.loads(ft("plan", SLUG, "--json").stdout)
    same_shape(printed, spec["example"], spec)
    assert (printed["application"], printed["status"], printed["outcome"]) == (SLUG, "open", None)
    called = next(s for s in printed["steps"] if s["id"] == first["call_hiring_officer"])
    example = spec["example"]["steps"][0]
    assert called | {"id": "…", "kind": "…"} == example | {"status": "done"}
    pending = [s for s in printed["steps"] if s["status"] == "pending"]
    assert pending and all("done_on" not in s for s in pending)
    # all steps, past and future, by due date, then kind, then contact key
    order = [(s["due"], s["kind"], s["contact"] or "") for s in printed["steps"]]
    assert order == sorted(order)


# json.dumps in a front end outside the formatters: none prints a document of its own.
NOT_DOCUMENTS = {
    "cli/corrections.py": 3,  # an event's fields inside a line of text, and a JSON argument of a command to run
    "cli/playbooks.py": 1,  # a TOML value, written as TOML writes strings and booleans
}


def test_json_documents_are_printed_only_through_the_formatters() -> None:
    package = Path(json_output.__file__).parent.parent
    found = {}
    for front_end in ("cli", "web"):
        for module in sorted((package / front_end).rglob("*.py")):
            count = module.read_text("utf-8").count("json.dumps(")
            if count and module.name != "json_output.py":
                found[str(module.relative_to(package))] = count
    assert found == NOT_DOCUMENTS


def test_an_agenda_of_non_ascii_names_is_printed_in_its_own_letters() -> None:
    import datetime as dt

    day = dt.date(2026, 11, 18)
    entry = AgendaEntry("abc123", "zeta", "Zeta", "Clerk", "call_hiring_officer", "zoe", "Zoë Ämmälä", day)
    text = json_output.agenda(Agenda(day, [entry], None))
    assert '"contact_name": "Zoë Ämmälä"' in text and text.startswith('{\n  "as_of": "2026-11-18",')
