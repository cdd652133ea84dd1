"""The server's account pages in Debian's Chromium, against a real `followthrough server`
(gunicorn): each new page passes axe-core, and people get through them by the forms
alone. A failing test leaves a screenshot in test-artifacts/.

The people are made before the browser starts: Playwright's event loop would make
Django refuse calls from this process while it runs.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import ARGS, ARTIFACTS, CHROMIUM, axe_violations
from tests.conftest import unavailable
from tests.server.support import ADMIN, PASSWORD, fresh_code, member, start


@contextmanager
def chromium(name: str) -> Iterator[Any]:
    """A fresh browser; a screenshot of each open tab if the block fails."""
    if not CHROMIUM.exists():
        unavailable("Chromium", f"{CHROMIUM} not found (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        except BaseException:
            ARTIFACTS.mkdir(exist_ok=True)
            for n, context in enumerate(browser.contexts):
                for m, tab in enumerate(context.pages):
                    tab.screenshot(path=str(ARTIFACTS / f"{name}-{n}-{m}.png"), full_page=True)
            raise
        finally:
            browser.close()


def _tab(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)  # for axe alone
    context.set_default_timeout(30_000)
    return context.new_page()


def _accessible(tab: Any, what: str) -> None:
    found = axe_violations(tab)
    assert not found, f"{what} ({tab.url}): {found}"


def _sign_in(tab: Any, base: str, email: str, password: str = PASSWORD) -> None:
    tab.goto(base + "/login")
    tab.get_by_label("E-mail address").fill(email)
    tab.get_by_label("Password").fill(password)
    tab.get_by_role("button", name="Sign in").click()


def test_a_newcomer_joins_and_an_administrator_manages_the_organisation(
    gunicorn: tuple[str, subprocess.Popen[str]],
) -> None:
    from django.db import connections

    from followthrough.services.accounts import invitations

    base, _ = gunicorn
    admin = start()
    member(admin, "sam@example.org")
    token, _ = invitations.invite(admin, "nia@example.org", "job_seeker")
    connections.close_all()

    with chromium("server-accounts") as browser:
        # Someone new follows their invitation link.
        newcomer = _tab(browser)
        newcomer.goto(f"{base}/invitations/{token}")
        _accessible(newcomer, "the invitation page")
        newcomer.get_by_label("Password", exact=False).first.fill("password")
        newcomer.get_by_label("The same password again").fill("password")
        newcomer.get_by_role("button", name="Create my account").click()
        expect(newcomer.locator("#i_password")).to_have_accessible_description(re.compile("too common"))
        _accessible(newcomer, "the invitation page with an error")
        newcomer.locator("#i_password").fill(PASSWORD)
        newcomer.get_by_label("The same password again").fill(PASSWORD)
        newcomer.get_by_role("button", name="Create my account").click()
        newcomer.wait_for_url(base + "/")
        assert "Welcome" in newcomer.content() and "nia@example.org" in newcomer.content()
        _accessible(newcomer, "Today, signed in")
        newcomer.get_by_role("link", name="Password").click()
        newcomer.wait_for_url(base + "/account/password")
        _accessible(newcomer, "the password page")
        newcomer.get_by_role("link", name="Authenticator app").click()
        newcomer.wait_for_url(base + "/account/authenticator")
        assert newcomer.locator("figure.qr svg").count() == 1
        _accessible(newcomer, "a job seeker's authenticator app page")
        newcomer.goto(base + "/organisation/")
        assert "Only administrators" in newcomer.content()
        _accessible(newcomer, "the page for administrators only")
        newcomer.goto(f"{base}/invitations/{token}")
        assert "cannot be used" in newcomer.content()
        _accessible(newcomer, "a used invitation")
        newcomer.get_by_role("button", name="Sign out").click()
        newcomer.wait_for_url(re.compile(r".*/login\?signed_out=1$"))
        _accessible(newcomer, "the sign-in page")

        # The administrator: password, then the authenticator app, then the members.
        office = _tab(browser)
        _sign_in(office, base, ADMIN, "wrong password")
        assert "do not match" in office.get_by_role("alert").inner_text()
        _accessible(office, "the sign-in page with an error")
        _sign_in(office, base, ADMIN)
        office.wait_for_url(base + "/account/second-factor")
        _accessible(office, "the second-factor enrolment page")
        assert office.locator("figure.qr svg").count() == 1
        secret = office.locator("code.secret").inner_text().replace(" ", "")
        office.get_by_label("Code from the app").fill(fresh_code(secret))
        office.get_by_role("button", name="Confirm and continue").click()
        office.wait_for_url(base + "/")
        office.get_by_role("link", name="Organisation").click()
        office.wait_for_url(base + "/organisation/")
        assert "nia@example.org" in office.content() and "sam@example.org" in office.content()
        _accessible(office, "the organisation page")
        office.get_by_label("Their e-mail address").fill("cora@example.org")
        office.get_by_label("Role").select_option("coach")
        office.get_by_role("button", name="Make an invitation link").click()
        link = office.get_by_label("Invitation link").input_value()
        assert re.fullmatch(re.escape(base) + r"/invitations/[A-Za-z0-9_-]{40,}", link)
        _accessible(office, "the organisation page with a new link")
        office.get_by_role("button", name="Disable sam@example.org").click()
        assert "every session of theirs has ended" in office.content()

        # Too many wrong passwords: a page that says so.
        stranger = _tab(browser)
        for _ in range(5):
            _sign_in(stranger, base, "sam@example.org", "guess")
        assert "Too many failed sign-ins" in stranger.content()
        _accessible(stranger, "the locked-out page")


def test_an_administrator_gets_a_coach_who_lost_their_phone_back_in(
    gunicorn: tuple[str, subprocess.Popen[str]], tmp_path: Path
) -> None:
    from django.db import connections

    base, _ = gunicorn
    member(start(), "cora@example.org", "coach")
    connections.close_all()

    with chromium("server-reset") as browser:
        office = _tab(browser)
        _sign_in(office, base, ADMIN)
        office.wait_for_url(base + "/account/second-factor")
        secret = office.locator("code.secret").inner_text().replace(" ", "")
        office.get_by_label("Code from the app").fill(fresh_code(secret))
        office.get_by_role("button", name="Confirm and continue").click()
        office.wait_for_url(base + "/")
        office.goto(base + "/organisation/")
        office.get_by_role("link", name="Reset link for cora@example.org").click()
        office.wait_for_url(re.compile(r".*/reset-link$"))
        _accessible(office, "the page that makes a reset link")
        office.get_by_label("Their authenticator app goes too", exact=False).check()
        office.get_by_label("Your own password", exact=False).fill("not my password")
        office.get_by_role("button", name="Make the reset link").click()
        own = office.get_by_label("Your own password", exact=False)
        expect(own).to_have_accessible_description(re.compile("password is not right"))  # beside the field
        _accessible(office, "the page that makes a reset link, with an error")
        office.get_by_label("Their authenticator app goes too", exact=False).check()
        office.get_by_label("Your own password", exact=False).fill(PASSWORD)
        office.get_by_role("button", name="Make the reset link").click()
        link = office.get_by_role("textbox", name="Reset link").input_value()
        assert re.fullmatch(re.escape(base) + r"/reset/[A-Za-z0-9_-]{40,}", link)
        _accessible(office, "the new reset link")
        office.get_by_role("link", name="Back to the organisation").click()
        assert "with a new authenticator, made by" in office.content() and "waiting, until" in office.content()

        coach = _tab(browser)
        coach.goto(link)
        assert "authenticator app is removed" in coach.content()
        _accessible(coach, "the reset page")
        coach.get_by_label("New password").fill("password")
        coach.get_by_label("The same password again").fill("password")
        coach.get_by_role("button", name="Set my new password").click()
        expect(coach.get_by_label("New password")).to_have_accessible_description(re.compile("too common"))
        _accessible(coach, "the reset page with an error")
        coach.get_by_label("New password").fill("a new passphrase for cora")
        coach.get_by_label("The same password again").fill("a new passphrase for cora")
        coach.get_by_role("button", name="Set my new password").click()
        coach.wait_for_url(base + "/account/second-factor")  # a new authenticator, first of all
        assert coach.locator("figure.qr svg").count() == 1
        coach.goto(link)
        assert "cannot be used" in coach.content()
        _accessible(coach, "a used reset link")
    # The weak password was refused while the link still worked: its token is in no log line.
    logged = (tmp_path / "server.log").read_text()
    assert "Bad Request: /reset/…" in logged and link.rsplit("/", 1)[1] not in logged
