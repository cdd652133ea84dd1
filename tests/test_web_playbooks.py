"""Playbooks in the web app: chosen when an application is added and on its page, named
there with each step's place in it, and compared on the statistics page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from followthrough.core.model import Interview, Response, ResponseOutcome
from tests.conftest import Cli
from tests.hostile_support import snapshot
from tests.test_web import WebClient, web_session

APP = "/applications/acme-corp-data-analyst/"
SLUG = "acme-corp-data-analyst"


@pytest.fixture(autouse=True)
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "config"


@pytest.fixture
def web(db: str) -> Iterator[WebClient]:
    yield from web_session()


def _kinds() -> list[str]:
    from followthrough.services.jobsearch.applications import get_plan

    return sorted(s.kind.value for s in get_plan(SLUG).steps)


def _add(web: WebClient, playbook: str) -> str:
    data = {"company": "Acme Corp", "role": "Data Analyst", "playbook": playbook}
    page = web.follow(web.post("/applications/", data, "/applications/"))
    web.follow(web.post(f"{APP}contacts", {"name": "Ann Lee", "role": "hiring_officer"}, APP))
    return page


def test_the_new_application_form_offers_every_playbook_and_uses_the_one_chosen(web: WebClient, config: Path) -> None:
    folder = config / "followthrough" / "playbooks"
    folder.mkdir(parents=True)
    (folder / "patient.toml").write_text("follow_ups = 1\n")
    form = web.get("/applications/").content.decode().split('id="id_playbook"')[1].split("</select>")[0]
    assert '<option value="">My default (column)</option>' in form
    assert all(f'value="{name}"' in form for name in ("column", "email-first", "patient"))
    page = _add(web, "email-first")
    assert "Playbook: <strong>email-first</strong>" in page
    web.follow(web.post(f"{APP}interviews", {"on": "2026-11-03", "interviewers": ["ann"]}, APP))
    assert _kinds().count("email_follow_up") == 2
    page = web.get(APP).content.decode()
    assert "(first of two follow-up e-mails)" in page and "(second of two follow-up e-mails)" in page
    assert "Send a follow-up e-mail to Ann Lee" in page


def test_the_application_page_changes_the_playbook_and_refuses_an_unknown_one(web: WebClient, ft: Cli) -> None:
    _add(web, "")
    web.follow(web.post(f"{APP}interviews", {"on": "2026-11-03", "interviewers": ["ann"]}, APP))
    page = web.get(APP).content.decode()
    assert 'Playbook: <strong>column</strong> <span class="sub">(your default)</span>' in page
    assert "(first of three calls)" in page
    page = web.follow(web.post(f"{APP}playbook", {"playbook": "email-first"}, APP))
    assert "Now on the email-first playbook" in page and "Playbook: <strong>email-first</strong>" in page
    assert "call_hiring_officer" not in _kinds()
    before = snapshot(ft.location)
    response = web.post(f"{APP}playbook", {"playbook": "gentle"}, APP)
    assert response.status_code == 400 and "gentle" in response.content.decode()
    assert snapshot(ft.location) == before


def test_statistics_compare_response_rates_by_playbook_when_more_than_one_is_in_use(web: WebClient) -> None:
    from followthrough.services.jobsearch.applications import add_application, record_event

    add_application("Acme", "Analyst", "a")
    record_event("a", Interview(dt.date(2026, 11, 3)))
    page = web.get("/statistics/").content.decode()
    assert "Response rate by playbook" not in page  # one playbook: nothing to compare
    add_application("Beta", "Analyst", "b", playbook="email-first")
    add_application("Gamma", "Analyst", "c", playbook="email-first")
    for slug in ("b", "c"):
        record_event(slug, Interview(dt.date(2026, 11, 3)))
    record_event("b", Response(dt.date(2026, 11, 12), ResponseOutcome.REJECTED))
    page = web.get("/statistics/").content.decode()
    table = page.split("Response rate by playbook")[1].split("</table>")[0]
    assert "<td>email-first</td><td>2</td><td>2</td><td>1</td><td>50%</td>" in table
    assert "<td>column</td><td>1</td><td>1</td><td>0</td><td>0%</td>" in table


def test_a_bad_playbook_file_leaves_the_good_ones_offered_and_the_page_names_its_line_and_key(
    web: WebClient, config: Path
) -> None:
    folder = config / "followthrough" / "playbooks"
    folder.mkdir(parents=True)
    (folder / "patient.toml").write_text("follow_ups = 1\n")
    (folder / "bad.toml").write_text("follow_ups = 2\ncalls = 3\n")
    page = web.get("/applications/").content.decode()
    form = page.split('id="id_playbook"')[1].split("</select>")[0]
    assert 'value="patient"' in form and 'value="bad"' not in form
    assert 'aria-describedby="id_playbook_faults"' in page
    assert "bad.toml, line 2, key “calls”: unknown key" in page
    _add(web, "patient")
    page = web.get(APP).content.decode()
    chooser = page.split('id="p_playbook"')[1].split("</select>")[0]
    assert 'value="patient"' in chooser and 'value="bad"' not in chooser
    assert "bad.toml, line 2, key “calls”: unknown key" in page
