"""After "not decided yet, by the end of next week", the promise the wait counts from is
the new one, with its words, who gave it and when, and the debrief's is history: in
`show`, the `plan` header, `plan --json` and the application page (they all showed the
debrief's promise, and the new one's words were lost)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from tests.conftest import Cli
from tests.test_web import WebClient, web_session

SLUG = "acme"
SAID = "by the end of next week"  # on Wed 2026-11-18: Fri 2026-11-27


@pytest.fixture
def web(db: str) -> Iterator[WebClient]:
    yield from web_session()


def _promised_twice(ft: Cli) -> None:
    ft("add", "Acme Corp", "Data Analyst", "--id", SLUG)
    ft.contact(SLUG, "Ann Lee", "hiring_officer", key="ann")
    ft.contact(SLUG, "Bo Park", "interviewer", key="bo")
    ft("interview", SLUG, "--on", "2026-11-03", "--with", "ann", "--final")
    ft("debrief", SLUG, "--on", "2026-11-03", "--timeframe", "two weeks")
    ft("respond", SLUG, "--outcome", "not_decided", "--on", "2026-11-18", "--from", "bo", "--by", SAID)


def test_plan_and_show_give_the_current_promise_and_the_earlier_one(ft: Cli) -> None:
    _promised_twice(ft)
    header = ft("plan", SLUG).stdout.splitlines()[:3]
    assert header == [
        "Acme Corp · Data Analyst: open",
        "They will decide by Fri 2026-11-27 ('by the end of next week'), said by Bo Park on Wed 2026-11-18.",
        "Earlier: They would decide by Tue 2026-11-17 ('two weeks'), said by Ann Lee on Tue 2026-11-03.",
    ]
    shown = ft("show", SLUG).stdout
    section = shown.split("\nPromise\n")[1].split("\n\n")[0].splitlines()
    assert section == [f"  {line}" for line in header[1:]]


def test_plan_json_adds_the_current_promise_and_the_earlier_ones(ft: Cli) -> None:
    _promised_twice(ft)
    plan = json.loads(ft("plan", SLUG, "--json").stdout)
    assert plan["promise"] == {
        "said": SAID, "on": "2026-11-18", "date": "2026-11-27", "by": "bo", "source": "response"
    }  # fmt: skip
    assert plan["earlier_promises"] == [
        {"said": "two weeks", "on": "2026-11-03", "date": "2026-11-17", "by": "ann", "source": "debrief"}
    ]
    assert plan["promised"] == [{"said": "two weeks", "on": "2026-11-03", "date": "2026-11-17"}]  # kept as it was
    # the words are kept with the answer, and an edit in new words replaces them
    ft("event", "edit", SLUG, "3", "--by", "in three weeks")
    edited = json.loads(ft("plan", SLUG, "--json").stdout)["promise"]
    assert (edited["said"], edited["date"]) == ("in three weeks", "2026-12-09")
    ft("event", "edit", SLUG, "3", "--by", "2026-12-11")
    edited = json.loads(ft("plan", SLUG, "--json").stdout)["promise"]
    assert (edited["said"], edited["date"]) == ("2026-12-11", "2026-12-11")
    assert "They will decide by Fri 2026-12-11, said by Bo Park" in ft("plan", SLUG).stdout


def test_the_application_page_shows_the_current_promise_and_the_earlier_ones(ft: Cli, web: WebClient) -> None:
    _promised_twice(ft)
    page = web.get(f"/applications/{SLUG}/").content.decode()
    plan = page.split('id="plan-title"')[1]
    current = plan.split('<p class="promise">')[1].split("</p>")[0]
    assert current == (
        "A decision by <strong>Fri 27 Nov 2026</strong> (“by the end of next week”), "
        "said by Bo Park on Wed 18 Nov 2026."
    )
    earlier = plan.split('<details class="earlier-promises">')[1].split("</details>")[0]
    assert "Earlier promises (1)" in earlier
    said = "A decision by <strong>Tue 17 Nov 2026</strong> (“two weeks”), said by Ann Lee on Tue 03 Nov 2026."
    assert said in earlier
    assert "they will know by Fri 27 Nov 2026 (“by the end of next week”)" in page  # under What happened
