"""Each rule once (issue 19): the employer's answer is recorded the same way whichever front
end takes it (the command line's ``respond``, the application page's form, a reply the
watcher found, confirmed on the command line or on Today), and a closed application
refuses recording, settling and snoozing with one and the same sentence."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest

from followthrough.services.mail.watch import Found
from tests.conftest import Cli
from tests.test_corrections import case_a, fixed_clock, plan, refused
from tests.test_web import WebClient, web_session

__all__ = ["fixed_clock"]  # every test here runs on Wed 2026-11-25

SAID = "by end of next week"  # on Thu 2026-11-12: Fri 2026-11-20
SAID_ON = dt.date(2026, 11, 12)


@pytest.fixture
def web(db: str) -> Iterator[WebClient]:
    yield from web_session()


def _interviewed(ft: Cli, slug: str) -> None:
    ft("add", "Acme Corp", "Analyst", "--id", slug, "--anyway")  # the same job, once per front end
    ft.contact(slug, "Ann Lee", "hiring_officer", key="ann", email=f"ann@{slug}.example")
    ft("interview", slug, "--on", "2026-11-03", "--with", "ann", "--final")


def _found_reply(slug: str) -> int:
    """A reply from Ann to ``slug``, received on SAID_ON (mid-morning in Chicago)."""
    from followthrough.services.mail import watch
    from followthrough.store.models import PossibleResponse

    when = dt.datetime.combine(SAID_ON, dt.time(15), tzinfo=dt.UTC)
    found = Found(slug, f"m-{slug}", f"Ann Lee <ann@{slug}.example>", "Update", when, "contact", "ann", "INBOX", 1)
    watch.save_pass("me@host:993", "INBOX", 1, 1, [found])
    return int(PossibleResponse.objects.get(message_key=f"m-{slug}").pk)


def _recorded(ft: Cli, slug: str) -> tuple[list[dict[str, Any]], list[tuple[str, str, str, str]]]:
    """The application's events as stored and its plan, without what names the application."""
    events = json.loads(ft("events", slug, "--json").output)["events"]
    steps = sorted((s["kind"], s["contact"] or "", s["due"], s["status"]) for s in plan(ft, slug)["steps"])
    return events, steps


def test_not_decided_by_a_date_in_words_records_the_same_event_and_plan_from_every_front_end(
    ft: Cli, web: WebClient
) -> None:
    ft("profile", "set", "--timezone", "America/Chicago")
    for slug in ("cli", "page", "reply", "today"):
        _interviewed(ft, slug)

    ft("respond", "cli", "--outcome", "not_decided", "--by", SAID, "--on", SAID_ON.isoformat(), "--from", "ann")

    form = {"on": SAID_ON.isoformat(), "outcome": "not_decided", "source": "ann", "decision_by": SAID}
    page = web.follow(web.post("/applications/page/responses", form, "/applications/page/"))
    assert "A new wait starts: they will decide by Fri 20 Nov 2026." in page

    confirmed = ft("confirm", str(_found_reply("reply")), "--outcome", "not_decided", "--by", SAID)
    assert "Recorded their answer for reply: not decided yet." in confirmed.output

    # Today's answer form takes the date itself, as the others read it from the words.
    answer = {"outcome": "not_decided", "decision_by": "2026-11-20", "next": "/"}
    shown = web.follow(web.post(f"/possible/{_found_reply('today')}/confirm", answer))
    assert "Recorded their answer: not decided yet, they will decide by Fri 20 Nov 2026." in shown

    cli = _recorded(ft, "cli")
    response = cli[0][-1]
    assert response == {"n": 2, "type": "response", "on": "2026-11-12", "from": "ann", "outcome": "not_decided",
                        "decision_by": "2026-11-20", "said": SAID}  # fmt: skip
    assert ("call_hiring_officer", "ann", "2026-11-23", "pending") in cli[1], "the new wait runs from the new date"
    assert _recorded(ft, "page") == cli
    assert _recorded(ft, "reply") == cli
    today_events, today_steps = _recorded(ft, "today")  # a date given as a date: no words to keep
    assert today_events == [*cli[0][:-1], {k: v for k, v in response.items() if k != "said"}]
    assert today_steps == cli[1]


def test_a_date_in_words_is_refused_alike_with_a_decision(ft: Cli, web: WebClient) -> None:
    """A new decision date goes with "not decided yet" only, on the command line, on the
    application page and for a reply the watcher found; nothing is recorded."""
    ft("profile", "set", "--timezone", "America/Chicago")
    _interviewed(ft, "acme")
    before = _recorded(ft, "acme")
    pid = str(_found_reply("acme"))
    for command in (["respond", "acme"], ["confirm", pid]):
        assert "--by goes with --outcome not_decided" in refused(ft, *command, "--outcome", "offer", "--by", SAID)
    form = {"on": SAID_ON.isoformat(), "outcome": "offer", "source": "ann", "decision_by": SAID}
    response = web.post("/applications/acme/responses", form, "/applications/acme/")
    assert response.status_code == 400
    assert "A decision date goes with “Not decided yet” only." in response.content.decode()
    assert _recorded(ft, "acme") == before


def test_a_closed_application_refuses_recording_settling_and_snoozing_in_one_sentence(ft: Cli) -> None:
    case_a(ft)
    call = next(s["id"] for s in plan(ft)["steps"] if s["kind"] == "call_hiring_officer")
    ft("respond", "acme", "--outcome", "rejected", "--on", "2026-11-20")
    said = {
        refused(ft, *args)
        for args in (
            ["interview", "acme", "--on", "2026-11-24", "--with", "ann"],
            ["debrief", "acme", "--on", "2026-11-24", "--timeframe", "a week"],
            ["respond", "acme", "--outcome", "not_decided", "--on", "2026-11-24"],
            ["done", call],
            ["skip", call],
            ["snooze", call, "--until", "2026-12-01"],
        )
    }
    assert len(said) == 1, said
    [sentence] = said
    assert "acme is closed (rejected)" in sentence and "followthrough reopen acme" in sentence


def test_record_response_says_what_it_recorded_and_the_date_it_read(ft: Cli) -> None:
    from followthrough.core.model import Response, ResponseOutcome
    from followthrough.services.jobsearch.responses import record_response

    _interviewed(ft, "acme")
    recorded = record_response("acme", ResponseOutcome.NOT_DECIDED, SAID, "ann", SAID_ON)
    assert recorded.response == Response(SAID_ON, ResponseOutcome.NOT_DECIDED, "ann", dt.date(2026, 11, 20), SAID)
    assert recorded.decision_by == dt.date(2026, 11, 20) == recorded.plan.promised
    assert json.loads(ft("events", "acme", "--json").output)["events"][-1]["decision_by"] == "2026-11-20"


def test_a_new_date_with_a_decision_is_refused_by_event_edit_and_add_too(ft: Cli) -> None:
    """The rule lives once: correcting an answer or adding one as JSON cannot give a
    decision a new decision date either, and nothing changes."""
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme")
    ft.contact("acme", "Ann Lee", "hiring_officer", key="ann")
    ft("interview", "acme", "--on", "2026-11-03", "--with", "ann", "--final")
    ft("respond", "acme", "--outcome", "not_decided", "--by", "2026-11-20", "--on", "2026-11-12")
    before = ft("export").stdout
    edit = refused(ft, "event", "edit", "acme", "2", "--outcome", "offer")
    assert "--by goes with --outcome not_decided" in edit
    offer = '{"type": "response", "on": "2026-11-13", "outcome": "offer", "decision_by": "2026-11-30"}'
    added = refused(ft, "event", "add", "acme", offer)
    assert "--by goes with --outcome not_decided" in added
    assert ft("export").stdout == before
