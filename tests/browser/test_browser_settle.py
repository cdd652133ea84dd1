"""Settling a call on Today redraws the whole agenda: a row another click settled goes too."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import Server, axe_violations

SLUG = "acme-corp-data-analyst"


def test_reaching_them_today_takes_the_overdue_call_off_too(page: Any, server: Server) -> None:
    server.cli("add", "Acme Corp", "Data Analyst")
    server.cli("contact", "add", SLUG, "--name", "Ann Lee", "--role", "hiring_officer", "--key", "ann")
    server.cli("interview", SLUG, "--on", "2026-11-03", "--with", "ann")
    server.cli("debrief", SLUG, "--on", "2026-11-03", "--timeframe", "two weeks")
    page.goto(f"{server.base}/?as_of=2026-11-25")  # Ann's calls: 11-18 (overdue) and 11-25 (due that day)
    calls = page.locator("li.step", has_text="Call Ann Lee")
    assert calls.count() == 2
    assert "3 steps due, 2 overdue" in page.locator("p.summary").inner_text()
    calls.filter(has_text="Due today").get_by_role("button", name="Reached them").click()
    status = page.get_by_role("status").filter(has_text="Recorded the call to Ann Lee: you reached them.")
    status.wait_for()
    page.wait_for_function("() => document.activeElement && document.activeElement.getAttribute('role') === 'status'")
    # The clicked call is settled; the overdue one moved a week on (the pest guard).
    assert page.locator("li.step", has_text="Call Ann Lee").count() == 0
    assert "1 step due, 1 overdue" in page.locator("p.summary").inner_text()
    assert not axe_violations(page)


def test_a_new_promised_date_shows_its_day_while_typing(page: Any, server: Server) -> None:
    server.cli("add", "Acme Corp", "Data Analyst")
    server.cli("interview", SLUG, "--on", "2026-11-03")
    page.goto(f"{server.base}/applications/{SLUG}/")
    page.locator("#p_on").fill("2026-11-18")
    page.get_by_label("They will decide by").fill("two weeks")
    page.locator("#promise-preview").get_by_text("Wed 02 Dec 2026").wait_for()  # shown before saving
    assert page.locator("#r_outcome").input_value() == ""  # no answer is chosen for the user
    assert not axe_violations(page)
    page.get_by_role("button", name="Record the new date").click()
    page.get_by_text("they will decide by Wed 02 Dec 2026").wait_for()
