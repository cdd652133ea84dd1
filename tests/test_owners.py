"""Every row belongs to someone: two job seekers in one database (a career centre's server),
each with an application of the same id, each see and change only their own. The local
job search (the command line here, acting as the local owner) is one of them."""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import multiprocessing as mp
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from followthrough.cli import json_output
from tests.conftest import Cli
from tests.racing import racing, together
from tests.test_web import WebClient, web_session

TODAY = dt.date(2026, 11, 25)
SLUG = "acme-analyst"
OWNED = ["Profile", "Application", "Contact", "Event", "Step", "SentMessage", "Reminder", "MailboxCursor",
         "PossibleResponse", "JournalEntry"]  # fmt: skip


@dataclass
class Seekers:
    ft: Cli
    ana: Any  # a second job seeker's User row

    def as_ana(self) -> Any:
        from followthrough.services.owners import acting_as

        return acting_as(self.ana)


def _search(role: str, undone: dt.date, extra_slug: str | None = None) -> None:
    """An application interviewed on 3 November, a thank-you note sent, one event taken out
    again (a journal entry), a possible response waiting, a mailbox read so far."""
    from followthrough.core.model import ContactRole, Interview
    from followthrough.services.corrections.events import undo
    from followthrough.services.jobsearch.applications import add_application, add_contact, record_event
    from followthrough.store.models import Application, MailboxCursor, PossibleResponse

    add_application("Acme", role, SLUG, applied_on=dt.date(2026, 10, 20))
    add_contact(SLUG, "Ann Lee", ContactRole.HIRING_OFFICER, key="ann", email="ann@acme.example")
    record_event(SLUG, Interview(dt.date(2026, 11, 3), ("ann",)))
    record_event(SLUG, Interview(undone, ("ann",)))
    undo(SLUG)  # the journal keeps it
    moment = dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)
    PossibleResponse.objects.create(
        application=Application.objects.get(slug=SLUG), message_key=f"<{role}@acme.example>",
        sender="ann@acme.example", subject=f"About the {role} role", received=moment,
        received_on=moment.date(), reason="contact",
    )  # fmt: skip
    MailboxCursor.objects.create(account="me@mail.example", folder="INBOX", uidvalidity=7, last_uid=len(role))
    if extra_slug:
        add_application("Beta", role, extra_slug)


@pytest.fixture
def seekers(ft: Cli) -> Seekers:
    """The local job seeker (role Analyst) and Ana (role Data Analyst), both on acme-analyst;
    Ana also on beta-co, which the local job seeker does not have."""
    from followthrough.store.models import User

    ana = User.objects.create_user("ana")
    _search("Analyst", dt.date(2026, 11, 4))
    ft("profile", "set", "--timezone", "Europe/Paris")
    found = Seekers(ft, ana)
    with found.as_ana():
        _search("Data Analyst", dt.date(2026, 11, 5), extra_slug="beta-co")
    return found


def everything() -> dict[str, list[dict[str, Any]]]:
    """Every owned table, whoever owns the rows: what a refused request must leave as it was."""
    from django_scopes import scopes_disabled

    from followthrough.store import models

    with scopes_disabled():
        return {name: list(getattr(models, name).objects.order_by("pk").values()) for name in OWNED}


def _views(today: dt.date = TODAY) -> dict[str, str]:
    """What a job seeker can read of their search, each as text."""
    from dataclasses import asdict

    from followthrough.services.corrections import journal_entries as journal
    from followthrough.services.files.exchange import export_document
    from followthrough.services.jobsearch.applications import get_plan, list_applications
    from followthrough.services.mail import watch
    from followthrough.services.pages import applications_board as board
    from followthrough.services.pages import statistics
    from followthrough.services.pages.agenda import due_steps
    from followthrough.services.reminders.outbox import preview

    def text(value: object) -> str:
        return json.dumps(value, default=lambda o: asdict(o) if hasattr(o, "__dataclass_fields__") else str(o))

    document = export_document()
    moment = dt.datetime.combine(today, dt.time(23), dt.UTC)
    return {
        "agenda": json_output.agenda(due_steps(today)),
        "plan": text(get_plan(SLUG)),
        "list": text(list_applications()),
        "board": text(board.board(today)),
        "export": text(document.job_search),
        "statistics": text(statistics.compute(today)),
        "reminders": text(preview("terminal", moment).steps()),
        "journal": text(journal.journal()),
        "possible": text(watch.possible_responses()),
    }


def _step_ids() -> set[str]:
    from followthrough.services.jobsearch.applications import get_plan

    return {s.id for s in get_plan(SLUG).steps}


def test_each_job_seeker_sees_only_their_own_search(seekers: Seekers) -> None:
    mine, my_ids = _views(), _step_ids()
    with seekers.as_ana():
        anas, anas_ids = _views(), _step_ids()
    assert my_ids and anas_ids and my_ids.isdisjoint(anas_ids)
    for view, ids in (("agenda", r'"id": "([0-9a-f]{12})"'), ("plan", r'"id": "([0-9a-f]{12})"'),
                      ("reminders", r'"step_id": "([0-9a-f]{12})"')):  # fmt: skip
        assert set(re.findall(ids, mine[view])) <= my_ids and re.findall(ids, mine[view]), view
        assert set(re.findall(ids, anas[view])) <= anas_ids and re.findall(ids, anas[view]), view
    for view in ("list", "board", "export"):
        assert '"Analyst"' in mine[view] and "Data Analyst" not in mine[view] and "Beta" not in mine[view], view
        assert '"Data Analyst"' in anas[view] and '"Analyst"' not in anas[view] and "Beta" in anas[view], view
    assert json.loads(mine["statistics"])["applications"] == 1
    assert json.loads(anas["statistics"])["applications"] == 2
    assert "2026-11-04" in mine["journal"] and "2026-11-05" not in mine["journal"]
    assert "2026-11-05" in anas["journal"] and "2026-11-04" not in anas["journal"]
    assert "About the Analyst role" in mine["possible"] and "Data Analyst" not in mine["possible"]
    assert "About the Data Analyst role" in anas["possible"] and '"About the Analyst role"' not in anas["possible"]


def test_the_command_line_shows_the_local_job_search_only(seekers: Seekers) -> None:
    ft = seekers.ft
    listed = ft("list").stdout
    assert SLUG in listed and "beta-co" not in listed and "Data Analyst" not in listed
    shown = ft("show", SLUG).stdout
    assert "Analyst" in shown and "Data Analyst" not in shown
    exported = json.loads(ft("export").stdout)
    assert [a["role"] for a in exported["applications"]] == ["Analyst"]
    agenda = json.loads(ft("agenda", "--as-of", TODAY.isoformat(), "--json").stdout)
    assert agenda["steps"] and {s["id"] for s in agenda["steps"]} <= _step_ids()
    assert "Data Analyst" not in ft("journal").stdout


def test_two_job_seekers_with_the_same_application_id_never_share_a_step_id(seekers: Seekers) -> None:
    from followthrough.core.model import StepKind
    from followthrough.core.planner import step_id

    mine = _step_ids()
    with seekers.as_ana():
        anas = _step_ids()
    assert mine and anas and mine.isdisjoint(anas)
    # The local job search's ids are what they always were: no namespace.
    thank_you = step_id(SLUG, StepKind.THANK_YOU_NOTE, "ann", "0", 0)
    assert step_id(SLUG, StepKind.THANK_YOU_NOTE, "ann", "0", 0, namespace="") == thank_you


def _anas_thank_you(seekers: Seekers) -> str:
    from followthrough.core.model import StepKind
    from followthrough.services.jobsearch.applications import get_plan

    with seekers.as_ana():
        return next(s.id for s in get_plan(SLUG).steps if s.kind is StepKind.THANK_YOU_NOTE)


@pytest.mark.parametrize(
    "command",
    [["done", "{step}"], ["skip", "{step}"], ["snooze", "{step}", "--until", "2026-12-01"], ["draft", "{step}"],
     ["show", "beta-co"], ["delete", "beta-co", "--yes"], ["edit", "beta-co", "--role", "Mine now"],
     ["interview", "beta-co", "--on", "2026-11-05"], ["undo", "beta-co"]],
)  # fmt: skip
def test_the_local_job_seeker_cannot_touch_anothers_steps_or_applications(seekers: Seekers, command: list[str]) -> None:
    step = _anas_thank_you(seekers)
    before = everything()
    result = seekers.ft(*[word.format(step=step) for word in command], code=2)
    assert "Traceback" not in result.output
    assert everything() == before


def test_another_job_seeker_cannot_settle_or_delete_the_local_ones(seekers: Seekers) -> None:
    from followthrough.core.model import StepStatus
    from followthrough.services.corrections.editing import delete_application
    from followthrough.services.errors import UserError
    from followthrough.services.jobsearch.steps import settle_step

    local_step = sorted(_step_ids())[0]
    ft = seekers.ft
    ft("add", "Gamma", "Analyst", "--id", "gamma-only-mine")
    before = everything()
    with seekers.as_ana():
        with pytest.raises(UserError):
            settle_step(local_step, StepStatus.DONE)
        with pytest.raises(UserError):
            delete_application("gamma-only-mine")
    assert everything() == before
    # Ana deleting her own acme-analyst leaves the local one whole.
    with seekers.as_ana():
        delete_application(SLUG)
    assert SLUG in ft("list").stdout
    assert _step_ids()


@pytest.fixture
def web(seekers: Seekers) -> Iterator[WebClient]:
    yield from web_session()


def test_the_local_web_app_answers_404_for_anothers_application_and_settles_nothing(
    seekers: Seekers, web: WebClient
) -> None:
    step = _anas_thank_you(seekers)
    before = everything()
    assert web.get("/applications/beta-co/").status_code == 404
    assert web.get(f"/steps/{step}/draft").status_code == 404
    response = web.post(f"/steps/{step}/settle", {"action": "done"}, HTTP_HX_REQUEST="true")
    assert "Marked" not in response.content.decode()
    response = web.post("/applications/beta-co/delete", {"confirm": "beta-co"}, page="/applications/")
    assert response.status_code == 404
    assert everything() == before
    page = web.get(f"/applications/{SLUG}/").content.decode()
    assert "Analyst" in page and "Data Analyst" not in page


def test_an_import_replaces_only_the_acting_job_seekers_applications(seekers: Seekers, tmp_path: Any) -> None:
    from followthrough.interop import exchange
    from followthrough.services.files.exchange import import_document
    from followthrough.services.jobsearch.applications import list_applications

    backup = tmp_path / "mine.json"
    seekers.ft("export", "-o", str(backup))
    with seekers.as_ana():
        before = {a.id: a.role for a in list_applications()}
        anas_steps = _step_ids()
    mine = _step_ids()
    seekers.ft("import", str(backup))
    with seekers.as_ana():
        assert {a.id: a.role for a in list_applications()} == before
        assert _step_ids() == anas_steps
    assert _step_ids() == mine
    with seekers.as_ana():  # Ana imports the local file: her acme-analyst becomes that one
        import_document(exchange.read(backup))
        assert {a.id: a.role for a in list_applications()} == {SLUG: "Analyst", "beta-co": "Data Analyst"}
        assert _step_ids().isdisjoint(mine)
    assert _step_ids() == mine


def test_outside_a_scope_no_owned_table_can_be_read_or_written(seekers: Seekers) -> None:
    from django_scopes.exceptions import ScopeError

    from followthrough.store import models

    def unscoped() -> list[str]:
        refused = []
        for name in OWNED:
            model = getattr(models, name)
            for query in ("all", "exists", "count"):
                try:
                    manager = model.objects
                    list(manager.all()) if query == "all" else getattr(manager.filter(pk=1), query)()
                except ScopeError:
                    refused.append(name)
        try:
            models.Application(slug="x", company="X", role="Y")
        except ScopeError:
            refused.append("new application")
        return refused

    # A fresh context: no scope entered, as in a thread or request nobody scoped.
    refused = contextvars.Context().run(unscoped)
    assert refused == [name for name in OWNED for _ in range(3)] + ["new application"]


def test_the_fast_paths_take_the_orm_path_on_a_database_with_several_owners(seekers: Seekers) -> None:
    from followthrough.core.model import StepStatus
    from followthrough.services.fastpath.agenda import fast_due_steps
    from followthrough.services.fastpath.fast_settle import settle

    if seekers.ft.location.startswith("postgres"):
        assert fast_due_steps(seekers.ft.location, TODAY) is None  # never on PostgreSQL
        return
    assert fast_due_steps(seekers.ft.location, TODAY) is None
    step = sorted(_step_ids())[0]
    assert settle(seekers.ft.location, step, StepStatus.DONE) is None
    # The commands still work, through the ORM: the step is done, Ana's are untouched.
    before = everything()["Step"]
    seekers.ft("done", step, "--on", "2026-11-20")
    assert step not in {s["id"] for s in _agenda(seekers.ft)}
    with seekers.as_ana():
        assert not _step_ids() & {s["id"] for s in before if s["status"] != "pending"}


def _agenda(ft: Cli) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = json.loads(ft("agenda", "--as-of", TODAY.isoformat(), "--json").stdout)["steps"]
    return steps


def _creator(location: str, username: str, barrier: Any, jobs: mp.Queue, results: mp.Queue) -> None:  # type: ignore[type-arg]
    from followthrough import settings

    settings.configure(location)
    from followthrough.services.jobsearch.applications import add_application
    from followthrough.services.owners import acting_as
    from followthrough.store.models import User

    user = User.objects.get(username=username)
    while (slug := jobs.get()) is not None:
        together(barrier)
        try:
            with acting_as(user):
                results.put((username, add_application("Acme", f"Role of {username}", slug, anyway=True)))
        except Exception as error:
            results.put((username, repr(error)))


def test_two_job_seekers_adding_the_same_application_id_at_once_both_succeed(seekers: Seekers) -> None:
    from followthrough.services.jobsearch.applications import list_applications
    from followthrough.store.models import User

    User.objects.create_user("bea")
    names = ("ana", "bea")
    with racing(_creator, seekers.ft.location, each=[(name,) for name in names]) as racers:
        for n in range(6):
            outcomes = racers.run(f"same-{n}", f"same-{n}")
            assert outcomes == [("ana", f"same-{n}"), ("bea", f"same-{n}")], outcomes
    from followthrough.services.owners import acting_as

    for name in ("ana", "bea"):
        with acting_as(User.objects.get(username=name)):
            mine = {a.id: a.role for a in list_applications() if a.id.startswith("same-")}
        assert mine == {f"same-{n}": f"Role of {name}" for n in range(6)}


def test_a_phrase_one_seeker_typed_is_never_kept_with_anothers_job_search(seekers: Seekers) -> None:
    """One server process plans for many people: what dateparser read for Ana's promise
    ("in 1 week and 2 days", a phrasing of hers) is kept in her profile, not in the next
    person's who happens to save a change in the same process."""
    from django.db import transaction

    from followthrough.core.model import Debrief
    from followthrough.services.fastpath import promises
    from followthrough.services.jobsearch.applications import record_event
    from followthrough.services.jobsearch.profile import keep_readings
    from followthrough.store.models import Profile

    phrase = "in 1 week and 2 days"  # dateparser's, not the grammar's
    with seekers.as_ana():
        promises.resolve(phrase, dt.date(2026, 11, 5), _calendar())  # read while showing a page: not saved yet
    record_event(SLUG, Debrief(dt.date(2026, 11, 4), timeframe="two weeks"))  # the local seeker's change
    with transaction.atomic():
        keep_readings()
    mine = Profile.objects.get().readings or {}
    assert not any(phrase in key for key in mine), "Ana's words are not in the local job search"
    with seekers.as_ana(), transaction.atomic():
        keep_readings()  # as a change of hers would, in its transaction
    with seekers.as_ana():
        assert any(phrase in key for key in (Profile.objects.get().readings or {})), "kept with hers"


def _calendar() -> Any:
    from followthrough.services.jobsearch.profile import business_calendar

    return business_calendar()
