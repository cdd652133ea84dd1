"""Snooze from Today, reopen a closed application, days away in Settings, and cancelled
steps folded away on the plan: through the web app, on both databases."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator

import pytest

from tests.conftest import Cli
from tests.test_web import WebClient, web_session
from tests.test_web_corrections import PAGE, SLUG, _case_a, _dump, _plan, _today


@pytest.fixture
def web(db: str) -> Iterator[WebClient]:
    yield from web_session()


def test_a_step_snoozed_from_today_stays_pending_and_is_due_no_earlier(
    web: WebClient, ft: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    _case_a()
    _today(monkeypatch, dt.date(2026, 11, 25))
    today = web.get("/").content.decode()
    cards = re.findall(r'action="/steps/([0-9a-f]+)/snooze"', today)
    assert cards and 'type="date" name="until"' in today  # one snooze form per card
    call = next(i for i in cards if _plan(ft)[i]["kind"] == "call_hiring_officer")
    page = web.follow(web.post(f"/steps/{call}/snooze", {"until": "2026-12-14", "next": "/"}))
    assert "Snoozed the call to Ann Lee: due Mon 14 Dec 2026." in page
    step = _plan(ft)[call]
    assert step["status"] == "pending" and step["due"] >= "2026-12-14"
    assert f'id="step-{call}"' not in page  # off today's list


def test_a_snooze_to_a_past_day_or_no_day_is_refused_and_changes_nothing(
    web: WebClient, ft: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    _case_a()
    _today(monkeypatch, dt.date(2026, 11, 25))
    call = next(i for i, s in _plan(ft).items() if s["kind"] == "call_hiring_officer")
    before = _dump(ft)
    page = web.follow(web.post(f"/steps/{call}/snooze", {"until": "2026-11-20", "next": "/"}))
    assert "that is before today" in page and "--" not in page.split('role="alert"')[1][:200]
    page = web.follow(web.post(f"/steps/{call}/snooze", {"until": "", "next": "/"}))
    assert "Snooze: Remind me on: choose the day to be reminded." in page
    field = page.split(f'<input id="until-{call}"')[1].split(">")[0]  # the error beside its field, which has the focus
    assert 'aria-invalid="true" aria-describedby="until-' in field and " autofocus" in field
    assert f'<p class="field-error" id="until-{call}-error">Choose the day to be reminded.</p>' in page
    assert page.count("aria-invalid") == 1
    assert _dump(ft) == before


def test_a_closed_application_is_reopened_from_its_page(web: WebClient, ft: Cli) -> None:
    _case_a()
    ft("respond", SLUG, "--outcome", "rejected", "--on", "2026-11-20")
    html = web.get(PAGE).content.decode()
    assert f'action="{PAGE}reopen"' in html
    page = web.follow(web.post(f"{PAGE}reopen", {"on": "2026-12-01", "note": "They called back"}, PAGE))
    assert "Reopened Acme Corp: a new wait starts Tue 01 Dec 2026" in page
    plan = json.loads(ft("plan", SLUG, "--json").stdout)
    assert plan["status"] != "closed"
    assert any(s["status"] == "pending" and s["due"] == "2026-12-08" for s in plan["steps"])
    assert f'action="{PAGE}reopen"' not in page
    before = _dump(ft)
    again = web.follow(web.post(f"{PAGE}reopen", {"on": "2026-12-02"}, PAGE))
    assert "is open: nothing to reopen" in again
    assert _dump(ft) == before


def test_cancelled_steps_are_behind_a_show_cancelled_control(web: WebClient, ft: Cli) -> None:
    _case_a()
    ft("respond", SLUG, "--outcome", "rejected", "--on", "2026-11-20")
    cancelled = [s for s in _plan(ft).values() if s["status"] == "cancelled"]
    html = web.get(PAGE).content.decode()
    folded = re.search(
        r'<details class="cancelled">\s*<summary>Show cancelled \((\d+)\)</summary>(.*?)</details>', html, re.S
    )
    assert folded and int(folded.group(1)) == len(cancelled) > 0
    assert html.count("status-cancelled") == len(cancelled)  # every one inside the fold, none outside
    assert "status-cancelled" not in html.replace(folded.group(0), "")


def test_away_periods_are_listed_added_and_removed_in_settings(web: WebClient, ft: Cli) -> None:
    _case_a()
    page = web.follow(web.post("/settings/away", {"first": "2026-12-07", "last": "2026-12-11"}, "/settings/"))
    assert "Away from Mon 07 Dec 2026 to Fri 11 Dec 2026" in page
    assert "Mon 07 Dec 2026 to Fri 11 Dec 2026" in web.get("/settings/").content.decode()
    assert json.loads(ft("export").stdout)["profile"]["away"] == [{"from": "2026-12-07", "until": "2026-12-11"}]
    assert all(not "2026-12-07" <= s["due"] <= "2026-12-11" for s in _plan(ft).values() if s["status"] == "pending")
    before = _dump(ft)
    page = web.follow(web.post("/settings/away", {"first": "2026-12-20", "last": "2026-12-10"}, "/settings/"))
    assert "the period ends before it starts" in page
    page = web.follow(web.post("/settings/away/1/remove", {"period": "2026-01-01/2026-01-02"}, "/settings/"))
    assert "not on the list any more" in page
    assert _dump(ft) == before
    page = web.follow(web.post("/settings/away/1/remove", {"period": "2026-12-07/2026-12-11"}, "/settings/"))
    assert "No longer away from Mon 07 Dec 2026 to Fri 11 Dec 2026." in page and "No days away." in page
