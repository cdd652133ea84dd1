"""One person, one call (playbook.md section 6, issue 21 point 3), as the user meets it:
the same recruiter in two open applications is one card on the agenda, and marking it
records the call on both; two processes settling the card and one of its calls at once
give one outcome each and never deadlock (both databases)."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing as mp
from collections.abc import Iterator
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

import pytest

from followthrough.services.fastpath.agenda import fast_due_steps
from followthrough.services.pages.agenda import due_steps
from tests import racing as racing_harness
from tests.conftest import Cli
from tests.racing import racing, second_front_end, together
from tests.test_web import WebClient, web_session

# The suite's clock: Friday 14 March 2031, 10:00 in Chicago.
TODAY = "2031-03-14"


def _application(slug: str, role: str, key: str, email: str, interview: str, promised: str) -> dict[str, Any]:
    return {
        "id": slug,
        "company": "Acme Corp",
        "role": role,
        "contacts": [{"key": key, "name": "Ann Lee", "role": "hiring_officer", "email": email}],
        "events": [
            {"type": "interview", "on": interview, "with": [key]},
            {"type": "debrief", "on": interview, "timeframe": promised},
            {"type": "step_done", "kind": "thank_you_note", "contact": key, "on": interview},
        ],
    }


def _job_search(
    ft: Cli, tmp_path: Path, second_promise: str, n: int = 0, second: str = "Ann.Lee@ACME.example "
) -> None:
    """Ann Lee is the hiring officer of two roles at Acme; the first call on the analyst
    role is due today (the promise was Thursday), the engineer's when its promise passes."""
    doc = {
        "format": "followthrough/1",
        "profile": {"name": "Sam", "timezone": "America/Chicago", "country": "US"},
        "applications": [
            _application(f"analyst-{n}", "Data Analyst", "ann", "ann.lee@acme.example", "2031-02-24", "2031-03-13"),
            _application(f"engineer-{n}", "Data Engineer", "lee", second, "2031-02-26", second_promise),
        ],
    }
    path = tmp_path / f"search-{n}.json"
    path.write_text(json.dumps(doc))
    ft("import", str(path))


def _calls(ft: Cli, slug: str) -> list[dict[str, Any]]:
    return [s for s in json.loads(ft("plan", slug, "--json").stdout)["steps"] if s["kind"] == "call_hiring_officer"]


def test_a_call_due_this_week_in_another_application_joins_todays_card(ft: Cli, tmp_path: Path) -> None:
    _job_search(ft, tmp_path, "2031-03-19")  # the engineer's first call: Thursday 20 March
    assert fast_due_steps(ft.location, None) is None, "the fast path leaves one person's calls to the ORM"
    steps = json.loads(ft("agenda", "--json").stdout)["steps"]
    calls = [s for s in steps if s["kind"] == "call_hiring_officer"]
    engineer = _calls(ft, "engineer-0")[0]
    assert [(s["application"], s["due"]) for s in calls] == [("analyst-0", TODAY)]
    assert calls[0]["together"] == [
        {"id": engineer["id"], "application": "engineer-0", "role": "Data Engineer", "due": "2031-03-20"}
    ]
    text = ft("agenda").stdout
    assert "also about Data Engineer (engineer-0, due Thu 2031-03-20)" in text


def test_marking_the_card_records_the_call_on_each_application(ft: Cli, tmp_path: Path) -> None:
    _job_search(ft, tmp_path, "2031-03-19")
    card = _calls(ft, "analyst-0")[0]["id"]
    said = ft("done", card, "--outcome", "voicemail").stdout
    assert "The same call is recorded on engineer-0" in said
    for slug in ("analyst-0", "engineer-0"):
        first = _calls(ft, slug)[0]
        assert (first["status"], first["done_on"]) == ("done", TODAY), slug
    events = json.loads(ft("export", "--json").stdout)["applications"]
    done = [e for a in events for e in a["events"] if e["type"] == "step_done" and e["kind"] == "call_hiring_officer"]
    assert [(e["contact"], e["on"], e["outcome"]) for e in done] == [
        ("ann", TODAY, "voicemail"),
        ("lee", TODAY, "voicemail"),
    ]
    # Nothing left to call Ann about today: the card is gone, on either path.
    assert not [s for s in json.loads(ft("agenda", "--json").stdout)["steps"] if s["kind"] == "call_hiring_officer"]


def test_snoozing_the_card_moves_every_call_on_it_to_that_day(ft: Cli, tmp_path: Path) -> None:
    _job_search(ft, tmp_path, "2031-03-13")  # both first calls due today
    card, engineer = _calls(ft, "analyst-0")[0]["id"], _calls(ft, "engineer-0")[0]["id"]
    ft("snooze", card, "--until", "2031-03-18")
    # "Remind me on Tuesday": Ann is not asked for again today about the other role.
    assert not [s for s in json.loads(ft("agenda", "--json").stdout)["steps"] if s["kind"] == "call_hiring_officer"]
    assert [_calls(ft, slug)[0]["due"] for slug in ("analyst-0", "engineer-0")] == ["2031-03-18", "2031-03-18"]
    steps = json.loads(ft("agenda", "--as-of", "2031-03-18", "--json").stdout)["steps"]
    [call] = [s for s in steps if s["kind"] == "call_hiring_officer"]
    assert call["id"] == card and [c["id"] for c in call["together"]] == [engineer]


def test_marking_the_joined_call_from_its_own_plan_is_the_same_call(ft: Cli, tmp_path: Path) -> None:
    _job_search(ft, tmp_path, "2031-03-19")
    engineer = _calls(ft, "engineer-0")[0]["id"]  # on the analyst's card, due Thursday
    said = ft("done", engineer, "--outcome", "reached").stdout
    assert "The same call is recorded on analyst-0" in said
    for slug in ("analyst-0", "engineer-0"):
        assert _calls(ft, slug)[0]["status"] == "done", slug
    assert not [s for s in json.loads(ft("agenda", "--json").stdout)["steps"] if s["kind"] == "call_hiring_officer"]


def test_a_call_due_after_the_playbooks_interval_waits_for_its_own_day(ft: Cli, tmp_path: Path) -> None:
    _job_search(ft, tmp_path, "2031-03-21")  # the engineer's first call: Monday 24 March, 10 days out
    steps = json.loads(ft("agenda", "--json").stdout)["steps"]
    [call] = [s for s in steps if s["kind"] == "call_hiring_officer"]
    assert "together" not in call
    said = ft("done", call["id"], "--outcome", "reached").stdout
    assert "same call" not in said
    assert _calls(ft, "engineer-0")[0]["status"] == "pending"


def test_a_different_person_at_the_same_company_is_called_on_their_own(ft: Cli, tmp_path: Path) -> None:
    _job_search(ft, tmp_path, "2031-03-19", second="bo.park@acme.example")
    if not ft.location.startswith("postgresql"):  # SQLite's fast path answers as the ORM does
        assert fast_due_steps(ft.location, None) == due_steps(dt.date(2031, 3, 14))
    [call] = [s for s in json.loads(ft("agenda", "--json").stdout)["steps"] if s["kind"] == "call_hiring_officer"]
    assert "together" not in call
    ft("done", call["id"], "--outcome", "reached")
    assert _calls(ft, "engineer-0")[0]["status"] == "pending"


# -- two processes at once ----------------------------------------------------------------

ROUNDS = 6


def _worker(location: str, barrier: Barrier, jobs: mp.Queue, results: mp.Queue) -> None:  # type: ignore[type-arg]
    second_front_end(location)
    from followthrough.core.model import CallOutcome, StepStatus
    from followthrough.services.errors import UserError
    from followthrough.services.jobsearch.steps import settle_step

    while (job := jobs.get()) is not None:
        together(barrier)
        try:
            settle_step(job, StepStatus.DONE, outcome=CallOutcome.REACHED)
            results.put(("settled", job))
        except UserError as error:
            results.put(("refused", str(error)))
        except Exception as error:  # a deadlock, or a race not turned into a refusal
            results.put(("crashed", repr(error)))


@pytest.fixture
def racers(ft: Cli) -> Iterator[racing_harness.Racers]:
    with racing(_worker, ft.location) as started:
        yield started


def test_the_card_and_one_of_its_calls_at_once_give_one_outcome_each(
    ft: Cli, tmp_path: Path, racers: racing_harness.Racers
) -> None:
    from followthrough.store.models import Event

    for n in range(ROUNDS):
        _job_search(ft, tmp_path, "2031-03-19", n)
        card, engineer = _calls(ft, f"analyst-{n}")[0]["id"], _calls(ft, f"engineer-{n}")[0]["id"]
        outcomes = racers.run(card, engineer)
        assert [o for o, _ in outcomes if o == "crashed"] == [], outcomes
        for slug in (f"analyst-{n}", f"engineer-{n}"):
            done = Event.objects.filter(application__slug=slug, type="step_done", payload__kind="call_hiring_officer")
            assert done.count() == 1, f"round {n}: {slug} has {done.count()} outcomes ({outcomes})"


# -- the web app ---------------------------------------------------------------------------


@pytest.fixture
def web(db: str) -> Iterator[WebClient]:
    yield from web_session()


def test_today_shows_one_card_and_its_buttons_record_every_role(ft: Cli, tmp_path: Path, web: WebClient) -> None:
    _job_search(ft, tmp_path, "2031-03-19")
    card, engineer = _calls(ft, "analyst-0")[0]["id"], _calls(ft, "engineer-0")[0]["id"]
    page = web.get("/").content.decode()
    assert f'id="step-{card}"' in page and f'id="step-{engineer}"' not in page
    assert "One call for 2 roles: also about Data Engineer" in page
    token = web.csrf("/")
    said = web.client.post(
        f"/steps/{card}/settle", {"csrfmiddlewaretoken": token, "action": "no_answer"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "The same call is recorded on engineer-0." in said
    assert [_calls(ft, slug)[0]["status"] for slug in ("analyst-0", "engineer-0")] == ["done", "done"]


def test_the_reminder_is_one_line_naming_both_roles_and_comes_once(ft: Cli, tmp_path: Path) -> None:
    _job_search(ft, tmp_path, "2031-03-13")  # both first calls due today
    text = ft("remind", "--no-desktop").stdout
    assert "1 follow-up step due Fri 2031-03-14" in text
    assert "call Ann Lee (also about Data Engineer (engineer-0))" in text
    assert text.count("call Ann Lee") == 1
    assert "Nothing new" in ft("remind", "--no-desktop").stdout
