"""The layout on a phone and on a laptop (issue 20, #10): the board's filters fold behind a
"Filter" disclosure on a phone and stay open on a laptop; on a laptop the application's
plan has the page's width and each due date stays on one line. axe-core checks each."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import Server, axe_violations

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}

LINES = """(cell) => { const range = document.createRange(); range.selectNodeContents(cell);
  return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size; }"""


def test_on_a_phone_the_filters_wait_behind_a_disclosure_on_a_laptop_they_are_open(page: Any, server: Server) -> None:
    server.cli("demo")
    page.set_viewport_size(PHONE)
    page.goto(f"{server.base}/applications/")
    search = page.get_by_role("search", name="Search and filter the applications")
    assert search.get_by_label("Search").is_visible()
    company = search.get_by_label("Company name has")
    assert not company.is_visible() and not search.get_by_label("Stage", exact=True).is_visible()
    # The search, the disclosure and the button fit in the first third of the screen.
    assert search.bounding_box()["height"] < PHONE["height"] / 3
    assert not axe_violations(page)
    search.get_by_text("Filter", exact=True).click()
    company.fill("North")
    search.get_by_role("button", name="Show").click()
    page.wait_for_url("**company=North**")
    assert page.locator(".card", has_text="Northwind Traders").count() == 1
    assert page.locator(".card", has_text="Initech").count() == 0
    assert company.is_visible(), "a filter in use is shown"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert not axe_violations(page)
    # On a laptop they are open from the start.
    page.set_viewport_size(LAPTOP)
    page.goto(f"{server.base}/applications/")
    assert search.get_by_label("Company name has").is_visible()
    assert search.get_by_label("Stage", exact=True).is_visible()
    assert not axe_violations(page)


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_the_plan_has_the_room_and_dates_stay_on_one_line(page: Any, server: Server, viewport: Any) -> None:
    server.cli("demo")
    page.set_viewport_size(viewport)
    page.goto(f"{server.base}/applications/northwind-analyst/")
    plan = page.get_by_role("table").filter(has_text="Due")
    dates = plan.locator("tbody td:first-child")
    assert dates.count() >= 5
    for cell in dates.all():
        assert cell.evaluate(LINES) == 1, cell.inner_text()
    if viewport is LAPTOP:
        main = page.locator("main").bounding_box()
        assert plan.bounding_box()["width"] > 0.9 * (main["width"] - 32)  # all but the padding
        # A call's buttons sit on one line beside each other.
        call = plan.locator("tr", has_text="first of three calls")
        tops = {round(b.bounding_box()["y"]) for b in call.get_by_role("button").all()}
        assert len(tops) == 1, tops
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert not axe_violations(page)


LONG = "Averyveryverylongcompanynamewithoutanyspacesatallincorporated"


def test_a_long_unbroken_company_name_does_not_widen_a_page_on_a_phone(page: Any, server: Server) -> None:
    """Its buttons ("Delete …", on the edit page and the one that asks first) wrap it."""
    server.cli("add", LONG, "Data Analyst", "--id", "long")
    page.set_viewport_size(PHONE)
    for path in ("/applications/long/edit", "/applications/long/delete", "/applications/long/"):
        page.goto(f"{server.base}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
    page.goto(f"{server.base}/applications/long/edit")
    assert page.get_by_role("link", name=f"Delete {LONG}…").is_visible()
    assert not axe_violations(page)
