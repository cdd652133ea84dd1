"""Fuzzing the followthrough/1 importer through the real command line (hypothesis).

For every generated file: exit 0 or 2, never a traceback; a refusal is one line and
leaves the database exactly as it was; an accepted file leaves a backup that imports
into a fresh database and exports the same bytes. Derandomized, and few examples, so the
suite stays fast and the same on every run.
"""

from __future__ import annotations

import datetime
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Cli
from tests.hostile_support import (
    NASTY_DATES,
    NASTY_TEXT,
    NASTY_TIMEFRAMES,
    NASTY_ZONES,
    Restore,
    run,
    settled,
    snapshot,
)

# FOLLOWTHROUGH_FUZZ_EXAMPLES=2000 for a deeper run by hand; CI keeps the default.
FUZZ = settings(
    max_examples=int(os.environ.get("FOLLOWTHROUGH_FUZZ_EXAMPLES", "25")),
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)


def mostly(good: st.SearchStrategy[Any], bad: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``good`` nine times in ten: enough files get through to test the backups too."""
    return st.integers(0, 9).flatmap(lambda n: bad if n == 0 else good)


plain = st.text(st.characters(blacklist_categories=["Cc", "Cs", "Zl", "Zp"]), min_size=1, max_size=12)
text = mostly(plain, st.one_of(st.text(max_size=12), st.sampled_from(NASTY_TEXT)))
day = mostly(
    st.dates(datetime.date(1900, 1, 1), datetime.date(2200, 12, 31)).map(lambda d: d.isoformat()),
    st.one_of(st.dates().map(lambda d: d.isoformat()), st.sampled_from(NASTY_DATES)),
)
json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(plain, inner, max_size=3),
    max_leaves=6,
)
ident = mostly(st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,4})?", fullmatch=True), st.sampled_from(NASTY_TEXT))
keys = mostly(st.sampled_from(["ann", "bo"]), st.just("ghost"))


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.just(None), strategy)


@st.composite
def contact(draw: st.DrawFn, key: str) -> dict[str, Any]:
    role = draw(mostly(st.just("interviewer"), st.just("boss")))
    out: dict[str, Any] = {"key": key, "name": draw(text), "role": role}
    extras = {
        "email": text,
        "emails": mostly(st.lists(plain, max_size=2), json_value),
        "phone_types": mostly(st.dictionaries(plain, plain, max_size=2), json_value),
        "name_parts": mostly(st.dictionaries(st.sampled_from(["given", "family", "suffix"]), plain), json_value),
        "organization": mostly(text, json_value),
        "x-unknown": json_value,
    }
    for name, strategy in extras.items():
        if draw(st.booleans()):
            out[name] = draw(strategy)
    return out


@st.composite
def event(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(mostly(st.sampled_from(["interview", "debrief", "step_done", "response"]), st.just("party")))
    out: dict[str, Any] = {"type": kind, "on": draw(day)}
    if kind == "interview":
        out["with"] = draw(mostly(st.lists(keys, max_size=2, unique=True), st.lists(json_value, max_size=2)))
        if draw(st.booleans()):
            out["ical_sequence"] = draw(mostly(st.integers(0, 2**31 - 1), st.one_of(st.integers(), json_value)))
        if draw(st.booleans()):
            out["ical_uid"] = draw(text)
    elif kind == "debrief":
        out["timeframe"] = draw(st.one_of(st.sampled_from(NASTY_TIMEFRAMES), plain))
    elif kind == "step_done":
        out |= {"kind": "thank_you_note", "contact": draw(keys), "note": draw(text)}
    elif kind == "response":
        out |= {"outcome": draw(mostly(st.sampled_from(["not_decided", "offer"]), st.just("maybe")))}
        out["decision_by"] = draw(day)
    if draw(st.booleans()):
        out["x-later"] = draw(json_value)
    return out


@st.composite
def document(draw: st.DrawFn) -> str:
    app: dict[str, Any] = {
        "id": draw(ident),
        "company": draw(text),
        "role": draw(text),
        "contacts": [draw(contact("ann")), *([draw(contact("bo"))] if draw(st.booleans()) else [])],
        "events": draw(st.lists(event(), max_size=3)),
    }
    if draw(st.booleans()):
        app["applied_on"] = draw(day)
    job = {  # the job's fields (issue 11): the same checks, the same round trip
        "url": mostly(st.from_regex(r"https?://[a-z]{1,5}\.example/[a-z0-9?=]{0,6}", fullmatch=True), text),
        "location": text,
        "notes": mostly(st.text(max_size=20), json_value),
        "tags": mostly(st.lists(st.from_regex(r" ?[A-Za-z0-9 ]{1,8}", fullmatch=True), max_size=3), json_value),
        "priority": mostly(st.integers(1, 3), json_value),
        "stage": mostly(st.sampled_from(["saved", "applied", "screening"]), text),
    }
    for name in draw(st.lists(st.sampled_from(sorted(job)), max_size=2, unique=True)):
        app[name] = draw(job[name])
    if draw(st.booleans()):
        app["x-later"] = draw(json_value)
    zone = draw(mostly(st.just("America/Chicago"), st.sampled_from(NASTY_ZONES)))
    profile = {"name": draw(text), "timezone": zone, "x-later": draw(json_value)}
    raw = json.dumps({"format": "followthrough/1", "profile": profile, "applications": [app]})
    # A few mutations json.dumps never writes: values no JSON reader should accept whole.
    mutation = draw(mostly(st.just("none"), st.sampled_from(["nan", "big", "huge", "truncate", "surrogate"])))
    target = '"x-later": '
    if mutation == "nan":
        raw = raw.replace(target, f'{target}NaN, "x-was": ', 1)
    elif mutation == "big":
        raw = raw.replace(target, f'{target}{"7" * 4400}, "x-was": ', 1)
    elif mutation == "huge":
        raw = raw.replace(target, f'{target}1e999, "x-was": ', 1)
    elif mutation == "surrogate":
        raw = raw.replace(target, f'{target}"\\udfff", "x-was": ', 1)
    elif mutation == "truncate":
        raw = raw[: draw(st.integers(0, len(raw)))]
    return raw


@pytest.fixture
def restore(ft: Cli, tmp_path: Path, request: pytest.FixtureRequest, another_db: str) -> Restore:
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme")
    ft.contact("acme", "Ann Lee", "hiring_officer", key="ann", email="ann@acme.com")
    ft("interview", "acme", "--on", "2026-11-03", "--with", "ann")
    template = request.getfixturevalue("sqlite_template") if "://" not in ft.location else None
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    return Restore(ft.location, another_db, template, scratch)


def test_fuzzed_exchange_files_are_refused_cleanly_or_restore_identically(restore: Restore) -> None:
    accepted = []

    @FUZZ
    @given(doc=document())
    def check(doc: str) -> None:
        path = restore.scratch / "fuzz.json"
        path.write_text(doc, encoding="utf-8", errors="surrogatepass")
        before = snapshot(restore.location)
        if settled(run(restore.location, "import", str(path)), doc[:300]):
            accepted.append(doc)
            restore.check(doc[:300])
        else:
            assert snapshot(restore.location) == before, doc[:300]

    check()
    assert accepted  # the generator reaches the happy path too, not only the refusals
