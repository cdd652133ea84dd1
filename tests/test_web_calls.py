"""A call made beyond the plan, recorded from the application's page (issue 20): the event
the command line's 'event add' records for it, through the same service. A call to someone
with no call waiting is kept beyond the plan and moves nothing; a call to someone whose
call is waiting is that call made early, as the planner reads any done call, and the page
says so. A refused call records nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from tests.test_web import WebClient, web_session, with_demo

PAGE = "/applications/globex-pm/"


@pytest.fixture
def demo_web(db: str) -> Iterator[WebClient]:
    for web in web_session():
        yield with_demo(web)  # Wed 18 Nov 2026


def _state(slug: str) -> tuple[Any, Any]:
    from followthrough.services.jobsearch import get_application, get_plan

    return get_application(slug).events, get_plan(slug).steps


def _call(web: WebClient, slug: str, **fields: str) -> Any:
    form = {"contact": "gus", "on": "2026-11-18", "outcome": "reached", "note": ""} | fields
    return web.post(f"/applications/{slug}/calls", form, page=f"/applications/{slug}/")


def test_a_call_to_someone_off_the_plan_is_kept_and_moves_nothing(demo_web: WebClient) -> None:
    from followthrough.core import codec
    from followthrough.core.model import CallOutcome, StepDone, StepKind, StepStatus

    page = demo_web.get(PAGE).content.decode()
    assert '<h2 id="extra-call" tabindex="-1">A call beyond the plan</h2>' in page
    assert '<option value="gus">Gus Hale (interviewer)</option>' in page
    events, steps = _state("globex-pm")
    answer = _call(demo_web, "globex-pm", on="2026-11-17", outcome="voicemail", note="Back on Monday")
    shown = demo_web.follow(answer)
    assert (
        "Recorded your call to Gus Hale on Tue 17 Nov 2026 (you left a voicemail): "
        "kept beyond the plan, which stays as it was." in shown
    )
    assert "Undo" in shown
    after_events, after_steps = _state("globex-pm")
    call = StepDone(dt.date(2026, 11, 17), StepKind.CALL_HIRING_OFFICER, "gus", CallOutcome.VOICEMAIL, "Back on Monday")
    assert after_events == (*events, call)
    assert codec.event_to_dict(call)["type"] == "step_done"  # what 'event add' takes
    pending = [(s.id, s.due) for s in steps if s.status is StepStatus.PENDING]
    assert [(s.id, s.due) for s in after_steps if s.status is StepStatus.PENDING] == pending
    done = [s for s in after_steps if s.contact == "gus" and s.kind is StepKind.CALL_HIRING_OFFICER]
    assert [(s.status, s.done_on) for s in done] == [(StepStatus.DONE, dt.date(2026, 11, 17))]


def test_a_call_whose_call_is_waiting_is_that_call_and_the_page_says_so(demo_web: WebClient) -> None:
    from followthrough.core.model import StepStatus

    _events, steps = _state("globex-pm")
    waiting = next(s for s in steps if s.contact == "fay" and s.status is StepStatus.PENDING)
    assert waiting.kind.value == "call_hiring_officer" and waiting.due == dt.date(2026, 11, 19)
    shown = demo_web.follow(_call(demo_web, "globex-pm", contact="fay"))
    assert (
        "Recorded your call to Fay Grant on Wed 18 Nov 2026 (you reached them): "
        "it counts as the call to Fay Grant planned for Thu 19 Nov 2026" in shown
    )
    settled = next(s for s in _state("globex-pm")[1] if s.id == waiting.id)
    assert (settled.status, settled.done_on) == (StepStatus.DONE, dt.date(2026, 11, 18))


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        ({"on": "2026-11-19"}, "a call you made is dated today or earlier"),
        ({"contact": "nobody"}, "Select a valid choice"),
        ({"outcome": "maybe"}, "Select a valid choice"),
        ({"outcome": ""}, "choose how the call went"),
    ],
)
def test_a_refused_call_records_nothing(demo_web: WebClient, fields: dict[str, str], said: str) -> None:
    before = _state("globex-pm")
    answer = _call(demo_web, "globex-pm", **fields)
    assert answer.status_code == 400
    assert said in answer.content.decode()
    assert _state("globex-pm") == before


def test_a_closed_application_offers_no_call_and_refuses_one(demo_web: WebClient) -> None:
    assert "A call beyond the plan" not in demo_web.get("/applications/hooli-designer/").content.decode()
    before = _state("hooli-designer")
    answer = _call(demo_web, "hooli-designer", contact="hal")
    assert answer.status_code == 400
    assert "Your application to Hooli is closed (rejected)" in answer.content.decode()
    assert _state("hooli-designer") == before
