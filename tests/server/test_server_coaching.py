"""The coaching pages on the career-centre server, as each person's browser sees them:
consent given and ended, the caseload and its CSV, a seeker's page, the access log, the
administrator's figures, a seeker's own data in and out."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.coaching_support import COMPANIES, PASSWORD, Centre, make_centre, quick_passwords
from tests.server.support import Browser

pytestmark = pytest.mark.usefixtures("server")


@pytest.fixture
def centre(server: str) -> Iterator[Centre]:
    with quick_passwords():
        yield make_centre()


def browser_of(user: Any) -> Browser:
    """``user`` signed in (with a second factor, for coaches and administrators)."""
    from followthrough.services.accounts.members import second_factor_required

    browser = Browser()
    assert browser.sign_in(user.username, PASSWORD).status_code == 303
    if second_factor_required(user):
        browser.second_factor()
    return browser


def text(answer: Any) -> str:
    return str(answer.content.decode())


def test_a_coach_reads_the_caseload_and_a_seeker_s_page_only_with_consent(centre: Centre) -> None:
    cleo, sam = browser_of(centre.cleo), browser_of(centre.sam)
    caseload = cleo.get("/caseload/")
    assert caseload.status_code == 200
    page = text(caseload)
    assert "called Samcorp&#x27;s hiring officer 0 of 3 times since the promised date" in page
    assert "Tessellate" not in page and "Umbra" not in page and "Ann Lee" not in page
    summary = text(cleo.get(f"/caseload/{centre.sam.pk}/"))
    assert "Samcorp" in summary and "secret notes" not in summary and "ann@example.com" not in summary
    assert cleo.get(f"/caseload/{centre.sam.pk}/applications/").status_code == 404  # no full view
    assert cleo.get(f"/caseload/{centre.tess.pk}/").status_code == 404
    log = text(sam.get("/coaches/"))
    assert log.count("caseload list") == 1 and log.count("<td>summary</td>") == 1
    # Sam ends it: the next look is refused, and the caseload is empty.
    assert sam.post(f"/coaches/{centre.cleo.pk}/revoke", page="/coaches/").status_code == 303
    assert cleo.get(f"/caseload/{centre.sam.pk}/").status_code == 404
    assert "Samcorp" not in text(cleo.get("/caseload/"))


def test_the_caseload_csv_has_each_consenting_seeker_and_runs_nothing(centre: Centre) -> None:
    from followthrough.store.models import User

    User.objects.filter(pk=centre.sam.pk).update(first_name="=HYPERLINK(0)")
    answer = browser_of(centre.cleo).get("/caseload.csv")
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(text(answer))))
    assert [r["seeker"] for r in rows] == ["'=HYPERLINK(0)"]
    assert "Samcorp" in rows[0]["reasons"] and "Tessellate" not in text(answer)


def test_full_view_is_the_seeker_s_choice(centre: Centre) -> None:
    cleo, sam = browser_of(centre.cleo), browser_of(centre.sam)
    sam.post(f"/coaches/{centre.cleo.pk}/full-view", {"full_view": "on"}, page="/coaches/")
    listing = text(cleo.get(f"/caseload/{centre.sam.pk}/applications/"))
    assert "Samcorp Labs" in listing
    one = cleo.get(f"/caseload/{centre.sam.pk}/applications/samcorp-waiting/")
    assert one.status_code == 200 and "Call Ann Lee" in text(one)
    assert "<form" not in text(one).split("<main", 1)[1].replace('action="/logout"', "")  # read only
    sam.post(f"/coaches/{centre.cleo.pk}/full-view", {}, page="/coaches/")
    assert cleo.get(f"/caseload/{centre.sam.pk}/applications/").status_code == 404


def test_administrators_see_figures_not_people(centre: Centre) -> None:
    ada = browser_of(centre.ada)
    figures = text(ada.get("/organisation/figures"))
    assert "North Careers in figures" in figures and "Response rate" in figures
    assert not any(company in figures for company in COMPANIES.values())
    assert ada.get(f"/caseload/{centre.sam.pk}/").status_code == 404
    assert browser_of(centre.cleo).get("/organisation/figures").status_code == 404


def test_a_seeker_brings_a_file_previews_it_then_saves_it(centre: Centre) -> None:
    sam, uma = browser_of(centre.sam), browser_of(centre.uma)
    exported = sam.get("/my-data/export")
    assert exported.status_code == 200 and "attachment" in exported["Content-Disposition"]
    document = json.loads(exported.content)
    assert {a["company"] for a in document["applications"]} == {"Samcorp", "Samcorp Labs", "Samcorp Group"}
    upload = io.BytesIO(exported.content)
    upload.name = "sam.json"
    preview = uma.post("/my-data/import", {"file": upload}, page="/my-data/")
    assert preview.status_code == 200 and "nothing is saved yet" in text(preview)
    assert "Samcorp" not in text(uma.get("/applications/"))
    content = re.search(r'name="content" value="([^"]*)"', text(preview))
    assert content
    saved = uma.post(
        "/my-data/import", {"content": html.unescape(content.group(1)), "confirm": "yes"}, page="/my-data/"
    )
    assert saved.status_code == 303
    assert "Samcorp Labs" in text(uma.get("/applications/"))
    bad = uma.post("/my-data/import", {"content": "{not json", "confirm": "yes"}, page="/my-data/")
    assert bad.status_code == 400 and "malformed JSON" in text(bad)


def test_deleting_the_account_signs_out_and_leaves_nothing(centre: Centre) -> None:
    from django_scopes import scopes_disabled

    from followthrough.store.models import Application, User

    sam = browser_of(centre.sam)
    wrong = sam.post("/my-data/delete", {"password": "wrong"}, page="/my-data/")
    assert wrong.status_code == 400 and User.objects.filter(pk=centre.sam.pk).exists()
    gone = sam.post("/my-data/delete", {"password": PASSWORD}, page="/my-data/")
    assert gone.status_code == 303 and gone["Location"] == "/login"
    assert not User.objects.filter(pk=centre.sam.pk).exists()
    with scopes_disabled():
        assert not Application.objects.filter(company__startswith="Samcorp").exists()
    assert sam.get("/").status_code == 302
    assert "Samcorp" not in text(browser_of(centre.cleo).get("/caseload/"))


def test_a_coach_asks_by_address_and_the_seeker_accepts(centre: Centre) -> None:
    cleo, tess = browser_of(centre.cleo), browser_of(centre.tess)
    stranger = cleo.post("/caseload/ask", {"email": "uma@example.org"}, page="/caseload/")
    assert stranger.status_code == 303 and "no job seeker of your organisation" in text(cleo.get("/caseload/"))
    assert "Umbra" not in text(cleo.get("/caseload/"))
    cleo.post("/caseload/ask", {"email": "tess@example.org"}, page="/caseload/")
    assert "Asks for your consent" in text(tess.get("/coaches/"))
    assert cleo.get(f"/caseload/{centre.tess.pk}/").status_code == 404  # asking is not consent
    tess.post(f"/coaches/{centre.cleo.pk}/accept", page="/coaches/")
    assert "Tessellate" in text(cleo.get(f"/caseload/{centre.tess.pk}/"))
