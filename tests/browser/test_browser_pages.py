"""Every page of the demo job search: no accessibility violation, and every control reachable
and usable with the keyboard alone."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Server, axe_violations, copy_of, open_page, serving

PAGES = [
    "/",
    "/applications/",
    "/applications/?stage=waiting",
    "/applications/?archive=1",
    "/applications/?q=analyst&tag=remote&promise=passed",
    "/upcoming/",
    "/applications/northwind-analyst/",
    "/applications/hooli-designer/",
    "/applications/northwind-analyst/debrief",
    "/statistics/",
    "/settings/",
    "/settings/templates/thank_you_note/",
    "/files/",
]

MARK = """() => {
  const all = [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')]
    .filter(e => e.checkVisibility());
  all.forEach((e, i) => e.setAttribute('data-kbd', String(i)));
  return all.map(e => ({i: String(e.getAttribute('data-kbd')), radio: e.type === 'radio' ? e.name : null,
                        text: (e.innerText || e.name || e.id || '').slice(0, 40)}));
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, new_search: Path) -> Iterator[Server]:
    """The demo job search, served once for the module: its tests read its pages and tab
    through them, and change nothing (the one that does has a search of its own)."""
    with serving(copy_of(new_search, tmp_path_factory.mktemp("demo"))) as served:
        served.cli("demo")
        yield served


@pytest.fixture
def demo(page: Any, server: Server) -> Any:
    page.goto(server.base + "/")
    return page


@pytest.fixture
def own_demo(
    request: pytest.FixtureRequest, browser: Any, tmp_path: Path, new_search: Path
) -> Iterator[tuple[Any, Server]]:
    """A demo job search of the test's own, to change, and a tab on it."""
    with serving(copy_of(new_search, tmp_path)) as served:
        served.cli("demo")
        for tab in open_page(request, browser, served):
            tab.goto(served.base + "/")
            yield tab, served


@pytest.mark.parametrize("path", PAGES)
def test_no_accessibility_violation(demo: Any, server: Server, path: str) -> None:
    demo.goto(server.base + path)
    for summary in demo.locator("details > summary").all()[:3]:
        summary.click()  # open drafts are checked too
    found = axe_violations(demo)
    assert not found, json.dumps(found, indent=1)


def test_no_accessibility_violation_on_a_draft_or_a_form_with_errors(demo: Any, server: Server) -> None:
    step = demo.locator("li.step").first.get_attribute("id").removeprefix("step-")
    demo.goto(f"{server.base}/steps/{step}/draft")
    demo.get_by_role("button", name="Copy the text").wait_for()
    assert not axe_violations(demo)
    demo.goto(f"{server.base}/settings/")
    demo.get_by_label("Time zone").fill("Mars/Olympus")
    demo.get_by_role("button", name="Save").click()
    expect(demo.get_by_label("Time zone")).to_have_attribute("aria-invalid", "true")  # the error beside it
    assert not axe_violations(demo)
    demo.goto(f"{server.base}/?as_of=2026-12-31")
    demo.get_by_label("See another day").fill("2026-11-20")
    demo.get_by_role("button", name="Show", exact=True).click()
    demo.get_by_text("Fri 20 Nov 2026").wait_for()
    assert not axe_violations(demo)


@pytest.mark.parametrize("path", PAGES)
def test_every_control_is_reached_with_the_tab_key(demo: Any, server: Server, path: str) -> None:
    demo.goto(server.base + path)
    controls = demo.evaluate(MARK)
    reached: set[str] = set()
    for _ in range(3 * len(controls) + 10):  # a date field takes a Tab per part
        demo.keyboard.press("Tab")
        mark = demo.evaluate("() => document.activeElement && document.activeElement.getAttribute('data-kbd')")
        if mark is not None:
            reached.add(mark)
    radio_groups_reached = {c["radio"] for c in controls if c["i"] in reached and c["radio"]}
    missed = [c for c in controls if c["i"] not in reached and not (c["radio"] and c["radio"] in radio_groups_reached)]
    assert not missed, missed


def _tab_to(page: Any, selector: str, limit: int = 200) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_the_keyboard_alone_adds_an_application_and_settles_a_step(own_demo: tuple[Any, Server]) -> None:
    demo, server = own_demo
    demo.goto(server.base + "/applications/")
    _tab_to(demo, "#id_company")
    demo.keyboard.type("Umbrella")
    demo.keyboard.press("Tab")
    demo.keyboard.type("Chemist")
    demo.keyboard.press("Enter")
    demo.get_by_role("heading", name="Umbrella").wait_for()

    demo.goto(server.base + "/")
    step = demo.locator("li.step", has_text="thank-you note to Ann Lee").get_attribute("id")
    _tab_to(demo, f'[id="{step}"] button[value=done]')
    demo.keyboard.press("Enter")
    demo.get_by_text("Marked the thank-you note to Ann Lee done.").wait_for()
    # Focus lands on the announced outcome, where the step was: the keyboard is not lost.
    demo.wait_for_function("() => document.activeElement.getAttribute('role') === 'status'")

    demo.goto(server.base + "/applications/initech-developer/debrief")
    _tab_to(demo, "#d_timeframe")
    demo.keyboard.type("by Friday")
    demo.locator("#timeframe-preview strong").wait_for()
    _tab_to(demo, "form.debrief > button:not([name])")  # Save the debrief
    demo.keyboard.press("Enter")
    demo.get_by_text("Debrief saved.").wait_for()
