"""What the application page offers beside the plan (issue 20), at 1280x800 and 390x844:
the on-site checklist printed alone before the interview, a call made beyond the plan,
and a draft downloaded as an .eml file. axe-core checks each; no page is wider than the
screen."""

from __future__ import annotations

import email
import email.policy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import Server, axe_violations

SIZES = [{"width": 1280, "height": 800}, {"width": 390, "height": 844}]
IDS = ["laptop", "phone"]
PAGE = "/applications/northwind-analyst/"  # the demo's interview is today: the checklist is due
COUNT_PRINTS = "window.print = () => { window.printed = (window.printed || 0) + 1; };"


def _fits(page: Any, size: dict[str, int]) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    assert not axe_violations(page)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_the_checklist_prints_alone_before_the_interview(page: Any, server: Server, size: dict[str, int]) -> None:
    server.cli("demo")
    page.set_viewport_size(size)
    page.add_init_script(COUNT_PRINTS)
    page.goto(server.base + PAGE)
    checklist = page.get_by_role("region", name="On-site checklist")
    assert "ON-SITE CHECKLIST: Northwind Traders, Data Analyst" in checklist.inner_text()
    # Printed from the browser, it sends the user to the Debrief, not to a command line.
    assert "record the answers: the application's Debrief" in checklist.inner_text()
    assert "--how" not in checklist.inner_text() and "followthrough debrief" not in checklist.inner_text()
    _fits(page, size)
    page.get_by_role("button", name="Print the checklist").click()
    assert page.evaluate("window.printed") == 1

    page.emulate_media(media="print")
    assert checklist.is_visible()
    assert checklist.get_by_text("Ask for their business card").is_visible()
    assert not page.get_by_role("navigation", name="Main").is_visible()
    assert not page.get_by_role("heading", name="Plan").is_visible()
    assert not page.get_by_role("heading", name="Northwind Traders").is_visible()
    assert not page.get_by_role("button", name="Print the checklist").is_visible()
    page.emulate_media(media="screen")
    assert page.get_by_role("navigation", name="Main").is_visible()

    page.goto(server.base + "/applications/globex-pm/")  # its interview is over: nothing to print
    assert page.get_by_role("button", name="Print the checklist").count() == 0


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_a_call_beyond_the_plan_is_recorded_from_the_page(page: Any, server: Server, size: dict[str, int]) -> None:
    server.cli("demo")
    page.set_viewport_size(size)
    page.goto(server.base + "/applications/globex-pm/")
    form = page.get_by_role("region", name="A call beyond the plan")
    _fits(page, size)
    form.get_by_label("Who you called").select_option(label="Gus Hale (interviewer)")
    form.get_by_label("I left a voicemail").check()
    form.get_by_label("Note").fill("He is back on Monday")
    form.get_by_role("button", name="Record the call").click()
    page.get_by_role("status").filter(has_text=re.compile(r"^Recorded your call to Gus Hale on .*voicemail")).wait_for()
    assert "kept beyond the plan, which stays as it was" in page.get_by_role("status").inner_text()
    assert page.get_by_role("listitem").filter(has_text="He is back on Monday").count() == 1  # on the timeline
    events = json.loads(server.cli("events", "globex-pm", "--json"))["events"]
    assert events[-1] | {"n": 0} == {
        "n": 0,
        "type": "step_done",
        "on": events[-1]["on"],
        "kind": "call_hiring_officer",
        "contact": "gus",
        "outcome": "voicemail",
        "note": "He is back on Monday",
    }
    _fits(page, size)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_a_draft_downloads_as_an_eml_file(page: Any, server: Server, size: dict[str, int], tmp_path: Path) -> None:
    server.cli("demo")
    steps = json.loads(server.cli("plan", "northwind-analyst", "--json"))["steps"]
    note = next(s["id"] for s in steps if s["kind"] == "thank_you_note" and s["contact"] == "ann")
    page.set_viewport_size(size)
    page.goto(f"{server.base}/steps/{note}/draft")
    _fits(page, size)
    with page.expect_download() as downloading:
        page.get_by_role("link", name=re.compile(r"^Download \(\.eml\)")).click()
    download = downloading.value
    assert download.suggested_filename == "northwind-analyst-thank-you-note-ann.eml"
    download.save_as(tmp_path / "note.eml")
    message = email.message_from_bytes((tmp_path / "note.eml").read_bytes(), policy=email.policy.default)
    assert message["To"].addresses[0].addr_spec == "ann.lee@northwind.example"
    assert message["From"].addresses[0].addr_spec == "jordan.rivera@example.org"
    assert "Ann" in message.get_content()
    # Its name says which draft, with no stray space before the colon (read aloud as such).
    named = page.get_by_role("link", name=f"Download (.eml): {message['Subject']}", exact=True)
    assert named.count() == 1
