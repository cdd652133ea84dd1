"""Form errors and notices in a browser (issue 20, #8 and #9): every error beside its
field, read as the field's description, the first invalid field focused (on a page
answered directly and on one after a redirect); one notice at a time, the latest
replacing the earlier. At 1280×800 and 390×844, axe-core finds nothing and nothing is
wider than the window."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Server, axe_violations

SLUG = "acme-corp-data-analyst"
SIZES = [pytest.param((1280, 800), id="laptop"), pytest.param((390, 844), id="phone")]


def _fits(page: Any, width: int) -> None:
    assert not axe_violations(page)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width


def _without_browser_checks(page: Any, button: str) -> None:
    """The form the button submits, as a browser that checks nothing sends it: the server's
    own errors are what is tested."""
    page.locator("form", has=page.get_by_role("button", name=button, exact=True)).evaluate("f => f.noValidate = true")


def _focused_id(page: Any) -> str:
    return str(page.evaluate("() => document.activeElement && document.activeElement.id"))


@pytest.mark.parametrize("size", SIZES)
def test_every_error_is_beside_its_field_and_the_first_has_the_focus(
    page: Any, server: Server, size: tuple[int, int]
) -> None:
    page.set_viewport_size({"width": size[0], "height": size[1]})
    server.cli("add", "Acme Corp", "Data Analyst")
    page.goto(f"{server.base}/applications/{SLUG}/")
    _without_browser_checks(page, "Add the person")
    name = page.get_by_role("textbox", name="Name", exact=True)
    email = page.get_by_role("textbox", name="E-mail (optional)")
    name.fill("   ")
    email.fill("nope")
    page.get_by_role("button", name="Add the person").click()
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'c_name'")
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(name).to_have_accessible_description("This field is required.")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_accessible_description("Enter a valid email address.")
    expect(email).to_have_value("nope")
    expect(page.get_by_role("combobox", name="Their part")).to_have_accessible_description(re.compile("Say what part"))
    expect(page.get_by_role("textbox", name="Title (optional)")).not_to_have_attribute("aria-invalid", "true")
    assert "email:" not in page.locator("main").inner_text()
    _fits(page, size[0])
    name.fill("Ann Lee")
    page.get_by_role("combobox", name="Their part").select_option("hiring_officer")
    email.fill("ann@example.com")
    page.get_by_role("button", name="Add the person").click()
    page.get_by_role("status").filter(has_text="Added Ann Lee.").wait_for()
    assert page.locator("[aria-invalid]").count() == 0


@pytest.mark.parametrize("size", SIZES)
def test_a_refusal_after_a_redirect_is_beside_its_field_which_has_the_focus(
    page: Any, server: Server, server_now: dt.datetime, size: tuple[int, int]
) -> None:
    page.set_viewport_size({"width": size[0], "height": size[1]})
    server.cli("add", "Acme Corp", "Data Analyst")
    server.cli("contact", "add", SLUG, "--name", "Ann Lee", "--role", "hiring_officer", "--key", "ann")
    server.cli("interview", SLUG, "--on", "today", "--with", "ann")
    page.goto(f"{server.base}/")
    step = page.locator("li.step", has_text="Send a thank-you note to Ann Lee")
    _without_browser_checks(page, "Snooze: Send a thank-you note to Ann Lee")
    when = step.get_by_label("Remind me on")
    when.fill((server_now.date() - dt.timedelta(days=3)).isoformat())
    step.get_by_role("button", name="Snooze: Send a thank-you note to Ann Lee").click()
    page.wait_for_function("() => document.activeElement && document.activeElement.type === 'date'")
    when = page.locator("li.step", has_text="Send a thank-you note to Ann Lee").get_by_label("Remind me on")
    expect(when).to_have_attribute("aria-invalid", "true")
    expect(when).to_be_focused()
    expect(when).to_have_accessible_description(re.compile("that is before today"))
    _fits(page, size[0])


@pytest.mark.parametrize("size", SIZES)
def test_a_refusal_sent_back_to_a_section_of_the_page_focuses_its_field_not_the_heading(
    page: Any, server: Server, server_now: dt.datetime, size: tuple[int, int]
) -> None:
    """Settings answers the days-away form at /settings/#away: the address's fragment must not
    keep the refused field from the focus (a browser skips autofocus when it has one)."""
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(f"{server.base}/settings/")
    _without_browser_checks(page, "Add the days away")
    page.get_by_label("Away from").fill((server_now.date() + dt.timedelta(days=10)).isoformat())
    page.get_by_label("Until (the last day away)").fill((server_now.date() + dt.timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Add the days away").click()
    page.wait_for_url(re.compile(r"/settings/#away$"))
    until = page.get_by_label("Until (the last day away)")
    expect(until).to_have_attribute("aria-invalid", "true")
    expect(until).to_have_accessible_description(re.compile("ends before it starts"))
    expect(until).to_be_focused()
    _fits(page, size[0])


@pytest.mark.parametrize("size", SIZES)
def test_one_notice_at_a_time(page: Any, server: Server, server_now: dt.datetime, size: tuple[int, int]) -> None:
    page.set_viewport_size({"width": size[0], "height": size[1]})
    server.cli("add", "Acme Corp", "Data Analyst")
    for name, key in (("Ann Lee", "ann"), ("Bo Park", "bo")):
        server.cli("contact", "add", SLUG, "--name", name, "--role", "interviewer", "--key", key)
    server.cli("interview", SLUG, "--on", "today", "--with", "ann", "--with", "bo")
    page.goto(f"{server.base}/")
    later = (server_now.date() + dt.timedelta(days=7)).isoformat()
    ann = page.locator("li.step", has_text="Send a thank-you note to Ann Lee")
    ann.get_by_label("Remind me on").fill(later)
    ann.get_by_role("button", name="Snooze: Send a thank-you note to Ann Lee").click()
    snoozed = page.locator("#notices").get_by_role("status")
    expect(snoozed).to_contain_text("Snoozed the thank-you note to Ann Lee")
    page.get_by_role("button", name="Done: Send a thank-you note to Bo Park").click()
    page.get_by_role("status").filter(has_text="Bo Park").first.wait_for()
    expect(page.locator("#notices")).to_be_empty()  # the earlier notice gave way to the latest
    assert page.get_by_text("Snoozed the thank-you note").count() == 0
    _fits(page, size[0])

    server.cli("add", "Globex", "Engineer", "--id", "globex", "--stage", "saved")
    page.goto(f"{server.base}/applications/")
    card = page.locator("#card-globex")
    card.get_by_label("Move Globex, Engineer to").select_option("screening")
    card.get_by_role("button", name="Move Globex, Engineer").click()
    expect(page.locator("#notices")).to_contain_text("Moved Globex to Screening.")
    if size[0] >= 1000:  # a drop needs the columns side by side
        page.locator("#card-globex").drag_to(page.locator('section.column[data-stage="waiting"]'))
        refusal = page.locator("#move-status")
        expect(refusal).to_contain_text("“Waiting for an answer” comes from what was recorded")
        expect(page.locator("#notices")).to_be_empty()
    _fits(page, size[0])
