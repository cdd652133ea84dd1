"""Every correction in the browser, by accessible names, on a laptop (1280×800) and a phone
(390×844): replace the hiring officer, rename an application, edit every answer of a
debrief, Settings › Playbooks (choose the default, upload a file, a bad one refused) and
the reminders coming up. axe-core finds nothing and no page is wider than the phone."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import Server, axe_violations

SLUG = "acme-corp-data-analyst"
SIZES = [(1280, 800), (390, 844)]


@pytest.fixture(autouse=True)
def config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """The server's playbooks folder: one of the test's own."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    yield tmp_path / "config" / "followthrough" / "playbooks"


def _case(server: Server) -> None:
    server.cli("add", "Acme Corp", "Data Analyst")
    server.cli("contact", "add", SLUG, "--name", "Ann Lee", "--role", "hiring_officer", "--key", "ann")
    server.cli("interview", SLUG, "--on", "2031-03-13", "--with", "ann")
    server.cli("debrief", SLUG, "--on", "2031-03-13", "--timeframe", "two weeks")


def _fits(page: Any, width: int) -> None:
    """axe-core finds nothing and nothing is wider than the window."""
    assert not axe_violations(page)
    wide = page.evaluate("() => document.documentElement.scrollWidth")
    assert wide <= width, f"{page.url} is {wide} px wide at {width} px"


def _export(server: Server) -> dict[str, Any]:
    return dict(json.loads(server.cli("export")))


@pytest.mark.parametrize("size", SIZES, ids=["laptop", "phone"])
def test_replace_the_officer_rename_and_edit_a_debrief(page: Any, server: Server, size: tuple[int, int]) -> None:
    page.set_viewport_size({"width": size[0], "height": size[1]})
    _case(server)
    page.goto(f"{server.base}/applications/{SLUG}/")
    _fits(page, size[0])
    form = page.locator("form", has=page.get_by_role("button", name="Replace Ann Lee"))
    form.get_by_label("The new hiring officer's name").fill("Dee Fox")
    form.get_by_label("E-mail").fill("dee@acme.example")
    form.get_by_role("button", name="Replace Ann Lee").click()
    page.get_by_role("status").filter(has_text="Dee Fox is now the hiring officer").wait_for()
    _fits(page, size[0])
    roles = {c["name"]: c["role"] for c in _export(server)["applications"][0]["contacts"]}
    assert roles == {"Ann Lee": "interviewer", "Dee Fox": "hiring_officer"}

    # Every answer of the debrief.
    page.get_by_role("link", name="Edit event 2: Debrief").click()
    _fits(page, size[0])
    page.get_by_label("Are you being considered?").select_option(label="Yes")
    page.get_by_label("Did you get the hiring officer's business card?").select_option(label="Yes")
    page.get_by_label("May you follow up with a phone call?").select_option(label="Yes, calling is fine")
    page.get_by_label("Did you say plainly that you want the job?").select_option(label="No")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("status").filter(has_text="Saved the debrief").wait_for()
    debrief = _export(server)["applications"][0]["events"][1]
    assert (debrief["considered"], debrief["card"], debrief["call_permission"]) == ("yes", True, "ok")
    assert debrief["stated_interest"] is False

    # A new id: taken first (refused), then free.
    server.cli("add", "Beta Labs", "Engineer")
    page.get_by_role("link", name="Edit Acme Corp").click()
    page.get_by_role("textbox", name=re.compile(r"^Id \(")).fill("beta-labs-engineer")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("alert").filter(has_text="another application has that id").wait_for()
    _fits(page, size[0])
    page.get_by_role("textbox", name=re.compile(r"^Id \(")).fill("acme")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("status").filter(has_text="Its id is now acme").wait_for()
    assert page.url.endswith("/applications/acme/")
    assert sorted(a["id"] for a in _export(server)["applications"]) == ["acme", "beta-labs-engineer"]


@pytest.mark.parametrize("size", SIZES, ids=["laptop", "phone"])
def test_playbooks_in_settings_and_the_reminders_coming_up(
    page: Any, server: Server, config: Path, size: tuple[int, int], tmp_path: Path
) -> None:
    page.set_viewport_size({"width": size[0], "height": size[1]})
    _case(server)
    page.goto(f"{server.base}/settings/")
    page.get_by_role("link", name="See every playbook, choose your default or add your own").click()
    page.get_by_role("heading", name="email-first").wait_for()
    assert page.get_by_text(str(config)).count() == 1  # where the files live
    _fits(page, size[0])
    page.get_by_label("Default playbook").select_option("email-first")
    page.get_by_role("button", name="Use as my default").click()
    page.get_by_role("status").filter(has_text="Your default playbook is now email-first").wait_for()
    assert page.get_by_role("heading", name="email-first your default").count() == 1

    bad = tmp_path / "brisk.toml"
    bad.write_text('follow_ups = 2\nfollow_up_by = "fax"\n')
    page.get_by_label("Playbook file (NAME.toml)").set_input_files(str(bad))
    page.get_by_role("button", name="Upload the playbook").click()
    page.get_by_role("alert").filter(has_text="brisk.toml: line 2: follow_up_by").wait_for()
    _fits(page, size[0])
    assert not config.exists()
    bad.write_text('follow_ups = 2\nfollow_up_by = "email"\n')
    page.get_by_label("Playbook file (NAME.toml)").set_input_files(str(bad))
    page.get_by_role("button", name="Upload the playbook").click()
    page.get_by_role("status").filter(has_text="Playbook brisk added.").wait_for()
    page.get_by_role("heading", name="brisk").wait_for()
    assert (config / "brisk.toml").is_file()

    page.goto(f"{server.base}/settings/")
    page.get_by_role("link", name="See the reminders coming up").click()
    page.get_by_role("heading", name="Reminders coming up").wait_for()
    table = page.get_by_role("table")
    assert table.get_by_role("row").filter(has_text="Ann Lee").filter(has_text="Acme Corp").count() >= 1
    assert table.get_by_role("columnheader", name="Channels").count() == 1
    _fits(page, size[0])
