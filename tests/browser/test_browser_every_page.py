"""Every page the web app answers to GET, found from its URL patterns (tests/pages.py),
on the demo job search made realistic (a note sent for real, long names and addresses):
each answers, axe-core finds nothing wrong with any of them, and none is wider than a
phone (390 px).

A page added later is visited here without being listed; one whose path names something
tests/pages.py cannot fill yet fails until its filler is added."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests import pages
from tests.browser.conftest import ARTIFACTS, Server, axe_violations
from tests.test_send import SmtpServer, smtp_server  # noqa: F401  (the fixture)

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}
LONG_COMPANY = "Internationale Datenverarbeitungsdienstleistungsgesellschaft Nordrhein-Westfalen mbH"
LONG_ROLE = "Senior Principal Business-Intelligence and Data-Visualisation Engineer (Reporting Platform)"

INSERT_FRAGMENT = """async (url) => {
  const answer = await fetch(url, {headers: {'HX-Request': 'true'}});
  document.querySelector('main').insertAdjacentHTML('beforeend', await answer.text());
  return answer.status;
}"""


@pytest.fixture
def demo(page: Any, server: Server, smtp_server: SmtpServer) -> Any:  # noqa: F811
    """The demo, with what a real search adds: a thank-you note sent (its step done with the
    message's id), a person and a company with long names and addresses."""
    server.cli("demo")
    server.cli("profile", "smtp", "--host", "127.0.0.1", "--port", str(smtp_server.port), "--security", "none")
    steps = json.loads(server.cli("plan", "northwind-analyst", "--json"))["steps"]
    server.cli("send", next(s["id"] for s in steps if s["kind"] == "thank_you_note" and s["contact"] == "ann"))
    server.cli(
        "contact", "edit", "northwind-analyst", "bo", "--name", "Maximiliane Bartholomew-Featherstonehaugh",
        "--email", "maximiliane.bartholomew-featherstonehaugh@northwind-traders-international.example",
    )  # fmt: skip
    server.cli("add", LONG_COMPANY, LONG_ROLE, "--id", "long-names", "--applied-on", "2026-10-01")
    server.cli(
        "contact", "add", "long-names", "--name", "Bartholomew Featherstonehaugh-Cholmondeley", "--key", "bart",
        "--role", "hiring_officer", "--email", "bartholomew.featherstonehaugh@datenverarbeitung-nrw.example",
    )  # fmt: skip
    server.cli("interview", "long-names", "--on", "today", "--with", "bart")  # its steps on Today and Upcoming
    page.goto(server.base + "/")
    return page


def _show(page: Any, server: Server, visit: pages.Visit, found: list[pages.Route], sample: pages.Sample) -> None:
    """The visit as a person sees it: a page, or a fragment in the page that shows it."""
    if visit.kind == "fragment":
        host = next(r for r in found if r.name == pages.FRAGMENTS[visit.name])
        page.goto(server.base + pages.fill(host, sample))
        assert page.evaluate(INSERT_FRAGMENT, server.base + visit.path) == 200, visit.path
    else:
        page.goto(server.base + visit.path)
    for summary in page.locator("details > summary").all()[:3]:
        summary.click()  # what opens is checked too


def test_every_page_answers_and_axe_finds_nothing(demo: Any, server: Server) -> None:
    sample = pages.sample_from(server.cli, "northwind-analyst")
    found = pages.routes_of(server.db)
    everything = pages.visits(found, sample)
    checked: list[str] = []
    not_pages: set[str] = set()
    problems: dict[str, Any] = {}
    for visit in everything:
        answer = demo.request.get(server.base + visit.path)  # with the browser's session
        if answer.status == 405:  # a form's target: not a page
            not_pages.add(visit.name)
            continue
        assert answer.status == 200, f"{visit.path}: {answer.status}"
        if visit.kind == "file":
            assert answer.headers["content-type"].startswith(pages.NOT_HTML[visit.name]), visit.path
            checked.append(visit.path)
            continue
        _show(demo, server, visit, found, sample)
        violations = axe_violations(demo)
        demo.set_viewport_size(PHONE)
        if (wide := demo.evaluate("document.documentElement.scrollWidth")) > PHONE["width"]:
            violations.append({"id": "wider than a phone", "scrollWidth": wide})
        if violations:
            problems[visit.path] = violations
            ARTIFACTS.mkdir(exist_ok=True)
            shot = re.sub(r"[^A-Za-z0-9_.-]+", "_", visit.path.strip("/")) or "today"
            demo.screenshot(path=str(ARTIFACTS / f"every-page-{shot}.png"), full_page=True)
        demo.set_viewport_size(LAPTOP)
        checked.append(visit.path)
    assert not problems, json.dumps(problems, indent=1)
    assert "/applications/northwind-analyst/" in checked  # with the sent note's id on it
    visited = {v.name for v in everything if v.path in checked}
    assert visited | not_pages == {r.name for r in found}, "every pattern is a page checked here or not a page"
    assert not visited & not_pages
    # The list found the pages a person reaches, not only what it was told.
    assert {"today", "board", "application", "debrief", "draft", "statistics", "settings"} <= visited
    assert {"settle", "undo", "add-contact"} <= not_pages
