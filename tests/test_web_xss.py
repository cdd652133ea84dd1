"""Whatever a user types comes back as text, never as markup: a script payload in every field."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.conftest import Cli
from tests.test_web import WebClient, web_session

PAYLOAD = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
PHONE = "+1 312 555 0100"  # phone numbers are checked where typed: a payload never gets stored there
APP = "/applications/{slug}/"


@pytest.fixture
def web(db: str) -> Iterator[WebClient]:
    yield from web_session()


def _clean(html: str, where: str) -> None:
    assert PAYLOAD not in html, f"unescaped payload on {where}"
    assert not re.search(r"<script>alert", html, flags=re.I), where


def test_a_script_payload_in_every_field_is_shown_escaped(web: WebClient, ft: Cli) -> None:
    def post(path: str, data: dict[str, str | list[str]], page: str) -> str:
        response = web.post(path, data, page)
        html = response.content.decode() if response.status_code != 303 else web.follow(response)
        _clean(html, path)
        return html

    post(
        "/settings/",
        {"name": PAYLOAD, "home_address": PAYLOAD, "phone": PHONE, "email": "", "timezone": "UTC", "country": ""},
        "/settings/",
    )
    post("/applications/", {"company": PAYLOAD, "role": PAYLOAD}, "/applications/")
    slug = ft("list").stdout.split()[0]
    app = APP.format(slug=slug)
    for role in ("hiring_officer", "interviewer", "inside_contact"):
        post(
            f"{app}contacts",
            {"name": f"{PAYLOAD} {role}", "role": role, "title": PAYLOAD, "phone": PHONE, "relation": PAYLOAD},
            app,
        )
    keys = re.findall(r'name="interviewers" value="([^"]+)"', web.get(app).content.decode())
    post(f"{app}interviews", {"on": "2026-11-03", "interviewers": keys, "final": "on", "notes": PAYLOAD}, app)
    post(
        f"{app}debrief",
        {
            "on": "2026-11-03",
            "how_did_i_do": PAYLOAD,
            "timeframe": PAYLOAD,
            "card_name": PAYLOAD,
            "card_title": PAYLOAD,
            "card_phone": PHONE,
        },
        f"{app}debrief",
    )
    # Error paths echo what was typed: they escape it too.
    post(f"{app}debrief", {"on": "2026-11-03", "timeframe": PAYLOAD, "preview": "1"}, f"{app}debrief")
    post(f"{app}debrief", {"on": PAYLOAD}, f"{app}debrief")
    post(f"{app}responses", {"on": "2026-11-18", "outcome": "not_decided", "decision_by": PAYLOAD}, app)
    post(f"{app}responses", {"on": "2026-11-18", "outcome": "not_decided", "decision_by": PAYLOAD, "preview": "1"}, app)
    post(f"{app}contacts", {"name": PAYLOAD, "role": PAYLOAD, "email": PAYLOAD}, app)
    post(f"{app}contacts", {"name": "Dee Fox", "role": "interviewer", "phone": PAYLOAD}, app)  # not a phone number
    post("/settings/", {"timezone": "UTC", "phone": PAYLOAD}, "/settings/")
    post("/settings/", {"timezone": PAYLOAD, "country": PAYLOAD}, "/settings/")
    post("/settings/", {"timezone": "UTC", "country": PAYLOAD}, "/settings/")
    post("/applications/", {"company": PAYLOAD, "role": "", "applied_on": PAYLOAD}, "/applications/")
    preview = web.get(f"{app}debrief/preview", {"timeframe": PAYLOAD, "on": "2026-11-03"}).content.decode()
    _clean(preview, "preview")
    assert ESCAPED in preview
    # A call's note, then every page that shows what was typed.
    today = web.get("/?as_of=2026-11-04").content.decode()
    call = re.findall(r'action="/steps/([0-9a-f]+)/settle"', today)
    for step in call:
        post(f"/steps/{step}/settle", {"action": "skip", "note": PAYLOAD, "on": "2026-11-04"}, "/")
    # The agenda htmx draws again after a settle, with its message naming the step and the person.
    left = re.findall(r'action="/steps/([0-9a-f]+)/settle"', web.get("/?as_of=2026-12-31").content.decode())
    fragment = web.post(f"/steps/{left[0]}/settle", {"action": "skip", "on": "2026-12-31"}, "/", HTTP_HX_REQUEST="true")
    _clean(fragment.content.decode(), "settle fragment")
    assert ESCAPED in fragment.content.decode()
    for path in ("/", "/?as_of=2026-12-31", "/applications/", app, f"{app}debrief", "/statistics/", "/settings/"):
        html = web.get(path).content.decode()
        _clean(html, path)
    shown = web.get(app).content.decode()
    assert shown.count(ESCAPED) >= 8  # company, role, people, titles, how it went, the timeframe...
    assert ESCAPED in web.get("/settings/").content.decode()


def test_a_note_on_a_call_is_escaped_on_the_timeline(web: WebClient, ft: Cli) -> None:
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme")
    ft("contact", "add", "acme", "--name", "Ann Lee", "--role", "hiring_officer", "--key", "ann")
    ft("interview", "acme", "--on", "2026-11-03", "--with", "ann")
    page = web.get("/?as_of=2026-11-10").content.decode()
    call = next(s for s in re.findall(r'id="step-([0-9a-f]+)"', page) if "Call Ann" in page.split(s)[1][:300])
    web.follow(web.post(f"/steps/{call}/settle", {"action": "reached", "note": PAYLOAD, "on": "2026-11-10"}))
    html = web.get("/applications/acme/").content.decode()
    _clean(html, "timeline")
    assert f"Note: {ESCAPED}" in html
