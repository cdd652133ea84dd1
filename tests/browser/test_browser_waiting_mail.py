"""In a browser, on a laptop and on a phone: a follow-up e-mail sent from Today in the
user's evening (Chicago) waits for the employer's morning (Berlin); Today lists it under
"Waiting to be sent", where its text is changed and it is sent now, and another one is
cancelled (its step is on the list again). axe-core finds nothing; nothing is wider
than the screen."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
import re
from typing import Any

import pytest

from tests.browser.conftest import Server, axe_violations
from tests.test_send import SmtpServer, smtp_server  # noqa: F401  (the fixture)

SIZES = [(1280, 800), (390, 844)]
EVENING = dt.datetime(2026, 11, 11, 0, 0, tzinfo=dt.UTC)  # 18:00 Tue in Chicago, 01:00 Wed in Berlin


@pytest.fixture
def server_now(pin_clock: Any) -> dt.datetime:
    pin_clock(EVENING)
    return EVENING


def _fits(page: Any) -> None:
    assert not axe_violations(page)
    wide = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert wide <= 0, f"{wide} px wider than the screen"


def _search(server: Server, port: int) -> None:
    server.cli("profile", "set", "--name", "Jordan Rivera", "--email", "jordan@example.org", "--country", "US")
    server.cli("profile", "set", "--timezone", "America/Chicago")
    server.cli("profile", "smtp", "--host", "127.0.0.1", "--port", str(port), "--security", "none")
    for slug, company, person in (("acme", "Acme Corp", "ann"), ("beta", "Beta GmbH", "bo")):
        server.cli("add", company, "Data Analyst", "--id", slug, "--playbook", "email-first")
        server.cli("edit", slug, "--timezone", "Europe/Berlin", "--country", "DE")
        server.cli(
            "contact", "add", slug, "--name", person.title(), "--role", "hiring_officer", "--key", person,
            "--email", f"{person}@{slug}.example",
        )  # fmt: skip
        server.cli("interview", slug, "--on", "2026-11-03", "--with", person)
        server.cli("done", json.loads(server.cli("plan", slug, "--json"))["steps"][0]["id"])  # the thank-you note


@pytest.mark.parametrize(("width", "height"), SIZES, ids=["laptop", "phone"])
def test_an_evening_e_mail_waits_and_is_changed_sent_now_or_cancelled_on_today(
    page: Any,
    server: Server,
    smtp_server: SmtpServer,  # noqa: F811
    width: int,
    height: int,
) -> None:
    page.set_viewport_size({"width": width, "height": height})
    _search(server, smtp_server.port)
    page.reload()
    assert page.locator("li.step").filter(has_text="follow-up e-mail").count() == 2
    page.locator("li.step").filter(has_text="follow-up e-mail").first.locator("summary").click()
    page.locator("button.send-button").first.click()
    said = re.compile(r"will be sent Wed 11 Nov, 0(8:[3-5]\d|9:[0-3]\d) their time; the step is done")
    page.get_by_text(said).wait_for()
    page.locator("li.step").filter(has_text="follow-up e-mail").first.locator("summary").click()
    page.locator("button.send-button").first.click()
    page.get_by_text(said).wait_for()
    assert smtp_server.inbox.messages == []
    waiting = page.get_by_role("region", name="Waiting to be sent")
    assert waiting.locator("li.waiting").count() == 2
    assert page.locator("li.step").filter(has_text="follow-up e-mail").count() == 0  # done: not due
    _fits(page)

    acme = waiting.locator("li.waiting").filter(has_text="Acme Corp")
    acme.locator("summary").click()
    acme.get_by_label("Text").fill("Dear Ann,\nA short note.\n\nJordan")
    _fits(page)
    acme.get_by_role("button", name=re.compile("^Save the text")).click()
    page.get_by_text(re.compile("Changed the e-mail to ann@acme.example; it will be sent Wed 11 Nov")).wait_for()
    acme = page.get_by_role("region", name="Waiting to be sent").locator("li.waiting").filter(has_text="Acme Corp")
    acme.get_by_role("button", name=re.compile("^Send now")).click()
    page.get_by_text("Sent to ann@acme.example; the step is done.").wait_for()
    (envelope,) = smtp_server.inbox.messages
    sent = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
    assert sent.get_content().replace("\r\n", "\n") == "Dear Ann,\nA short note.\n\nJordan\n"  # type: ignore[attr-defined]

    beta = page.get_by_role("region", name="Waiting to be sent").locator("li.waiting").filter(has_text="Beta GmbH")
    beta.get_by_role("button", name=re.compile("^Cancel sending")).click()
    page.get_by_text("Cancelled: the e-mail to bo@beta.example will not be sent; the step is to do again.").wait_for()
    assert page.get_by_role("region", name="Waiting to be sent").count() == 0
    assert page.locator("li.step").filter(has_text="follow-up e-mail").count() == 1  # Beta's, to do again
    assert len(smtp_server.inbox.messages) == 1
    _fits(page)
