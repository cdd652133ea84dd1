"""The coaching pages in Chromium, checked by axe-core: a seeker's coaches and access log,
the caseload, a seeker's page and full view, the administrator's figures, My data (and
its import preview).

The pages come from the career-centre server's settings over this run's PostgreSQL
database, fetched as each person (signed in, with a second factor where needed) in a
thread of their own (the browser's event loop holds this one); the browser then loads
them, with the server's own stylesheet, at the server's address.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import ARTIFACTS, axe_violations
from tests.conftest import _empty_tables, use_database

STATIC = Path(__file__).resolve().parents[2] / "src" / "followthrough" / "web" / "static" / "followthrough"


@contextmanager
def _server_mode(location: str, static_root: Path) -> Iterator[None]:
    """The server's settings over ``location`` (as tests/server_support.py's fixture)."""
    from django.core.management import call_command
    from django.test import override_settings

    from followthrough.server_settings import server_settings
    from followthrough.store import database
    from tests.server_support import options

    use_database(location)
    with override_settings(**server_settings(options(static_root))):
        database.migrate()
        call_command("collectstatic", interactive=False, verbosity=0)
        _empty_tables()
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()
        yield


def _fetch(location: str, static_root: Path) -> dict[str, str]:
    from tests.coaching_support import make_centre, quick_passwords
    from tests.test_coaching_web import browser_of

    with _server_mode(location, static_root), quick_passwords():
        centre = make_centre()
        from followthrough.services import coaching, consent

        consent.set_full_view(centre.sam, centre.cleo.pk, True)
        coaching.seeker_page(centre.cleo, centre.sam.pk, coaching_today())  # a line in Sam's access log
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
        assert {path: answer.status_code for path, answer in pages.items()} == {
            **{path: 200 for path in pages},
            "/steps/0123456789ab/settle": 404,
        }
        return {path: answer.content.decode() for path, answer in pages.items()}


def coaching_today() -> Any:
    from tests.coaching_support import TODAY

    return TODAY


@pytest.fixture
def pages(postgres_db: str, tmp_path: Path) -> dict[str, str]:
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(_fetch, postgres_db, tmp_path / "static").result(timeout=300)


def test_the_coaching_pages_pass_axe(browser: Any, pages: dict[str, str], request: pytest.FixtureRequest) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    tab = context.new_page()

    def answer(route: Any) -> None:
        path = "/" + route.request.url.split("/", 3)[3].split("?")[0]
        if path.startswith("/static/") and (STATIC / path.removeprefix("/static/")).is_file():
            route.fulfill(path=str(STATIC / path.removeprefix("/static/")))
        elif path in pages:
            route.fulfill(body=pages[path], content_type="text/html; charset=utf-8")
        else:
            route.fulfill(status=404, body="")

    tab.route("**/*", answer)
    found: dict[str, Any] = {}
    try:
        for path in pages:
            tab.goto(f"https://careers.example.org{path}")
            assert tab.locator("h1").count() == 1, path
            violations = axe_violations(tab)
            if violations:
                found[path] = violations
        assert not found, found
    except AssertionError:
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / "coaching-pages.png"), full_page=True)
        raise
    finally:
        context.close()
