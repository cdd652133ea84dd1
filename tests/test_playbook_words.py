"""Drafts, the on-site checklist and each step's place follow the application's own
playbook (issue 20, defect 6): an e-mail playbook has the user say they will follow up by
e-mail, its move-on draft speaks of follow-up e-mails, and after a switch the steps count
against the new playbook's follow-ups, in the terminal, the drafts and the web pages."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.test_web import WebClient, web_session


@pytest.fixture(autouse=True)
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "config"


@pytest.fixture
def web(db: str) -> Iterator[WebClient]:
    yield from web_session()


def _search(ft: Cli, *playbook: str) -> None:
    ft("profile", "set", "--name", "Jo Doe", "--phone", "555-0100", "--timezone", "UTC")
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme", *playbook)
    ft.contact("acme", "Ann Lee", "hiring_officer", key="ann", email="ann@acme.example")
    ft("interview", "acme", "--on", "2026-11-03", "--with", "ann")


def _step(ft: Cli, kind: str, n: int = 0) -> str:
    steps = json.loads(ft("plan", "acme", "--json").stdout)["steps"]
    return str([s for s in steps if s["kind"] == kind and s["status"] == "pending"][n]["id"])


def test_after_a_call_and_a_switch_to_two_follow_up_emails_they_read_first_and_second_of_two(
    ft: Cli, web: WebClient
) -> None:
    _search(ft)
    ft("done", _step(ft, "call_hiring_officer"), "--on", "2026-11-10", "--outcome", "voicemail")
    ft("playbook", "set", "acme", "email-first")
    shown = ft("show", "acme").stdout
    assert "(first of two follow-up e-mails)" in shown and "(second of two follow-up e-mails)" in shown
    assert "of three" not in shown
    page = web.get("/applications/acme/").content.decode()
    assert "(first of two follow-up e-mails)" in page and "of three" not in page
    # The first e-mail reads as the first one, the call made before does not count.
    first = ft("draft", _step(ft, "email_follow_up")).stdout
    assert "Subject: Checking in: Data Analyst at Acme Corp\n" in first


def test_the_move_on_draft_speaks_of_what_the_playbook_had_the_user_do(ft: Cli, web: WebClient) -> None:
    _search(ft, "--playbook", "email-first")
    draft = ft("draft", _step(ft, "move_on")).stdout
    assert "after the follow-up e-mails and the last-resort e-mail." in draft
    assert "calls" not in draft
    page = web.get(f"/steps/{_step(ft, 'move_on')}/draft").content.decode()
    assert "after the follow-up e-mails and the last-resort e-mail." in page and "the calls" not in page
    ft("playbook", "set", "acme", "column")
    assert "after the calls and the last e-mail." in ft("draft", _step(ft, "move_on")).stdout


def test_the_checklist_promises_the_follow_up_the_playbook_makes(ft: Cli, web: WebClient) -> None:
    _search(ft, "--playbook", "email-first")
    checklist = ft("checklist", "acme").stdout
    assert "5. Tell them you will follow up by e-mail, and check that this is fine." in checklist
    assert "phone call" not in checklist and "--call-permission" not in checklist
    page = web.get("/applications/acme/debrief").content.decode()
    assert "5. May you follow up by e-mail?" in page and "They asked me not to follow up" in page
    assert "phone call" not in page and "calling is fine" not in page
    ft("playbook", "set", "acme", "column")
    assert "5. Tell them you will follow up with a phone call" in ft("checklist", "acme").stdout
    page = web.get("/applications/acme/debrief").content.decode()
    assert "5. May you follow up with a phone call?" in page and "Yes, calling is fine" in page


def test_a_voicemail_without_a_promised_date_or_a_phone_reads_as_a_sentence(ft: Cli) -> None:
    _search(ft)
    ft("profile", "set", "--phone", "")
    script = ft("draft", _step(ft, "call_hiring_officer")).stdout
    voicemail = script.split("VOICEMAIL")[1]
    assert " I would be glad to hear where things stand." in voicemail and "I I" not in voicemail
    assert "reach me at ." not in voicemail
