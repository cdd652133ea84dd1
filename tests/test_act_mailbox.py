"""What the reply watcher found, on Today: an answer confirmed (through the one change path)
or put aside, and a contact's out-of-office reply turned, on the user's word only, into a
snooze of their next step. Real Dovecot on loopback for the watcher."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from followthrough import clock
from followthrough.core.model import ContactRole, Interview, StepDone, StepKind
from followthrough.services.mail.watch import Found
from tests.conftest import Cli
from tests.racing import racing, second_front_end, together
from tests.test_watch import PASSWORD, Dovecot, dovecot, mail  # noqa: F401  (the fixture)
from tests.test_web import WebClient, web_session


@pytest.fixture
def web(db: str) -> Iterator[WebClient]:
    # The real today: a patched one would stay in the modules first imported under it.
    yield from web_session()


@pytest.fixture(autouse=True)
def before_she_is_back(pin_clock: Any) -> None:
    """Wednesday 25 November 2026, 9:00 in Chicago: after the first call to Ann was due,
    twelve days before the out-of-office replies say she is back (here and in the racers)."""
    pin_clock(dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.UTC))


def _job_search(ft: Cli) -> None:
    from followthrough.services.jobsearch.applications import add_application, add_contact, record_event

    ft("profile", "set", "--name", "Jordan Rivera", "--timezone", "America/Chicago", "--email", "jordan@example.org")
    add_application("Acme Corp", "Analyst", "acme")
    add_contact("acme", "Ann Lee", ContactRole.HIRING_OFFICER, "ann", email="ann@acme.example")
    record_event("acme", Interview(dt.date(2026, 11, 16), ("ann",)))  # calls to Ann: 11-23, 11-30, 12-07
    # The note went out (an out-of-office reply to it is what comes back).
    record_event("acme", StepDone(dt.date(2026, 11, 16), StepKind.THANK_YOU_NOTE, "ann"))


def _found(key: str, subject: str, kind: str = "reply", back_on: dt.date | None = None) -> int:
    from followthrough.services.mail import watch
    from followthrough.store.models import PossibleResponse

    when = dt.datetime(2026, 11, 19, 15, 0, tzinfo=dt.UTC)
    item = Found("acme", key, "Ann Lee <ann@acme.example>", subject, when, "contact", "ann", "INBOX", 1, kind, back_on)
    watch.save_pass("me@host:993", "INBOX", 1, 1, [item])
    return int(PossibleResponse.objects.get(message_key=key).pk)


def _state() -> tuple[list[Any], list[Any], list[Any]]:
    from followthrough.store.models import Event, PossibleResponse, Step

    return (
        list(Event.objects.values_list("type", "payload").order_by("application", "position")),
        sorted(Step.objects.values_list("id", "status", "due")),
        sorted(PossibleResponse.objects.values_list("id", "status")),
    )


def _calls(ft: Cli) -> list[tuple[str, str]]:
    steps = json.loads(ft("plan", "acme", "--json").stdout)["steps"]
    return [(s["due"], s["status"]) for s in steps if s["kind"] == "call_hiring_officer"]


def test_an_answer_confirmed_as_not_decided_restarts_the_wait_from_its_date(ft: Cli, web: WebClient) -> None:
    _job_search(ft)
    pid = _found("m1", "Still deciding")
    page = web.get("/").content.decode()
    assert "From your mailbox" in page and "Still deciding" in page and f'action="/possible/{pid}/confirm"' in page
    shown = web.follow(
        web.post(f"/possible/{pid}/confirm", {"outcome": "not_decided", "decision_by": "2026-12-01", "next": "/"})
    )
    assert "Recorded their answer: not decided yet, they will decide by Tue 01 Dec 2026." in shown
    assert "Still deciding" not in shown
    from followthrough.store.models import Event

    response = Event.objects.get(type="response").payload
    assert response == {"type": "response", "on": "2026-11-19", "from": "ann", "outcome": "not_decided",
                        "decision_by": "2026-12-01"}  # fmt: skip
    assert [due for due, status in _calls(ft) if status == "pending"] == ["2026-12-02", "2026-12-09", "2026-12-16"]


def test_a_dismissed_message_leaves_the_plan_as_it_was(ft: Cli, web: WebClient) -> None:
    _job_search(ft)
    pid = _found("m1", "Newsletter")
    before = _state()
    shown = web.follow(web.post(f"/possible/{pid}/dismiss", {"next": "/"}))
    assert "Put aside the message “Newsletter”" in shown and "From your mailbox" not in shown
    after = _state()
    assert after[:2] == before[:2] and after[2] == [(pid, "dismissed")]


@pytest.mark.parametrize(
    ("form", "said"),
    [
        ({"outcome": "offer", "decision_by": "2026-12-01"}, "a decision date goes with"),
        ({"outcome": "maybe"}, "Select a valid choice"),
        ({"outcome": ""}, "choose what they said"),
        ({"outcome": "not_decided", "decision_by": "12/01"}, "Enter a valid date"),
    ],
)
def test_a_refused_answer_changes_nothing(ft: Cli, web: WebClient, form: dict[str, str], said: str) -> None:
    _job_search(ft)
    pid = _found("m1", "Update")
    before = _state()
    shown = web.follow(web.post(f"/possible/{pid}/confirm", {**form, "next": "/"}))
    assert "Not recorded" in shown and said in shown
    assert _state() == before


def test_confirming_twice_or_a_gone_message_changes_nothing(ft: Cli, web: WebClient) -> None:
    _job_search(ft)
    pid = _found("m1", "Update")
    web.follow(web.post(f"/possible/{pid}/confirm", {"outcome": "offer", "next": "/"}))
    before = _state()
    again = web.post(f"/possible/{pid}/confirm", {"outcome": "rejected"}, page="/settings/")
    assert "was already confirmed" in web.follow(again)
    gone = web.post("/possible/999/dismiss", {}, page="/settings/")  # dealt with elsewhere, or not ours
    assert gone.status_code == 404 and "no longer among what the watcher found" in gone.content.decode()
    assert _state() == before


def test_an_out_of_office_reply_offers_to_move_the_next_call_and_moves_it_when_confirmed(
    ft: Cli, web: WebClient
) -> None:
    _job_search(ft)
    pid = _found("ooo", "Out of office", "out_of_office", dt.date(2026, 12, 7))
    from followthrough.services.pages.agenda import due_steps

    assert due_steps(dt.date(2026, 12, 31)).possible == []  # not an answer: the agenda's list leaves it out
    page = web.get("/").content.decode()
    assert "Ann Lee is away, back Mon 07 Dec 2026" in page
    assert "Move the call to Ann Lee to Tue 08 Dec 2026" in page
    step = re.search(rf'action="/possible/{pid}/snooze".*?name="step" value="([0-9a-f]+)"', page, re.S)
    assert step is not None
    # An answer's button cannot record an out-of-office reply as the employer's answer.
    before = _state()
    assert "not an answer" in web.follow(web.post(f"/possible/{pid}/confirm", {"outcome": "offer"}))
    assert "out of date" in web.follow(web.post(f"/possible/{pid}/snooze", {"step": "0" * 12}))
    assert _state() == before
    posted = web.post(f"/possible/{pid}/snooze", {"step": step.group(1), "next": "/"})
    shown = web.follow(posted)
    assert "Moved the call to Ann Lee to Tue 08 Dec 2026, when they are back." in shown
    assert [due for due, status in _calls(ft) if status == "pending"] == ["2026-12-08", "2026-12-15", "2026-12-22"]
    from followthrough.store.models import Event

    assert Event.objects.get(type="step_snoozed").payload["until"] == "2026-12-08"
    assert "is away" not in shown


def test_the_move_skips_holidays_and_days_away(ft: Cli, web: WebClient) -> None:
    _job_search(ft)
    ft("profile", "set", "--country", "US")
    ft("away", "add", "--from", "2026-12-08", "--until", "2026-12-09")
    _found("ooo", "Automatic reply", "out_of_office", dt.date(2026, 12, 24))
    assert "to Mon 28 Dec 2026" in web.get("/").content.decode()  # not Christmas, not the weekend
    _found("ooo2", "Automatic reply", "out_of_office", dt.date(2026, 12, 7))
    assert "to Thu 10 Dec 2026" in web.get("/").content.decode()  # not the days away


def test_the_watcher_turns_a_contact_s_auto_reply_with_a_date_into_a_proposal(
    ft: Cli,
    dovecot: Dovecot,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from followthrough.services.mail.watch_pass import watch_once
    from followthrough.store.models import PossibleResponse

    _job_search(ft)
    user = dovecot.new_user()
    monkeypatch.setenv("FOLLOWTHROUGH_IMAP_PASSWORD", PASSWORD)
    ft("profile", "imap", "--host", "127.0.0.1", "--port", str(dovecot.port), "--security", "none", "--user", user)
    date = "Thu, 19 Nov 2026 09:15:00 -0600"
    away = mail(
        "Ann Lee <ann@acme.example>", "Automatic reply: Thank you", date, extra="Auto-Submitted: auto-replied\r\n"
    )
    away = away.replace(b"Hello,\r\n\r\nThanks.", "Je suis absente jusqu'au 4 décembre.".encode("latin-1"))
    away = away.replace(b"Content-Type: text/plain", b"Content-Type: text/plain; charset=latin-1")
    no_date = mail("Ann Lee <ann@acme.example>", "Out of office", date, extra="X-Autoreply: yes\r\n")
    stranger = mail("Bob <bob@elsewhere.example>", "Out of office until 1 December", date,
                    extra="Auto-Submitted: auto-replied\r\n")  # fmt: skip
    dovecot.deliver(user, away, no_date, stranger)
    result = watch_once()
    assert [(f.kind, f.back_on) for f in result.found] == [("out_of_office", dt.date(2026, 12, 4))]
    assert PossibleResponse.objects.get().kind == "out_of_office"
    with dovecot.mailbox(user) as box:  # its text was read, and it stays unread
        assert all("\\Seen" not in m.flags for m in box.fetch(mark_seen=False))
    out = ft("watch").stdout
    assert "0 possible response(s)" in out  # nothing new on a second pass


# --- two confirmations of one out-of-office reply at once -------------------------------


def _snoozer(location: str, barrier: Any, jobs: Any, results: Any) -> None:
    second_front_end(location)  # its own process and connection, the local owner's job search
    from followthrough.services.errors import UserError
    from followthrough.services.pages.on_today import snooze_while_away

    while (job := jobs.get()) is not None:
        together(barrier)
        try:
            snooze_while_away(*job)
            results.put(("moved", ""))
        except UserError as error:
            results.put(("refused", str(error)))
        except Exception as error:
            results.put(("crashed", repr(error)))


def test_of_two_confirmations_at_once_exactly_one_moves_the_step(ft: Cli) -> None:

    from followthrough.services.mail.watch import save_pass
    from followthrough.services.pages.on_today import found_in_mail
    from followthrough.store.models import Event

    _job_search(ft)
    with racing(_snoozer, ft.location) as racers:
        for n in range(3):
            when = dt.datetime(2026, 11, 19, 15, n, tzinfo=dt.UTC)
            item = Found("acme", f"ooo-{n}", "Ann Lee <ann@acme.example>", "Automatic reply", when, "contact", "ann",
                         "INBOX", n + 1, "out_of_office", dt.date(2026, 12, 7 + 7 * n))  # fmt: skip
            save_pass("me@host:993", "INBOX", 1, n + 1, [item])
            (notice,) = found_in_mail()[1]
            assert notice.moves and notice.step_id
            outcomes = racers.run((notice.possible.id, notice.step_id), (notice.possible.id, notice.step_id))
            assert [o for o, _ in outcomes] == ["moved", "refused"], outcomes
            assert "already confirmed" in outcomes[1][1]
            assert Event.objects.filter(type="step_snoozed").count() == n + 1


def test_a_return_date_already_past_moves_nothing(ft: Cli, web: WebClient) -> None:
    _job_search(ft)
    pid = _found("ooo", "Automatic reply", "out_of_office", clock.today_in("America/Chicago") - dt.timedelta(days=10))
    page = web.get("/").content.decode()
    assert "Nothing to move: they are back already." in page and f"/possible/{pid}/snooze" not in page
    assert f"/possible/{pid}/dismiss" in page
