"""The board in a browser (issue 11): moving a card by keyboard and by dragging (a drop on
a stage that events give is refused, with the reason, and changes nothing), search and
filters kept in the address, the archive, the Upcoming page, and the job's fields in the
edit form. axe-core checks every page and state."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from tests.browser.conftest import Server, axe_violations


def _case(server: Server) -> None:
    server.cli("add", "Acme Corp", "Data Analyst", "--id", "acme", "--stage", "saved", "--tag", "remote")
    server.cli("add", "Globex", "Engineer", "--id", "globex", "--stage", "applied", "--notes", "Dana's team")
    server.cli("add", "Hooli", "Analyst", "--id", "hooli")
    server.cli("contact", "add", "hooli", "--name", "Ann Lee", "--role", "hiring_officer", "--key", "ann")
    server.cli("interview", "hooli", "--on", "today", "--with", "ann")
    server.cli("debrief", "hooli", "--on", "today", "--timeframe", "one week")
    server.cli("add", "Wonka", "Taster", "--id", "wonka")
    server.cli("respond", "wonka", "--outcome", "withdrawn")


def _stages(server: Server) -> dict[str, str | None]:
    listed = json.loads(server.cli("list", "--json"))["applications"]
    return {a["id"]: a.get("stage") for a in listed}


def _column(page: Any, stage: str) -> Any:
    return page.locator(f'section.column[data-stage="{stage}"]')


def test_move_a_card_with_the_keyboard_and_focus_stays_on_it(page: Any, server: Server) -> None:
    _case(server)
    page.goto(f"{server.base}/applications/")
    assert not axe_violations(page)
    card = page.locator("#card-acme")
    select = card.get_by_label("Move Acme Corp, Data Analyst to")
    select.focus()
    select.select_option("screening")
    page.keyboard.press("Tab")  # to the card's Move button
    assert page.evaluate("() => document.activeElement.textContent.startsWith('Move')")
    page.keyboard.press("Enter")
    page.get_by_role("status").filter(has_text="Moved Acme Corp to Screening.").wait_for()
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'card-acme'")
    assert _column(page, "screening").locator("#card-acme").count() == 1
    assert _stages(server)["acme"] == "screening"
    assert not axe_violations(page)


def test_drag_a_card_to_another_stage_and_a_refused_drop(page: Any, server: Server) -> None:
    _case(server)
    page.goto(f"{server.base}/applications/")
    page.locator("#card-globex").drag_to(_column(page, "screening"))
    page.get_by_role("status").filter(has_text="Moved Globex to Screening.").wait_for()
    assert _column(page, "screening").locator("#card-globex").count() == 1
    assert _stages(server)["globex"] == "screening"
    before = server.cli("export", "--json")
    page.locator("#card-acme").drag_to(_column(page, "waiting"))
    refusal = page.locator("#move-status")
    refusal.filter(has_text="comes from what was recorded").wait_for()
    assert "it moves there by itself" in refusal.inner_text()
    assert server.cli("export", "--json") == before  # the refused drop changed nothing
    assert _column(page, "saved").locator("#card-acme").count() == 1
    assert not axe_violations(page)


def test_search_and_filters_are_in_the_address(page: Any, server: Server) -> None:
    _case(server)
    page.goto(f"{server.base}/applications/")
    page.get_by_label("Search", exact=True).fill("dana")
    page.get_by_role("button", name="Show", exact=True).click()
    page.wait_for_url("**/applications/?q=dana*")
    assert page.locator("li.card").count() == 1 and page.locator("#card-globex").count() == 1
    assert not axe_violations(page)
    page.get_by_role("link", name="Clear the filters").click()
    page.get_by_label("Tag", exact=True).fill("remote")
    page.get_by_label("Stage", exact=True).select_option("saved")
    page.get_by_role("button", name="Show", exact=True).click()
    page.wait_for_url("**tag=remote*")
    assert page.locator("li.card").count() == 1 and page.locator("#card-acme").count() == 1
    bookmarked = page.url
    page.goto(f"{server.base}/")
    page.goto(bookmarked)  # the same view again from its address
    assert page.get_by_label("Tag", exact=True).input_value() == "remote"
    assert page.locator("li.card").count() == 1
    assert not axe_violations(page)


def test_closed_applications_wait_in_the_archive(page: Any, server: Server) -> None:
    _case(server)
    page.goto(f"{server.base}/applications/")
    assert page.get_by_text("Wonka").count() == 0
    page.get_by_role("link", name="Archive (1)").click()
    page.get_by_role("heading", name="Archive: closed applications").wait_for()
    assert page.locator("#card-wonka").count() == 1 and page.locator("li.card").count() == 1
    assert page.locator("#card-wonka form.move").count() == 0  # a closed card does not move by hand
    assert not axe_violations(page)
    page.get_by_role("link", name="Back to the board").click()
    page.locator("#card-acme").wait_for()


def test_upcoming_lists_the_next_14_days(page: Any, server: Server) -> None:
    _case(server)
    steps = json.loads(server.cli("plan", "hooli", "--json"))["steps"]
    today = dt.date.fromisoformat(json.loads(server.cli("agenda", "--json"))["as_of"])
    soon = sorted(
        {
            s["due"]
            for s in steps
            if s["status"] == "pending" and today < dt.date.fromisoformat(s["due"]) <= today + dt.timedelta(days=14)
        }
    )
    page.goto(f"{server.base}/applications/")
    page.get_by_role("link", name="Upcoming", exact=True).click()
    page.get_by_role("heading", name="Upcoming the next 14 days").wait_for()
    assert soon, steps
    for due in soon:
        assert page.locator(f'[id="day-{due}"]').count() == 1
    assert "Hooli" in page.locator("main").inner_text()
    assert not axe_violations(page)


def test_edit_the_job_in_the_web_form(page: Any, server: Server) -> None:
    _case(server)
    page.goto(f"{server.base}/applications/acme/")
    page.get_by_role("link", name="Edit Acme Corp").click()
    page.get_by_label("Job posting").fill("https://jobs.acme.example/42")
    page.get_by_label("Location").fill("Chicago, hybrid")
    page.get_by_label("Salary").fill("$95-110k")
    page.get_by_label("Tags").fill("remote, sql; python")
    page.get_by_label("Priority").select_option("1")
    page.get_by_label("Notes").fill("Referred by Dana.\nAsk about the SQL stack.")
    assert not axe_violations(page)
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Saved Acme Corp.").wait_for()
    job = page.locator("dl.job")
    for text in ("Chicago, hybrid", "$95-110k", "1 · high", "Referred by Dana.", "sql", "python"):
        assert text in job.inner_text()
    assert job.get_by_role("link", name="https://jobs.acme.example/42").count() == 1
    assert not axe_violations(page)
    exported = {a["id"]: a for a in json.loads(server.cli("export", "--json"))["applications"]}["acme"]
    assert exported["tags"] == ["remote", "sql", "python"] and exported["priority"] == 1
    assert exported["notes"] == "Referred by Dana.\nAsk about the SQL stack."
