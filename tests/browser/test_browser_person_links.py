"""In a browser, on a laptop and on a phone: on the application page a person is said to be
the same as one in another open application ("Same person as…", one card for their calls)
and then not ("Not the same person"). axe-core finds nothing and no page is wider than the
screen."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import Server, axe_violations

SIZES = [(1280, 800), (390, 844)]


def _fits(page: Any) -> None:
    assert not axe_violations(page)
    wide = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert wide <= 0, f"{wide} px wider than the screen"


@pytest.mark.parametrize(("width", "height"), SIZES, ids=["laptop", "phone"])
def test_a_person_is_linked_with_one_elsewhere_and_unlinked(page: Any, server: Server, width: int, height: int) -> None:
    page.set_viewport_size({"width": width, "height": height})
    server.cli("add", "Acme Corp", "Data Analyst", "--id", "analyst")
    server.cli(
        "contact", "add", "analyst", "--name", "Ann Lee", "--role", "hiring_officer", "--email", "ann@acme.example"
    )
    server.cli("add", "Acme Corp", "Data Engineer", "--id", "engineer")
    server.cli(
        "contact", "add", "engineer", "--name", "Ann Lee", "--role", "hiring_officer", "--email", "a@home.example"
    )

    page.goto(f"{server.base}/applications/engineer/")
    page.get_by_text("Same person as… (Ann Lee)").click()
    page.get_by_label("Ann Lee is the same person as").select_option(label="Ann Lee (Acme Corp · Data Analyst)")
    _fits(page)
    page.get_by_role("button", name="Link them (Ann Lee)").click()
    page.get_by_text("Ann Lee and Ann Lee of analyst are one person to call now").wait_for()
    page.get_by_text("One person to call with Ann Lee (Acme Corp · Data Analyst)").wait_for()
    _fits(page)
    page.get_by_role("button", name="Not the same person (Ann Lee)").click()
    page.get_by_text("Ann Lee is a person of their own now").wait_for()
    assert page.get_by_text("One person to call with").count() == 0
    _fits(page)
