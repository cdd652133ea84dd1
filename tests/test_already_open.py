"""A new application like one already open (the same company and role, any case), or a
person whose e-mail address (any case) or phone number (read as E.164) is on another open
application, is not added silently: the command line refuses, naming it, until --anyway;
the web warns with a link to it and a button that adds it all the same."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from tests.conftest import Cli
from tests.test_corrections import refused
from tests.test_web import WebClient, web_session


@pytest.fixture
def web(db: str) -> Iterator[WebClient]:
    yield from web_session()


def _acme(ft: Cli) -> None:
    ft("profile", "set", "--country", "US")
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme")
    ft.contact("acme", "Ann Lee", "hiring_officer", key="ann", email="Ann.Lee@Acme.example", phone="+1 312 555 0147")


def _ids(ft: Cli) -> list[str]:
    return [a["id"] for a in json.loads(ft("list", "--json").stdout)["applications"]]


def test_the_same_company_and_role_is_refused_naming_the_open_one_until_anyway(ft: Cli) -> None:
    _acme(ft)
    said = refused(ft, "add", "acme corp", "  Data   analyst")
    assert said == (
        "Error: Acme Corp · Data Analyst is already open (see 'followthrough show acme'): "
        "add --anyway to add another one"
    )
    assert ft("add", "acme corp", "Data analyst", "--anyway").stdout.strip() == "acme-corp-data-analyst"
    assert _ids(ft) == ["acme", "acme-corp-data-analyst"]
    # a closed one is history: adding the role again is a new application
    ft("add", "Beta", "Clerk", "--id", "beta")
    ft("respond", "beta", "--outcome", "rejected", "--on", "2026-11-03")
    assert ft("add", "Beta", "Clerk").stdout.strip() == "beta-clerk"


@pytest.mark.parametrize(
    ("detail", "typed"),
    [("email", "ann.lee@ACME.example"), ("phone", "(312) 555-0147"), ("phone", "312.555.0147")],
)
def test_a_person_on_another_open_application_is_refused_until_anyway(ft: Cli, detail: str, typed: str) -> None:
    _acme(ft)
    ft("add", "Acme Corp", "Senior Analyst", "--id", "acme-senior")
    said = refused(ft, "contact", "add", "acme-senior", "--name", "Ann", "--role", "interviewer", f"--{detail}", typed)
    assert said == (
        f"Error: --{detail} {typed!r}: already belongs to Ann Lee, on acme (Acme Corp · Data Analyst), still open "
        "(see 'followthrough show acme'): add --anyway to add them here too, as one person to call"
        " (one card for both roles), or --anyway --not-the-same if they are someone else"
    )
    args = ("contact", "add", "acme-senior", "--name", "Ann", "--role", "interviewer", f"--{detail}", typed)
    assert ft(*args, "--anyway").stdout.strip() == "ann"
    # another number and another address are nobody else's
    ft.contact("acme-senior", "Dee Ray", "interviewer", phone="(312) 555-0199", email="dee@acme.example")


def test_the_board_warns_links_to_the_open_one_and_adds_anyway(ft: Cli, web: WebClient) -> None:
    _acme(ft)
    form = {"company": "ACME Corp", "role": "data analyst", "location": "Chicago"}
    response = web.post("/applications/", form, "/applications/")
    html = response.content.decode()
    assert response.status_code == 409
    warning = html.split('class="notice notice-warning already-open" role="alert">')[1].split("</div>")[0]
    assert "Your application to Acme Corp is already open" in warning
    assert '<a href="/applications/acme/">Acme Corp · Data Analyst</a>' in warning
    assert '<button name="anyway" value="1" class="secondary">Add it anyway</button>' in warning
    assert 'value="Chicago"' in html  # what was typed is kept for the button
    assert _ids(ft) == ["acme"]
    page = web.follow(web.post("/applications/", {**form, "anyway": "1"}, "/applications/"))
    assert "Added ACME Corp." in page
    assert _ids(ft) == ["acme", "acme-corp-data-analyst"]


def test_the_people_form_warns_links_to_the_open_one_and_adds_anyway(ft: Cli, web: WebClient) -> None:
    _acme(ft)
    ft("add", "Acme Corp", "Senior Analyst", "--id", "acme-senior")
    page = "/applications/acme-senior/"
    form = {"name": "Ann Lee", "role": "interviewer", "email": "ANN.LEE@acme.example"}
    response = web.post(f"{page}contacts", form, page)
    html = response.content.decode()
    assert response.status_code == 409
    warning = html.split('class="notice notice-warning already-open" role="alert">')[1].split("</div>")[0]
    assert "already belongs to Ann Lee, on acme (Acme Corp · Data Analyst), still open" in warning
    assert '<a href="/applications/acme/">Acme Corp · Data Analyst</a> <span class="sub">(Ann Lee)</span>' in warning
    assert "Add them anyway</button>" in warning
    # Nothing was added yet: the warning says what adding them anyway would mean.
    assert "if you add them anyway, they are one person to call with the one there: one card for both roles" in warning
    assert "Add them: not the same person</button>" in warning
    assert "Ann Lee" not in ft("show", "acme-senior").stdout
    web.follow(web.post(f"{page}contacts", {**form, "anyway": "1"}, page))
    assert "Ann Lee (interviewer): ANN.LEE@acme.example" in ft("show", "acme-senior").stdout
    shown = web.get(page).content.decode()
    assert "One person to call with Ann Lee (Acme Corp · Data Analyst): one card for their calls." in shown
