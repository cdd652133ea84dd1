"""Removing asks first and Undo takes it back; the Journal page restores what corrections
took out. By accessible names, at a laptop's size and a phone's: axe-core finds nothing
and no page is wider than the screen. The confirmation works without JavaScript too."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.browser.conftest import Server, axe_violations

SLUG = "acme-corp-data-analyst"
SIZES = [pytest.param((1280, 800), id="laptop"), pytest.param((390, 844), id="phone")]


def _case(server: Server) -> None:
    server.cli("add", "Acme Corp", "Data Analyst")
    server.cli("contact", "add", SLUG, "--name", "Ann Lee", "--role", "hiring_officer", "--key", "ann")
    server.cli("contact", "add", SLUG, "--name", "Cy Diaz", "--role", "inside_contact", "--key", "cy")
    server.cli("interview", SLUG, "--on", "2026-11-03", "--with", "ann", "--notes", "A long note " * 20)
    server.cli("debrief", SLUG, "--on", "2026-11-03", "--timeframe", "two weeks")


def _events(server: Server) -> list[dict[str, Any]]:
    return list(json.loads(server.cli("events", SLUG, "--json"))["events"])


def _fits(page: Any) -> None:
    """axe-core finds nothing, and nothing makes the page wider than the window."""
    assert not axe_violations(page)
    wide = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert wide <= 0, f"{page.url} is {wide}px wider than the window"


def _press(page: Any, control: Any) -> None:
    """Use a control as a keyboard user does: focus it, then Enter."""
    control.focus()
    page.keyboard.press("Enter")


@pytest.mark.parametrize("size", SIZES)
def test_remove_an_event_asks_first_then_undo_puts_it_back(page: Any, server: Server, size: tuple[int, int]) -> None:
    _case(server)
    before = _events(server)
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(f"{server.base}/applications/{SLUG}/")
    page.get_by_role("link", name="Remove event 2: Debrief, Tue 03 Nov 2026").click()
    page.get_by_role("heading", name="Remove the debrief of Tue 03 Nov 2026?").wait_for()
    _fits(page)
    page.get_by_role("link", name="No, keep it").click()
    page.get_by_role("heading", name="Acme Corp").wait_for()
    assert _events(server) == before  # asking and saying no removed nothing
    page.get_by_role("link", name="Remove event 2: Debrief, Tue 03 Nov 2026").click()
    _press(page, page.get_by_role("button", name="Yes, remove it"))
    page.get_by_role("status").filter(has_text="Removed the debrief of Tue 03 Nov 2026").wait_for()
    assert [e["type"] for e in _events(server)] == ["interview"]
    _fits(page)
    _press(page, page.get_by_role("button", name="Undo removing the debrief of Tue 03 Nov 2026"))
    page.get_by_role("status").filter(has_text="Undone: the debrief of Tue 03 Nov 2026 is back.").wait_for()
    assert _events(server) == before
    assert page.get_by_role("button", name=re.compile("^Undo")).count() == 0
    _fits(page)


@pytest.mark.parametrize("size", SIZES)
def test_the_journal_lists_what_was_taken_out_and_restores_it(page: Any, server: Server, size: tuple[int, int]) -> None:
    _case(server)
    server.cli("event", "edit", SLUG, "1", "--notes", "Another long note " * 20)
    server.cli("event", "remove", SLUG, "2")
    server.cli("contact", "remove", SLUG, "cy")
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(f"{server.base}/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Journal").click()
    page.get_by_role("heading", name="Journal", exact=True).wait_for()
    assert page.get_by_role("button", name=re.compile("^Restore")).count() == 3
    _fits(page)
    page.get_by_role("button", name=re.compile("^Restore the debrief of Tue 03 Nov 2026 \\(removed ")).click()
    page.get_by_role("status").filter(has_text="Restored: the debrief of Tue 03 Nov 2026 is back.").wait_for()
    assert [e["type"] for e in _events(server)] == ["interview", "debrief"]
    assert page.get_by_role("button", name=re.compile("^Restore")).count() == 2
    _press(page, page.get_by_role("button", name=re.compile("^Restore Cy Diaz \\(removed ")))
    page.get_by_role("status").filter(has_text="Restored: Cy Diaz is back.").wait_for()
    assert "cy" in {c["key"] for c in json.loads(server.cli("export"))["applications"][0]["contacts"]}
    _fits(page)


def test_removing_a_person_asks_and_undoes_without_javascript(browser: Any, server: Server) -> None:
    _case(server)
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(server.url)
        tab.goto(f"{server.base}/applications/{SLUG}/contacts/cy/edit")
        tab.get_by_role("link", name="Remove Cy Diaz").click()
        tab.get_by_role("heading", name="Remove Cy Diaz?").wait_for()
        tab.get_by_role("button", name="Yes, remove Cy Diaz").click()
        tab.get_by_text("Removed Cy Diaz.").wait_for()
        contacts = json.loads(server.cli("export"))["applications"][0]["contacts"]
        assert [c["key"] for c in contacts] == ["ann"]
        tab.get_by_role("button", name="Undo removing Cy Diaz").click()
        tab.get_by_text("Undone: Cy Diaz is back.").wait_for()
        contacts = json.loads(server.cli("export"))["applications"][0]["contacts"]
        assert [c["key"] for c in contacts] == ["ann", "cy"]
    finally:
        context.close()
