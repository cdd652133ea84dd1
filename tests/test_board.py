"""The board (issue 11, point 5): the stages before any interview as columns beside the
derived ones, moving a card between them, search and filters, the archive, the Upcoming
page, and what the board costs the database whatever the size of the job search."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from followthrough.core.model import ContactRole, Debrief, Interview, Response, ResponseOutcome
from tests.conftest import Cli
from tests.test_web import WebClient, web_session

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def web(db: str) -> Iterator[WebClient]:
    yield from web_session()


@pytest.fixture(autouse=True)
def _today(pin_clock: Any) -> None:
    """Every test runs on TODAY (noon UTC: TODAY in the profile's zone, UTC by default),
    wherever "today" is read: the pages, the planner, the commands."""
    pin_clock(dt.datetime.combine(TODAY, dt.time(12), tzinfo=dt.UTC))


def _search(ft: Cli) -> None:
    """One application in each stage, and one closed."""
    from followthrough.services.jobsearch.applications import add_application, add_contact, record_event

    add_application("Acme", "Analyst", "acme", stage="saved", tags=["remote", "sql"], notes="Dana's team", priority=1)
    add_application("Globex", "Engineer", "globex", stage="screening", location="Berlin")
    add_application("Initech", "Analyst", "initech")  # no stage set: applied
    for slug, company, interview, timeframe in (
        ("hooli", "Hooli", dt.date(2026, 11, 3), "two weeks"),  # promised Nov 17: passed
        ("umbrella", "Umbrella", dt.date(2026, 11, 3), "two months"),  # not yet
        ("soylent", "Soylent", dt.date(2026, 11, 30), None),  # ahead: interviewing
        ("wonka", "Wonka", dt.date(2026, 11, 2), None),  # closed below
    ):
        add_application(company, "Analyst", slug, tags=["sql"] if slug == "hooli" else None)
        add_contact(slug, "Ann Lee", ContactRole.HIRING_OFFICER, key="ann")
        record_event(slug, Interview(interview, ("ann",)))
        if timeframe:
            record_event(slug, Debrief(interview, timeframe=timeframe))
    record_event("wonka", Response(dt.date(2026, 11, 10), ResponseOutcome.REJECTED))


def _columns(board: Any) -> dict[str, list[str]]:
    return {c.stage: [card.id for card in c.cards] for c in board.columns}


# -- the service, on both databases ----------------------------------------------------------


def test_every_stage_is_a_column_and_closed_ones_are_archived(ft: Cli) -> None:
    from followthrough.services.pages.applications_board import archive, board

    _search(ft)
    shown = board(TODAY)
    assert _columns(shown) == {
        "saved": ["acme"],
        "applied": ["initech"],
        "screening": ["globex"],
        "interviewing": ["soylent"],
        "waiting": ["hooli", "umbrella"],
    }
    assert shown.archived == 1
    assert [c.id for c in archive(TODAY).cards] == ["wonka"]
    assert [c.movable for c in shown.columns[0].cards] == [True]
    assert not any(card.movable for c in shown.columns[3:] for card in c.cards)


@pytest.mark.parametrize(
    ("filters", "expected", "archived"),
    [
        ({"search": "dana"}, {"acme"}, 0),  # in the notes
        ({"search": "SQL"}, {"acme", "hooli"}, 0),  # in the tags
        ({"search": "analyst"}, {"acme", "initech", "hooli", "umbrella", "soylent"}, 1),  # the role
        ({"company": "glob"}, {"globex"}, 0),
        ({"role": "engineer"}, {"globex"}, 0),
        ({"tag": "Remote"}, {"acme"}, 0),
        ({"tag": "sq"}, set(), 0),  # a tag is matched whole
        ({"stage": "screening"}, {"globex"}, 0),
        ({"promise_passed": True}, {"hooli"}, 0),
        ({"search": "analyst", "stage": "waiting"}, {"hooli", "umbrella"}, 0),
    ],
)
def test_search_and_filters(ft: Cli, filters: dict[str, Any], expected: set[str], archived: int) -> None:
    from followthrough.services.pages.applications_board import Filters, board

    _search(ft)
    shown = board(TODAY, Filters(**filters))
    assert {card for cards in _columns(shown).values() for card in cards} == expected
    assert shown.archived == archived


def test_moving_a_card_sets_its_stage(ft: Cli) -> None:
    from followthrough.services.jobsearch.stages import move_to_stage
    from followthrough.services.pages.applications_board import board

    _search(ft)
    moved = move_to_stage("acme", "applied", expected="saved")
    assert (moved.before, moved.after) == ("saved", "applied")
    assert "acme" in _columns(board(TODAY))["applied"]
    assert json.loads(ft("list", "--json").stdout)["applications"][0]["stage"] == "applied"


@pytest.mark.parametrize(
    ("slug", "stage", "expected", "message"),
    [
        ("acme", "waiting", None, "“waiting” comes from what was recorded"),
        ("acme", "interviewing", None, "record an interview on its page"),
        ("acme", "closed", None, "record their answer"),
        ("acme", "offer", None, "unknown stage 'offer'"),
        ("acme", "saved", None, "Acme is in “saved” already"),
        ("acme", "applied", "screening", "Acme was moved meanwhile: it is in “saved” now"),
        ("hooli", "screening", None, "Hooli has an interview recorded: its stage comes from its events"),
        ("wonka", "saved", None, "Wonka is closed"),
        ("nobody", "saved", None, "no application 'nobody'"),
    ],
)
def test_a_refused_move_says_why_and_changes_nothing(
    ft: Cli, slug: str, stage: str, expected: str | None, message: str
) -> None:
    from followthrough.services.errors import UserError
    from followthrough.services.jobsearch.stages import move_to_stage

    _search(ft)
    before = ft("export", "--json").stdout
    with pytest.raises(UserError, match=re.escape(message)):
        move_to_stage(slug, stage, expected)
    assert ft("export", "--json").stdout == before


# -- the web pages ----------------------------------------------------------------------------


def _token(web: WebClient, page: str = "/applications/") -> str:
    return web.csrf(page)


def test_the_board_page_shows_stages_filters_and_the_archive_link(web: WebClient, ft: Cli) -> None:
    _search(ft)
    html = web.get("/applications/").content.decode()
    for stage in ("saved", "applied", "screening", "interviewing", "waiting"):
        assert f'id="col-{stage}"' in html
    assert 'id="col-closed"' not in html and "Wonka" not in html
    assert 'href="/applications/?archive=1">Archive (1)</a>' in html
    assert html.count('class="move"') == 3  # a Move to form on the three movable cards only
    found = web.get("/applications/", {"tag": "sql", "q": "analyst"}).content.decode()
    assert "Acme" in found and "Hooli" in found and "Umbrella" not in found
    assert 'value="sql"' in found and "Clear the filters" in found
    archive = web.get("/applications/", {"archive": "1"}).content.decode()
    assert "Archive: closed applications" in archive and "Wonka" in archive and "Acme" not in archive
    assert web.get("/applications/", {"stage": "closed"}).content.decode().count("Wonka") >= 1  # the old link
    late = web.get("/applications/", {"promise": "passed"}).content.decode()
    assert "Hooli" in late and "Umbrella" not in late and "Acme" not in late


def test_the_move_form_moves_and_comes_back_to_the_card(web: WebClient, ft: Cli) -> None:
    _search(ft)
    token = _token(web)
    response = web.client.post(
        "/applications/acme/stage",
        {"csrfmiddlewaretoken": token, "stage": "screening", "expected": "saved", "next": "/applications/?tag=sql"},
    )
    assert response.status_code == 303 and response["Location"] == "/applications/?tag=sql#card-acme"
    page = web.get(response["Location"]).content.decode()
    assert "Moved Acme to Screening." in page
    assert "acme" in page.split('id="col-screening"')[1].split("</section>")[0]


def test_a_refused_move_is_a_4xx_page_with_the_reason_and_changes_nothing(web: WebClient, ft: Cli) -> None:
    _search(ft)
    before = ft("export", "--json").stdout
    token = _token(web)
    refused = web.client.post(
        "/applications/acme/stage", {"csrfmiddlewaretoken": token, "stage": "waiting", "expected": "saved"}
    )
    assert refused.status_code == 409
    assert "“Waiting for an answer” comes from what was recorded" in refused.content.decode()
    stale = web.client.post(
        "/applications/acme/stage",
        {"csrfmiddlewaretoken": token, "stage": "applied", "expected": "screening"},
        HTTP_X_REQUESTED_WITH="fetch",
    )  # the drag-and-drop script's request: the reason as text
    assert stale.status_code == 409 and stale.content.decode().startswith("Acme was moved meanwhile")
    nobody = web.client.post("/applications/nobody/stage", {"csrfmiddlewaretoken": token, "stage": "saved"})
    assert nobody.status_code == 404
    empty = web.client.post("/applications/acme/stage", {"csrfmiddlewaretoken": token})
    assert empty.status_code == 400
    assert web.client.post("/applications/acme/stage", {"stage": "applied"}).status_code == 403  # no CSRF token
    away = web.client.post(
        "/applications/acme/stage",
        {"csrfmiddlewaretoken": token, "stage": "applied", "next": "https://evil.example/"},
        HTTP_X_REQUESTED_WITH="fetch",
    )
    assert away.content.decode() == "/applications/#card-acme"  # never another site
    ft("edit", "acme", "--stage", "saved")
    assert ft("export", "--json").stdout == before


def test_the_upcoming_page_lists_the_next_14_days(web: WebClient, ft: Cli) -> None:
    _search(ft)
    plan = json.loads(ft("plan", "hooli", "--json").stdout)["steps"]
    due = sorted(s["due"] for s in plan if s["status"] == "pending")
    html = web.get("/upcoming/").content.decode()
    assert "Upcoming" in html and 'aria-current="page">Upcoming' in html
    inside = [d for d in due if TODAY.isoformat() < d <= (TODAY + dt.timedelta(days=14)).isoformat()]
    outside = [d for d in due if d > (TODAY + dt.timedelta(days=14)).isoformat()]
    assert inside and outside
    for d in inside:
        assert f'id="day-{d}"' in html
    for d in outside:
        assert f'id="day-{d}"' not in html
    assert "Hooli" in html and "Soylent" in html  # Soylent's thank-you note, Nov 30


def test_upcoming_says_so_when_nothing_is_planned(web: WebClient) -> None:
    assert "Nothing planned for the next 14 days" in web.get("/upcoming/").content.decode()


# -- what the board costs ------------------------------------------------------------------------


def _many(n: int) -> None:
    from followthrough.services.jobsearch.applications import add_application, add_contact, record_event

    for i in range(n):
        slug = add_application(f"Co {i}", "Analyst", f"co-{i}", stage=("saved", "screening", None)[i % 3])
        if i % 2:
            add_contact(slug, "Ann Lee", ContactRole.HIRING_OFFICER, key="ann")
            record_event(slug, Interview(dt.date(2026, 11, 3), ("ann",)))
            record_event(slug, Debrief(dt.date(2026, 11, 3), timeframe="two weeks"))
        if i % 5 == 0:
            record_event(slug, Response(dt.date(2026, 11, 10), ResponseOutcome.REJECTED))


@pytest.mark.parametrize("applications", [3, 30])
@pytest.mark.parametrize("query", ["", "?q=co&tag=x", "?promise=passed", "?archive=1"])
def test_the_board_costs_at_most_6_queries_whatever_the_size(
    ft: Cli, web: WebClient, applications: int, query: str
) -> None:
    _many(applications)
    web.get(f"/applications/{query}")
    with CaptureQueriesContext(connection) as queries:
        response = web.get(f"/applications/{query}")
    assert response.status_code == 200
    assert len(queries) <= 6, "\n".join(q["sql"][:160] for q in queries.captured_queries)


@pytest.mark.parametrize("days_later", [0, 7, 21, 60])
def test_waiting_past_the_promise_is_what_the_planner_says_on_any_day(ft: Cli, days_later: int) -> None:
    """The filter reads the promised date kept with each plan: on any day it picks exactly
    the applications whose current waiting phase the planner says has passed its promise."""
    from followthrough.services.jobsearch.planning import current_books, load_applications, plan_for
    from followthrough.services.jobsearch.profile import business_calendar
    from followthrough.services.pages.applications_board import promise_passed

    _search(ft)
    day = TODAY + dt.timedelta(days=days_later)
    from followthrough.store.models import Application as ApplicationRow

    apps = load_applications(set(ApplicationRow.objects.values_list("slug", flat=True)))
    calendar, books = business_calendar(), current_books()
    planned = {
        slug
        for slug, app in apps.items()
        if (promised := plan_for(app, calendar, books).promised) is not None and promised < day
    }
    assert promise_passed(set(apps), day) == planned
