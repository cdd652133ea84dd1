"""Browser tests: Debian's Chromium, driven by Playwright, against 'followthrough serve'.

Never a downloaded browser. Without /usr/bin/chromium these tests fail under CI (CI=true)
and are skipped, loudly, on a developer's machine. A failing test leaves a screenshot in
test-artifacts/.
"""

from __future__ import annotations

import collections
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from followthrough import clock
from tests.conftest import unavailable

CHROMIUM = Path(os.environ.get("FOLLOWTHROUGH_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core-4.14.1.min.js"


_need = unavailable


@dataclass
class Server:
    url: str  # the launch URL, with its token
    base: str
    db: str

    def cli(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "followthrough", "--db", self.db, *args],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return result.stdout


@contextmanager
def serving(db: str) -> Iterator[Server]:
    """'followthrough serve' on a free port and the SQLite file ``db``, as a user starts it."""
    process = subprocess.Popen(
        [sys.executable, "-m", "followthrough", "--db", db, "serve", "--port", "0", "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    url = None
    said: list[str] = []
    for line in process.stdout:
        said.append(line)
        found = re.search(r"(http://127\.0\.0\.1:\d+)/\?token=\S+", line)
        if found:
            url, base = found.group(0), found.group(1)
            break
    if url is None:
        process.kill()
        pytest.fail(f"'followthrough serve' printed no URL (exit {process.wait()}):\n{''.join(said)}")
    # What it says from then on is read and dropped: a full pipe would stop a server that
    # serves a whole module's tests.
    threading.Thread(target=collections.deque, args=(process.stdout, 0), daemon=True).start()
    try:
        yield Server(url, base, db)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def new_search(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new job search's SQLite file as the first command leaves it (tables made, its
    owner too), made once by the real command: each browser test starts from a copy
    instead of migrating its own."""
    path = tmp_path_factory.mktemp("new-search") / "browser.sqlite3"
    subprocess.run([sys.executable, "-m", "followthrough", "--db", str(path), "list"], check=True, capture_output=True)
    return path


def copy_of(new_search: Path, folder: Path) -> str:
    """A fresh job search in ``folder``: a copy of ``new_search``."""
    db = folder / "browser.sqlite3"
    shutil.copy(new_search, db)
    if (wal := Path(f"{new_search}-wal")).exists():  # what its command left unwritten to the file
        shutil.copy(wal, f"{db}-wal")
    return str(db)


@pytest.fixture
def server_now() -> dt.datetime:
    """The instant the server and the commands of a test run at: the suite's, unless a
    test module overrides this fixture (pinning the clock with `pin_clock`)."""
    return clock.now()


@pytest.fixture
def server(tmp_path: Path, new_search: Path, server_now: dt.datetime) -> Iterator[Server]:
    """'followthrough serve' on a free port and a fresh SQLite file, as a user starts it,
    its clock pinned at ``server_now`` (as are the commands of `Server.cli`)."""
    assert os.environ.get(clock.ENVIRONMENT) == server_now.isoformat(), "pin the clock with the pin_clock fixture"
    with serving(copy_of(new_search, tmp_path)) as served:
        yield served


@pytest.fixture(scope="package")  # closed before other tests: its event loop would make Django refuse sync calls
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _need("Chromium", f"{CHROMIUM} not found (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    setattr(item, f"report_{report.when}", report)


def open_page(request: pytest.FixtureRequest, browser: Any, server: Server) -> Iterator[Any]:
    """A new browser context's tab on ``server``, signed in by its launch link; a failed test
    leaves its screenshot."""
    # bypass_csp: only so the test can inject axe-core; the app's own pages never need it.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    context.set_default_timeout(30_000)  # a loaded CI machine is slow, not broken
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(server.url)
    yield tab
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
        tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()
    assert not errors, f"script errors on the page: {errors}"


@pytest.fixture
def page(request: pytest.FixtureRequest, browser: Any, server: Server) -> Iterator[Any]:
    yield from open_page(request, browser, server)


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """What axe-core finds wrong on the page as it is now (WCAG 2.x A and AA, best practices)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => (await window.axe.run(document)).violations")
    return [{"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]} for v in result]
