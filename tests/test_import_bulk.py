"""A large followthrough/1 import: each application planned once, written in a few bulk
statements (never a query per row), storing exactly what re-planning one by one stores,
all or nothing, with a progress bar on a terminal."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli

PHRASES = ["two weeks", "by Friday", "within 10 business days", "Dec 4", "soon", None]


def _application(n: int, rng: random.Random) -> dict[str, Any]:
    """An application at some stage: open or closed, with or without an inside contact."""
    on = dt.date(2026, 6, 1) + dt.timedelta(days=rng.randint(0, 170))
    iso = dt.date.isoformat
    contacts = [{"key": "ann", "name": f"Ann {n}", "role": "hiring_officer", "email": f"ann{n}@x.example"}]
    contacts.append({"key": "bo", "name": "Bo Park", "role": "interviewer", "title": "Lead"})
    if n % 3:
        contacts.append({"key": "cy", "name": "Cy Diaz", "role": "inside_contact", "relation": "friend"})
    events: list[dict[str, Any]] = [{"type": "interview", "on": iso(on), "with": ["ann", "bo"], "final": True}]
    if phrase := rng.choice(PHRASES):
        events.append({"type": "debrief", "on": iso(on), "timeframe": phrase, "card": True, "x_kept": n})
    if n % 4 == 1:
        events.append({"type": "step_done", "kind": "thank_you_note", "contact": "bo", "on": iso(on)})
    if n % 5 == 2:
        events.append({"type": "response", "on": iso(on + dt.timedelta(days=20)), "outcome": "offer"})
    if n % 7 == 3:
        later = iso(on + dt.timedelta(days=30))
        events.append({"type": "response", "on": iso(on + dt.timedelta(days=9)), "outcome": "not_decided",
                       "decision_by": later})  # fmt: skip
    return {
        "id": f"app-{n:05d}", "company": f"Company {n}", "role": "Analyst", "applied_on": iso(on),
        "domains": [f"c{n}.example"], "contacts": contacts, "events": events, "x_app": {"n": n},
    }  # fmt: skip


def _document(count: int, seed: int = 7) -> dict[str, Any]:
    rng = random.Random(seed)
    profile = {"name": "Jordan", "home_address": "", "phone": "", "email": "", "timezone": "America/Chicago",
               "country": "US"}  # fmt: skip
    return {
        "format": "followthrough/1",
        "profile": profile,
        "applications": [_application(n, rng) for n in range(count)],
    }


def _write(tmp_path: Path, doc: dict[str, Any], name: str = "search.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _stored() -> dict[str, Any]:
    """Every row the import wrote, as values (database ids replaced by what they point at)."""
    from followthrough.store.models import Application, Contact, Event, Step

    keys = dict(Contact.objects.values_list("id", "key"))
    slugs = dict(Application.objects.values_list("id", "slug"))
    steps = Step.objects.order_by("id").values()
    return {
        "application_rows": [
            {k: v for k, v in r.items() if k != "id"} for r in Application.objects.order_by("slug").values()
        ],
        "contacts": [
            {**{k: v for k, v in r.items() if k not in ("id", "application_id")}, "app": slugs[r["application_id"]]}
            for r in Contact.objects.order_by("application__slug", "position").values()
        ],
        "events": [
            {**{k: v for k, v in r.items() if k not in ("id", "application_id")}, "app": slugs[r["application_id"]]}
            for r in Event.objects.order_by("application__slug", "position").values()
        ],
        "steps": [
            {
                **{k: v for k, v in r.items() if k not in ("application_id", "contact_id")},
                "app": slugs[r["application_id"]],
                "contact": keys.get(r["contact_id"]),
            }
            for r in steps
        ],
    }


def test_the_bulk_import_stores_what_planning_one_by_one_stores(db: str, tmp_path: Path) -> None:
    from followthrough.interop import exchange
    from followthrough.services.files import rows as files
    from followthrough.services.files.exchange import import_document
    from followthrough.services.jobsearch.planning import replan_all

    doc = _document(120)
    doc["playbooks"] = {"gentle": {"follow_ups": 2, "follow_up_every_days": 10}}  # the file's own rules
    for app in doc["applications"][::4]:
        app["playbook"] = "gentle"
    import_document(exchange.parse(json.dumps(doc), "search.json"))
    imported = _stored()
    assert len(imported["steps"]) > 500 and {r["status"] for r in imported["application_rows"]} == {"open", "closed"}
    assert all(s["contact"] == s["contact_key"] for s in imported["steps"]), "each step points at its contact"
    replan_all()  # the ORM path: every application re-planned and its steps brought in line
    assert _stored() == imported
    again = json.loads(files.job_search())
    assert again["applications"] == doc["applications"], "and it exports back as it came, unknown fields included"
    assert again["playbooks"]["gentle"] | doc["playbooks"]["gentle"] == again["playbooks"]["gentle"]


def test_applications_are_planned_once_and_written_in_bulk(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from followthrough.interop import exchange as files
    from followthrough.services.files import exchange

    planned: list[str] = []
    plan_for = exchange.plan_for

    def counting(app: Any, *args: Any) -> Any:
        planned.append(app.id)
        return plan_for(app, *args)

    monkeypatch.setattr(exchange, "plan_for", counting)
    queries = {}
    for count in (100, 1000):
        document = files.parse(json.dumps(_document(count, seed=count)), "search.json")
        planned.clear()
        with CaptureQueriesContext(connection) as captured:
            exchange.import_document(document)
        queries[count] = len(captured)
        assert sorted(planned) == sorted(a.id for a in document.job_search.applications), "each planned once"
    # Ten times the applications: a few more statements per 500 of them, never one per row.
    assert queries[100] < 30 and queries[1000] <= 3 * queries[100], queries


def test_importing_again_replaces_and_a_failure_half_way_changes_nothing(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followthrough.interop import exchange
    from followthrough.services.files import rows as files
    from followthrough.services.files.exchange import import_document
    from followthrough.store import bulk

    import_document(exchange.parse(json.dumps(_document(30)), "first.json"))
    bigger = _document(1200, seed=3)  # app-00000… again, planned on other dates: they replace the first 30
    import_document(exchange.parse(json.dumps(bigger), "second.json"))
    assert json.loads(files.job_search()) == bigger
    snapshot = _stored()
    insert = bulk.insert
    calls: list[str] = []

    def fails_late(model: Any, rows: Any) -> int:
        calls.append(model.__name__)
        if calls.count("Step") == 2:  # the second batch's steps: half the file is written
            raise OSError("disk full")
        return insert(model, rows)

    monkeypatch.setattr(bulk, "insert", fails_late)
    with pytest.raises(OSError):
        import_document(exchange.parse(json.dumps(_document(900, seed=5)), "third.json"))
    assert _stored() == snapshot, "all or nothing"


def test_a_large_file_shows_a_progress_bar_on_a_terminal_only(
    ft: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followthrough.cli import data

    path = _write(tmp_path, _document(300))
    monkeypatch.setattr(data, "_interactive", lambda: True)
    shown = ft("import", str(path))
    assert "Importing" in shown.stderr and "Imported 300 applications" in shown.stdout
    monkeypatch.setattr(data, "_interactive", lambda: False)
    assert ft("import", str(path)).stderr == ""
