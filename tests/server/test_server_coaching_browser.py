"""The coaching pages in Debian's Chromium, checked by axe-core: a seeker's coaches and
access log, the caseload, a seeker's page and full view, the administrator's figures, My
data (and its import preview), the page for a step not on one's plan.

The pages are fetched through the server's settings as each person (signed in, with a
second factor where needed) before the browser starts (Playwright's event loop would
make Django refuse calls from this process); the browser then loads them, with the
server's stylesheet, at the server's address.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from tests.coaching_support import TODAY, make_centre, quick_passwords
from tests.server.test_server_browser import _tab, chromium
from tests.server.test_server_coaching import browser_of

pytestmark = pytest.mark.usefixtures("server")

STATIC = Path(__file__).resolve().parents[2] / "src" / "followthrough" / "web" / "static" / "followthrough"


def _pages() -> dict[str, str]:
    from followthrough.services.coaching import consent
    from followthrough.services.coaching import looks as coaching

    with quick_passwords():
        centre = make_centre()
        consent.set_full_view(centre.sam, centre.cleo.pk, True)
        coaching.seeker_page(centre.cleo, centre.sam.pk, TODAY)  # a line in Sam's access log
        sam, cleo, ada = browser_of(centre.sam), browser_of(centre.cleo), browser_of(centre.ada)
    seeker = f"/caseload/{centre.sam.pk}/"
    pages = {
        "/coaches/": sam.get("/coaches/"),
        "/my-data/": sam.get("/my-data/"),
        "/caseload/": cleo.get("/caseload/"),
        seeker: cleo.get(seeker),
        seeker + "applications/": cleo.get(seeker + "applications/"),
        seeker + "applications/samcorp-waiting/": cleo.get(seeker + "applications/samcorp-waiting/"),
        "/organisation/figures": ada.get("/organisation/figures"),
        "/steps/0123456789ab/settle": sam.post("/steps/0123456789ab/settle", {"action": "done"}, page="/"),
    }
    upload = io.BytesIO(sam.get("/my-data/export").content)
    upload.name = "mine.json"
    pages["/my-data/import"] = sam.post("/my-data/import", {"file": upload}, page="/my-data/")
    statuses = {path: answer.status_code for path, answer in pages.items()}
    assert statuses == {**{path: 200 for path in pages}, "/steps/0123456789ab/settle": 404}
    return {path: answer.content.decode() for path, answer in pages.items()}


def test_the_coaching_pages_pass_axe() -> None:
    from django.db import connections

    pages = _pages()
    connections.close_all()

    def answer(route: Any) -> None:
        path = "/" + route.request.url.split("/", 3)[3].split("?")[0]
        static = STATIC / path.removeprefix("/static/")
        if path.startswith("/static/") and static.is_file():
            route.fulfill(path=str(static))
        elif path in pages:
            route.fulfill(body=pages[path], content_type="text/html; charset=utf-8")
        else:
            route.fulfill(status=404, body="")

    from tests.browser.conftest import axe_violations

    with chromium("server-coaching") as browser:
        tab = _tab(browser)
        tab.route("**/*", answer)
        found = {}
        for path in pages:
            tab.goto(f"https://careers.example.org{path}")
            assert tab.locator("h1").count() == 1, path
            if violations := axe_violations(tab):
                found[path] = violations
        assert not found, found
