"""Case A of playbook.md walked through the pages in a real browser, checked by axe-core on
every page, without touching a terminal."""

from __future__ import annotations

import json
from typing import Any

from tests.browser.conftest import Server, axe_violations


def _accessible(page: Any, where: str) -> None:
    found = axe_violations(page)
    assert not found, f"axe-core on {where}: {json.dumps(found, indent=1)}"


def _pending(server: Server, slug: str) -> list[tuple[str, str | None, str]]:
    plan = json.loads(server.cli("plan", slug, "--json"))
    return [(s["kind"], s["contact"], s["due"]) for s in plan["steps"] if s["status"] == "pending"]


def test_case_a_from_first_interview_to_the_offer(page: Any, server: Server) -> None:
    base = server.base
    assert page.locator("h1").inner_text().startswith("Today")
    assert "No follow-up is planned" in page.content()
    _accessible(page, "Today, empty")

    page.get_by_role("link", name="Settings").click()
    page.get_by_label("Your name").fill("Jordan Rivera")
    page.get_by_label("Time zone").fill("America/Chicago")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Profile saved").wait_for()
    _accessible(page, "Settings")

    page.get_by_role("link", name="Applications").click()
    _accessible(page, "Applications, empty")
    page.get_by_label("Company", exact=True).fill("Acme Corp")
    page.get_by_label("Role", exact=True).fill("Data Analyst")
    page.get_by_role("button", name="Add the application").click()
    page.get_by_role("heading", name="Acme Corp").wait_for()
    _accessible(page, "Application, new")

    for name, part in (("Ann Lee", "hiring_officer"), ("Bo Park", "interviewer"), ("Cy Diaz", "inside_contact")):
        page.locator("#c_name").fill(name)
        page.locator("#c_role").select_option(part)
        page.get_by_role("button", name="Add the person").click()
        page.get_by_text(f"Added {name}.").wait_for()

    page.locator("#i_on").fill("2026-11-03")
    page.get_by_label("Ann Lee").check()
    page.get_by_label("Bo Park").check()
    page.get_by_label("The final interview").check()
    page.get_by_role("button", name="Record the interview").click()
    page.get_by_text("With Ann Lee, Bo Park (final)").wait_for()

    page.get_by_role("link", name="Debrief the final interview").click()
    _accessible(page, "Debrief")
    page.locator("#d_on").fill("2026-11-03")
    page.get_by_label("What they said").fill("two weeks")
    page.locator("#timeframe-preview").get_by_text("Tue 17 Nov 2026").wait_for()  # shown before saving
    page.get_by_role("group", name="2. Are you being considered?").get_by_label("Yes").check()
    page.get_by_label("I got the card").check()
    page.get_by_label("Yes, calling is fine").check()
    page.get_by_role("button", name="Save the debrief").click()
    page.get_by_text("They will decide by Tue 17 Nov 2026").wait_for()
    _accessible(page, "Application, planned")

    plan = page.locator("table.plan").inner_text()
    for due, what in (
        ("Wed 18 Nov 2026", "Call Ann Lee"),
        ("Wed 18 Nov 2026", "Call Cy Diaz"),
        ("Wed 25 Nov 2026", "Call Ann Lee"),
        ("Wed 02 Dec 2026", "Call Ann Lee"),
        ("Thu 17 Dec 2026", "E-mail Ann Lee"),
        ("Thu 24 Dec 2026", "Move on"),
    ):
        assert any(due in row and what in row for row in plan.splitlines()), (due, what, plan)

    page.goto(f"{base}/?as_of=2026-11-03")
    _accessible(page, "Today, notes due")
    for who in ("Ann Lee", "Bo Park"):
        step = page.locator("li.step", has_text=f"Send a thank-you note to {who}")
        step.get_by_role("button", name="Done").click()
        page.get_by_text(f"Marked the thank-you note to {who} done.").first.wait_for()
        page.goto(f"{base}/?as_of=2026-11-03")
    assert "Nothing to do today" in page.content()
    _accessible(page, "Today, calm")

    page.goto(f"{base}/?as_of=2026-11-18")
    page.locator("li.step", has_text="Call Ann Lee").get_by_role("button", name="Left a voicemail").click()
    page.get_by_text("you left a voicemail").wait_for()
    page.locator("li.step", has_text="Call Cy Diaz").get_by_role("button", name="No answer").click()
    page.get_by_text("nobody answered").wait_for()

    page.goto(f"{base}/applications/acme-corp-data-analyst/")
    form = page.locator("form", has=page.locator("#r_outcome"))
    form.get_by_label("Date").fill("2026-11-20")
    form.get_by_label("What they said").select_option("offer")
    form.get_by_label("Who said it").select_option("ann")
    form.get_by_role("button", name="Record the answer").click()
    page.get_by_text("The application is closed: Offer.").wait_for()
    _accessible(page, "Application, closed")
    assert _pending(server, "acme-corp-data-analyst") == []

    page.get_by_role("link", name="Applications").click()
    _accessible(page, "Applications, board")
    page.get_by_role("link", name="Archive (1)").click()  # closed applications wait there
    page.get_by_role("heading", name="Archive: closed applications").wait_for()
    closed = page.locator("li.card")
    assert "Acme Corp" in closed.inner_text() and "Offer" in closed.inner_text()
    _accessible(page, "Applications, archive")
    page.get_by_role("link", name="Statistics").click()
    assert page.locator("svg[role=img]").count() == 3
    _accessible(page, "Statistics")
