"""In a browser, on a laptop and on a phone: adding an application or a person like one
already open warns with a link to it and an "anyway" button; the application page shows
the current promise with the earlier ones as history, and offers the interview a lone
debrief needs. axe-core finds nothing and no page is wider than the screen."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.browser.conftest import Server, axe_violations

SIZES = [(1280, 800), (390, 844)]


def _fits(page: Any) -> None:
    assert not axe_violations(page)
    wide = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert wide <= 0, f"{wide} px wider than the screen"


def _ids(server: Server) -> list[str]:
    return [a["id"] for a in json.loads(server.cli("list", "--json"))["applications"]]


@pytest.mark.parametrize(("width", "height"), SIZES, ids=["laptop", "phone"])
def test_an_application_or_person_already_open_is_added_only_on_purpose(
    page: Any, server: Server, width: int, height: int
) -> None:
    page.set_viewport_size({"width": width, "height": height})
    server.cli("add", "Acme Corp", "Data Analyst", "--id", "acme")
    server.cli("contact", "add", "acme", "--name", "Ann Lee", "--role", "hiring_officer", "--email", "ann@acme.example")

    page.goto(f"{server.base}/applications/")
    page.get_by_label("Company", exact=True).fill("acme corp")
    page.get_by_label("Role", exact=True).fill("Data Analyst")
    page.get_by_role("button", name="Add the application").click()
    warning = page.get_by_role("alert").filter(has_text="is already open")
    warning.wait_for()
    assert warning.get_by_role("link", name="Acme Corp · Data Analyst").get_attribute("href") == "/applications/acme/"
    assert _ids(server) == ["acme"]
    _fits(page)
    page.get_by_role("button", name="Add it anyway").click()
    page.get_by_role("heading", name="acme corp").wait_for()
    assert _ids(server) == ["acme", "acme-corp-data-analyst"]

    page.get_by_label("Name", exact=True).fill("Ann Lee")
    page.get_by_label("Their part").select_option("interviewer")
    page.get_by_label("E-mail").fill("ANN@acme.example")
    page.get_by_role("button", name="Add the person").click()
    warning = page.get_by_role("alert").filter(has_text="already belongs to Ann Lee")
    warning.wait_for()
    assert warning.get_by_role("link", name="Acme Corp · Data Analyst").count() == 1
    _fits(page)
    page.get_by_role("button", name="Add them anyway").click()
    page.get_by_text("Added Ann Lee.").wait_for()
    assert "ANN@acme.example" in server.cli("show", "acme-corp-data-analyst")


@pytest.mark.parametrize(("width", "height"), SIZES, ids=["laptop", "phone"])
def test_the_current_promise_and_a_lone_debrief_on_the_application_page(
    page: Any, server: Server, width: int, height: int
) -> None:
    page.set_viewport_size({"width": width, "height": height})
    server.cli("add", "Acme Corp", "Data Analyst", "--id", "acme")
    server.cli("contact", "add", "acme", "--name", "Ann Lee", "--role", "hiring_officer")
    page.goto(f"{server.base}/applications/acme/debrief")
    page.get_by_text("No interview is recorded yet").wait_for()
    assert page.get_by_role("link", name="Record the interview first").count() == 1
    _fits(page)
    server.cli("debrief", "acme", "--on", "2026-11-03", "--timeframe", "two weeks")

    page.goto(f"{server.base}/applications/acme/")
    page.get_by_role("heading", name="Nothing is planned from the debrief of Tue 03 Nov 2026").wait_for()
    _fits(page)
    page.get_by_role("button", name="Record the final interview on Tue 03 Nov 2026").click()
    page.get_by_text("Interview on Tue 03 Nov 2026 recorded").wait_for()
    assert page.get_by_text("Nothing is planned from the debrief").count() == 0

    said = ("--on", "2026-11-18", "--from", "ann", "--by", "end of next week")
    server.cli("respond", "acme", "--outcome", "not_decided", *said)
    page.reload()
    current = "A decision by Fri 27 Nov 2026 (“end of next week”), said by Ann Lee on Wed 18 Nov 2026."
    page.get_by_text(current).wait_for()
    page.get_by_text("Earlier promises (1)").click()
    page.get_by_text("A decision by Tue 17 Nov 2026 (“two weeks”), said by Ann Lee on Tue 03 Nov 2026.").wait_for()
    _fits(page)
