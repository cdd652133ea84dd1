"""Errors are data (issue 19, point 1): services refuse with a typed error that names the
field in the domain's words, and each front end words it. The CLI names its option and the
command to type; the web names the form's field, the company and its own controls; no
service text names a command-line option or command, and the web never rewrites one."""

from __future__ import annotations

import ast
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.test_corrections import case_a, fixed_clock, plan, refused
from tests.test_web import WebClient, web_session
from tests.test_web_corrections import PAGE, SLUG, _case_a, _dump, _plan, _today

__all__ = ["fixed_clock"]  # the CLI tests here run on Wed 2026-11-25

SERVICES = Path(__file__).resolve().parents[1] / "src" / "followthrough" / "services"
OPTION = re.compile(r"(?<![\w-])--[a-z][a-z-]*")
COMMAND = re.compile(r"\bfollowthrough [a-z]")


def command_line_words(source: str) -> list[tuple[int, str]]:
    """(line, text) of each string in ``source`` that names a command-line option (--until)
    or command (followthrough reopen); docstrings and comments are not strings that reach a user."""
    tree = ast.parse(source)
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and (OPTION.search(node.value) or COMMAND.search(node.value))
    ]


def test_the_scan_finds_an_option_or_a_command_in_a_string_but_not_in_a_docstring() -> None:
    source = '''
def snooze(until):
    """Refused with --until, as 'followthrough snooze' says."""
    # a comment may say --until
    raise UserError(f"--until {until}: that is before today")


def closed(slug):
    return f"reopen it first ('followthrough reopen {slug}')"
'''
    assert sorted(line for line, _ in command_line_words(source)) == [5, 9]


def test_no_string_in_the_services_names_a_command_line_option_or_command() -> None:
    found = [
        f"{path.relative_to(SERVICES)}:{line}: {text!r}"
        for path in sorted(SERVICES.rglob("*.py"))
        for line, text in command_line_words(path.read_text(encoding="utf-8"))
    ]
    assert len(list(SERVICES.rglob("*.py"))) > 40  # the scan reads the services
    assert found == []


# -- the command line: its options and commands ------------------------------------------------


def _first_call(ft: Cli) -> str:
    return next(s["id"] for s in plan(ft)["steps"] if s["kind"] == "call_hiring_officer" and s["status"] == "pending")


def test_a_snooze_too_far_ahead_names_until_the_option_given(ft: Cli) -> None:
    case_a(ft)
    said = refused(ft, "snooze", _first_call(ft), "--until", "2028-01-01")
    assert "--until 2028-01-01: snoozed more than a year ahead" in said
    assert "--on" not in said
    assert "--until 2026-11-20: that is before today (2026-11-25)" in refused(
        ft, "snooze", _first_call(ft), "--until", "2026-11-20"
    )


def test_a_closed_application_tells_the_command_line_user_the_reopen_command(ft: Cli) -> None:
    case_a(ft)
    call = _first_call(ft)
    ft("respond", "acme", "--outcome", "rejected", "--on", "2026-11-20")
    for args in (("done", call), ("snooze", call, "--until", "2026-12-01"), ("interview", "acme")):
        said = refused(ft, *args)
        assert "acme is closed (rejected)" in said and "'followthrough reopen acme'" in said, args


def test_another_decision_on_a_closed_application_tells_of_replace(ft: Cli) -> None:
    case_a(ft)
    ft("respond", "acme", "--outcome", "rejected", "--on", "2026-11-20")
    said = refused(ft, "respond", "acme", "--outcome", "offer", "--on", "2026-11-24")
    assert "acme is closed (rejected): add --replace to record offer instead" in said


def test_an_event_edit_names_the_options_the_event_has_not(ft: Cli) -> None:
    case_a(ft)
    said = refused(ft, "event", "edit", "acme", "1", "--timeframe", "two weeks", "--by", "Friday")
    assert "event 1 is a interview: it has no --by, --timeframe" in said


# -- the web: the form's label, the company, the page's own controls ---------------------------


@pytest.fixture
def web(db: str) -> Iterator[WebClient]:
    yield from web_session()


def _alert(page: str) -> str:
    """The notice at the top of the page (role="alert"), as text."""
    return page.split('role="alert"', 1)[1].split("</p>", 1)[0]


def test_a_snooze_too_far_ahead_on_today_names_the_form_field(
    web: WebClient, ft: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    _case_a()
    _today(monkeypatch, dt.date(2026, 11, 25))
    call = next(i for i, s in _plan(ft).items() if s["kind"] == "call_hiring_officer")
    before = _dump(ft)
    page = web.follow(web.post(f"/steps/{call}/snooze", {"until": "2028-01-01", "next": "/"}))
    said = _alert(page)
    assert "Snooze until 2028-01-01: snoozed more than a year ahead" in said
    assert "--" not in said and "On 2028" not in said
    assert _dump(ft) == before


def test_a_closed_application_on_the_web_names_the_company_and_its_reopen_button(
    web: WebClient, ft: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    _case_a()
    _today(monkeypatch, dt.date(2026, 11, 25))
    call = next(i for i, s in _plan(ft).items() if s["kind"] == "call_hiring_officer")
    ft("respond", SLUG, "--outcome", "rejected", "--on", "2026-11-20")
    before = _dump(ft)
    said = _alert(web.follow(web.post(f"/steps/{call}/snooze", {"until": "2026-12-01", "next": PAGE}, PAGE)))
    assert "Your application to Acme Corp is closed (rejected)" in said
    assert "Reopen Acme Corp" in said  # the button on the application's page
    assert SLUG not in said and "--" not in said and "followthrough" not in said
    assert "<button>Reopen Acme Corp</button>" in web.get(PAGE).content.decode()
    assert _dump(ft) == before


def test_another_decision_on_a_closed_application_on_the_web_offers_no_missing_control(
    web: WebClient, ft: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    _case_a()
    _today(monkeypatch, dt.date(2026, 11, 25))
    ft("respond", SLUG, "--outcome", "rejected", "--on", "2026-11-20")
    before = _dump(ft)
    answer = web.post(f"{PAGE}responses", {"on": "2026-11-24", "outcome": "offer", "source": ""}, PAGE)
    page = answer.content.decode()
    assert answer.status_code == 400
    said = re.search(r"Your application to Acme Corp is closed \(rejected\)[^<]*", page)
    assert said is not None, page
    assert "replace" not in said[0].lower() and "--" not in said[0] and SLUG not in said[0]
    assert "What happened" in said[0] and "What happened</h2>" in page  # the place it sends the user to exists
    assert _dump(ft) == before


def test_a_second_hiring_officer_on_the_contact_page_names_its_checkbox(
    web: WebClient, ft: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    _case_a()
    _today(monkeypatch, dt.date(2026, 11, 25))
    before = _dump(ft)
    fields = {"name": "Bo Park", "role": "hiring_officer", "title": "", "phone": "", "email": "", "relation": ""}
    answer = web.post(f"{PAGE}contacts/bo/edit", fields)
    page = answer.content.decode()
    assert answer.status_code == 400
    assert "Your application to Acme Corp already has a hiring officer: Ann Lee (ann)" in page
    assert "If they become the hiring officer, the one on file becomes an interviewer" in page
    assert "add replace" not in page and "--replace" not in page
    assert _dump(ft) == before


def test_every_hint_has_words_in_both_front_ends() -> None:
    """A hint a service gives is never lost: the command line and the web each say it."""
    from followthrough.cli.errors import HINTS as CLI_HINTS
    from followthrough.services.errors import Hint
    from followthrough.web.refusals import HINTS as WEB_HINTS

    assert set(Hint) <= set(CLI_HINTS), set(Hint) - set(CLI_HINTS)
    assert set(Hint) <= set(WEB_HINTS), set(Hint) - set(WEB_HINTS)


def test_a_refusal_beside_an_application_page_field_names_it_once(web: WebClient, ft: Cli) -> None:
    """The interview form's date, refused by the service, is named by the page's label once
    ("Date 2040-03-14: …"), never by the form's internal name ("on: Date …")."""
    _case_a()
    before = _dump(ft)
    answer = web.post(f"{PAGE}interviews", {"on": "2040-03-14", "at": "", "notes": ""}, PAGE)
    page = answer.content.decode()
    assert answer.status_code == 400
    said = re.search(r"Date 2040-03-14: [^<]*", page)
    assert said is not None, page
    assert "on: Date" not in page
    assert _dump(ft) == before


def test_an_unknown_step_tells_where_to_find_the_steps(ft: Cli) -> None:
    """A full-length id that names no step (mistyped, or the plan changed) is refused with
    where the steps are listed, by done, skip and snooze alike, and changes nothing."""
    _case_a()
    before = _dump(ft)
    for command in (["done"], ["skip"], ["snooze", "--until", "2026-12-20"]):
        said = refused(ft, command[0], "ffffffffffff", *command[1:])
        assert "no step 'ffffffffffff'" in said and "followthrough agenda" in said, said
    assert _dump(ft) == before
