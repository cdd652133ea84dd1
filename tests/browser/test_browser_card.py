"""A business card photo uploaded in a real browser: the fields come back filled in to
check, the page stays accessible (axe-core), and saving adds the person."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.browser.conftest import Server, axe_violations
from tests.card_support import card_png
from tests.conftest import need_tool


def test_a_card_photo_fills_in_the_person_to_check_then_save(page: Any, server: Server, tmp_path: Path) -> None:
    need_tool("tesseract", "tesseract-ocr")
    photo = tmp_path / "card.png"
    photo.write_bytes(card_png(skew=5.0))
    server.cli("add", "Northwind Robotics", "Platform Engineer", "--id", "northwind-robotics")
    page.goto(server.base + "/applications/northwind-robotics/")
    page.get_by_label("From a business card").set_input_files(str(photo))
    page.get_by_role("button", name="Read the card").click()
    page.get_by_text("check each field").wait_for()
    assert page.get_by_label("Name", exact=True).input_value() == "Dana Whitfield"
    assert page.get_by_label("E-mail").input_value() == "dana.whitfield@northwind.com"
    found = axe_violations(page)
    assert not found, json.dumps(found, indent=1)
    page.get_by_role("button", name="Add the person").click()
    page.get_by_text("Added Dana Whitfield.").wait_for()
    assert "Dana Whitfield · Hiring officer" in page.locator("ul.contacts").inner_text()


def test_the_debrief_reads_a_card_photo_into_its_card_fields(page: Any, server: Server, tmp_path: Path) -> None:
    need_tool("tesseract", "tesseract-ocr")
    photo = tmp_path / "card.png"
    photo.write_bytes(card_png(ink=140, paper=190))
    server.cli("add", "Northwind Robotics", "Platform Engineer", "--id", "northwind-robotics")
    page.goto(server.base + "/applications/northwind-robotics/debrief")
    page.get_by_label("What they said").fill("two weeks")
    page.get_by_label("A photo of the card").set_input_files(str(photo))
    page.get_by_role("button", name="Read the card").click()
    page.get_by_text("check each field").wait_for()
    assert page.get_by_label("Name on the card").input_value() == "Dana Whitfield"
    assert page.get_by_label("What they said").input_value() == "two weeks"
    found = axe_violations(page)
    assert not found, json.dumps(found, indent=1)
