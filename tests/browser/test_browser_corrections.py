"""Correcting from the browser: Undo, snooze, edit, remove, delete with a confirmation,
reopen, days away and the folded cancelled steps. axe-core checks every new page and
state; the new controls are reached and used from the keyboard."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from followthrough import clock
from tests.browser.conftest import Server, axe_violations

SLUG = "acme-corp-data-analyst"

# Wednesday 25 November 2026: the day the snooze test looks at (three weeks after the
# interview of the 3rd), when a snooze to 14 December is still in the future.
THE_25TH = dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.UTC)


@pytest.fixture
def server_now(request: pytest.FixtureRequest, pin_clock: Any) -> dt.datetime:
    """The suite's instant, unless a test gives another (the server and its commands then
    run at that instant)."""
    at: dt.datetime = getattr(request, "param", None) or clock.now()
    pin_clock(at)
    return at


def _case(server: Server) -> None:
    server.cli("add", "Acme Corp", "Data Analyst")
    server.cli("contact", "add", SLUG, "--name", "Ann Lee", "--role", "hiring_officer", "--key", "ann")
    server.cli("contact", "add", SLUG, "--name", "Cy Diaz", "--role", "inside_contact", "--key", "cy")
    server.cli("interview", SLUG, "--on", "2026-11-03", "--with", "ann")
    server.cli("debrief", SLUG, "--on", "2026-11-03", "--timeframe", "two weeks")


def _events(server: Server) -> list[dict[str, Any]]:
    return list(json.loads(server.cli("events", SLUG, "--json"))["events"])


def _press(page: Any, control: Any) -> None:
    """Use a control as a keyboard user does: focus it, then Enter."""
    control.focus()
    assert control.evaluate("element => element === document.activeElement")
    page.keyboard.press("Enter")


@pytest.mark.parametrize("server_now", [THE_25TH], indirect=True)  # a snooze to a past day is refused
def test_skip_then_undo_from_the_keyboard_and_snooze_a_call(page: Any, server: Server) -> None:
    _case(server)
    page.goto(f"{server.base}/?as_of=2026-11-25")
    calls = page.locator("li.step", has_text="Call Ann Lee")
    assert calls.count() == 2
    calls.filter(has_text="Due today").get_by_role("button", name="Skip").click()
    page.get_by_role("status").filter(has_text="Skipped the call to Ann Lee").wait_for()
    assert page.locator("li.step", has_text="Call Ann Lee").count() == 1  # only the one clicked went
    undo = page.get_by_role("button", name="Undo")
    assert not axe_violations(page)
    _press(page, undo)
    page.get_by_text("Undone: the skip of").wait_for()
    assert [e["type"] for e in _events(server)] == ["interview", "debrief"]
    assert page.locator("li.step", has_text="Call Ann Lee").count() == 2
    assert page.get_by_role("button", name="Undo").count() == 0
    card = page.locator("li.step", has_text="Call Cy Diaz").first
    card.get_by_label("Remind me on").fill("2026-12-14")
    _press(page, card.get_by_role("button", name="Snooze"))
    page.get_by_text("Snoozed the call to Cy Diaz: due Mon 14 Dec 2026.").wait_for()
    assert not axe_violations(page)


def test_edit_remove_and_delete_on_the_application_pages(page: Any, server: Server) -> None:
    _case(server)
    page.goto(f"{server.base}/applications/{SLUG}/")
    assert not axe_violations(page)
    # Edit the application.
    page.get_by_role("link", name="Edit Acme Corp").click()
    page.get_by_label("Company").fill("Acme Inc")
    assert not axe_violations(page)
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Saved Acme Inc.").wait_for()
    # Edit a person: a bad e-mail is refused in a sentence, a good one saved.
    page.get_by_role("link", name="Edit or remove Cy Diaz").click()
    page.get_by_label("E-mail").fill("cy@acme.example")
    assert not axe_violations(page)
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="cy@acme.example").wait_for()
    # Edit event 2 (the debrief), then remove it.
    page.get_by_role("link", name="Edit event 2: Debrief, Tue 03 Nov 2026").click()
    page.get_by_label("When they will decide, as they said it").fill("three weeks")
    assert not axe_violations(page)
    page.get_by_role("button", name="Save").click()
    page.get_by_text("They will decide: “three weeks”").wait_for()
    _press(page, page.get_by_role("link", name="Remove event 2: Debrief, Tue 03 Nov 2026"))
    _press(page, page.get_by_role("button", name="Yes, remove it"))
    page.get_by_text("Removed the debrief of Tue 03 Nov 2026").wait_for()
    assert [e["type"] for e in _events(server)] == ["interview"]
    # Delete: a page asks first; "No" keeps it, "Yes" deletes.
    page.get_by_role("link", name="Delete Acme Inc").click()
    page.get_by_role("heading", name="Delete Acme Inc?").wait_for()
    assert not axe_violations(page)
    page.get_by_role("link", name="No, keep it").click()
    page.get_by_role("heading", name="Acme Inc").wait_for()
    page.get_by_role("link", name="Delete Acme Inc").click()
    _press(page, page.get_by_role("button", name="Yes, delete Acme Inc"))
    page.get_by_text("Deleted Acme Inc (Data Analyst)").wait_for()
    assert json.loads(server.cli("export"))["applications"] == []


def test_delete_asks_without_javascript_too(browser: Any, server: Server) -> None:
    _case(server)
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(server.url)
        tab.goto(f"{server.base}/applications/{SLUG}/")
        tab.get_by_role("link", name="Delete Acme Corp").click()
        tab.get_by_role("button", name="Yes, delete Acme Corp").click()
        tab.get_by_text("Deleted Acme Corp (Data Analyst)").wait_for()
    finally:
        context.close()


def test_reopen_fold_cancelled_and_days_away(page: Any, server: Server) -> None:
    _case(server)
    server.cli("respond", SLUG, "--outcome", "rejected", "--on", "2026-11-20")
    page.goto(f"{server.base}/applications/{SLUG}/")
    fold = page.locator("details.cancelled")
    assert not fold.evaluate("element => element.open")
    summary = fold.locator("summary")
    assert summary.inner_text().startswith("Show cancelled (")
    _press(page, summary)  # a details element opens from the keyboard, no script needed
    assert fold.evaluate("element => element.open")
    assert not axe_violations(page)
    page.get_by_label("Note").fill("They called back")
    page.get_by_role("button", name="Reopen Acme Corp").click()
    page.get_by_text("Reopened Acme Corp").wait_for()
    assert "They called back" in page.locator("ol.timeline").inner_text()
    page.goto(f"{server.base}/settings/")
    page.get_by_label("Away from").fill("2026-12-07")
    page.get_by_label("Until").fill("2026-12-11")
    page.get_by_role("button", name="Add the days away").click()
    page.get_by_role("status").filter(has_text="Away from Mon 07 Dec 2026 to Fri 11 Dec 2026").wait_for()
    assert not axe_violations(page)
    _press(page, page.locator("ul.away").get_by_role("link", name="Remove"))
    _press(page, page.get_by_role("button", name="Yes, remove them"))
    page.get_by_role("status").filter(has_text="No longer away from Mon 07 Dec 2026").wait_for()
    page.get_by_text("No days away.").wait_for()
    assert not axe_violations(page)
