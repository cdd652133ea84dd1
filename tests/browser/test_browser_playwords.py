"""In the browser (issue 20, defects 5 and 12): a broken playbook file is named under the
playbook choices while the good ones stay offered, and a person's salutation is set from
"Greet them as" on the contact forms, at a laptop's and a phone's size. axe-core finds
nothing, and nothing is wider than the phone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import Server, axe_violations

SLUG = "acme-corp-data-analyst"
SIZES = [{"width": 1280, "height": 800}, {"width": 390, "height": 844}]


@pytest.fixture(autouse=True)
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The served app's config directory, with one good playbook file and one bad."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    folder = tmp_path / "config" / "followthrough" / "playbooks"
    folder.mkdir(parents=True)
    (folder / "patient.toml").write_text("follow_ups = 2\n")
    (folder / "bad.toml").write_text("follow_ups = 2\ncalls = 3\n")
    return tmp_path / "config"


def _fits(page: Any, size: dict[str, int]) -> None:
    assert not axe_violations(page)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= size["width"]


@pytest.mark.parametrize("size", SIZES, ids=["laptop", "phone"])
def test_playbook_faults_and_salutations_by_their_labels(page: Any, server: Server, size: dict[str, int]) -> None:
    page.set_viewport_size(size)
    page.goto(f"{server.base}/applications/")
    chooser = page.get_by_label("Follow-up method")
    assert "patient: thank-you notes, two calls" in chooser.inner_text() and "bad" not in chooser.inner_text()
    page.get_by_text("bad.toml, line 2, key “calls”: unknown key", exact=False).wait_for()
    _fits(page, size)
    page.get_by_label("Company", exact=True).fill("Acme Corp")
    page.get_by_label("Role", exact=True).fill("Data Analyst")
    chooser.select_option("patient")
    page.get_by_role("button", name="Add the application").click()
    page.get_by_role("heading", name="Acme Corp").wait_for()
    page.get_by_label("Playbook").wait_for()
    page.get_by_text("bad.toml, line 2, key “calls”: unknown key", exact=False).wait_for()
    # A person greeted as they like; another by their first name.
    form = page.locator("form", has=page.get_by_role("button", name="Add the person"))
    form.get_by_label("Name", exact=True).fill("Ann Lee")
    form.get_by_label("Their part").select_option("hiring_officer")
    form.get_by_label("Greet them as").fill("Dr. Lee")
    _fits(page, size)
    form.get_by_role("button", name="Add the person").click()
    page.get_by_text("Added Ann Lee.").wait_for()
    page.get_by_role("link", name="Edit or remove Ann Lee").click()
    assert page.get_by_label("Greet them as").input_value() == "Dr. Lee"
    _fits(page, size)
    page.get_by_label("Greet them as").fill("")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Saved Ann Lee.").wait_for()
    server.cli("interview", SLUG, "--on", "2026-11-03", "--with", "ann")
    note = next(line.split()[0] for line in server.cli("plan", SLUG).splitlines() if "thank-you" in line)
    assert "\nDear Ann,\n" in server.cli("draft", note)
