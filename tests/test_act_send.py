"""Sending a note from its Today card: the text as edited goes out once, through the same
claim as 'followthrough send', a copy lands in the Sent folder (IMAP APPEND) when a mailbox
is set up, and a refused or doubtful send says so and changes nothing it should not.
Real aiosmtpd and a real Dovecot on loopback."""

from __future__ import annotations

import email
import email.policy
import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import Cli
from tests.racing import racing, second_front_end, together
from tests.test_send import SmtpServer, _setup, smtp_server  # noqa: F401  (the fixture)
from tests.test_watch import PASSWORD, Dovecot, dovecot  # noqa: F401  (the fixture)
from tests.test_web import WebClient, web_session


@pytest.fixture
def web(db: str) -> Iterator[WebClient]:
    # The real today: a patched one would stay in the modules first imported under it.
    yield from web_session()


def _state(slug: str = "acme") -> tuple[list[Any], list[Any], list[Any]]:
    """Everything a send may change: the events, the steps, the sends."""
    from followthrough.store.models import Event, SentMessage, Step

    return (
        list(Event.objects.filter(application__slug=slug).values_list("type", "payload").order_by("position")),
        sorted(Step.objects.filter(application__slug=slug).values_list("id", "status", "due")),
        list(SentMessage.objects.values_list("message_id", "status")),
    )


def _card_form(web: WebClient, step: str) -> dict[str, str]:
    page = web.get("/").content.decode()
    assert f'action="/steps/{step}/send"' in page, "no Send form on the card"
    return {"to": "ann@acme.com", "next": "/"}


def test_the_edited_note_is_sent_exactly_as_edited_and_the_step_is_done(
    ft: Cli,
    web: WebClient,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    note = _setup(ft, smtp_server.port)["thank_you_note:ann"]
    page = web.get("/").content.decode()
    assert "To Ann Lee" in page and 'href="mailto:ann@acme.com?subject=' in page
    body = "Dear Ann,\r\n\r\nThank you — really.\r\nZoë says hello.\r\n"
    response = web.post(f"/steps/{note}/send", {**_card_form(web, note), "subject": "Thank you, edited", "body": body})
    shown = web.follow(response)
    assert "Sent to ann@acme.com; the step is done." in shown
    assert len(smtp_server.inbox.messages) == 1
    received = email.message_from_bytes(smtp_server.inbox.messages[0].original_content, policy=email.policy.default)
    assert received["Subject"] == "Thank you, edited"
    assert received.get_content().replace("\r\n", "\n") == body.replace("\r\n", "\n")  # CRLF on the wire
    assert smtp_server.inbox.messages[0].rcpt_tos == ["ann@acme.com"]
    steps = {s["id"]: s for s in json.loads(ft("plan", "acme", "--json").stdout)["steps"]}
    assert steps[note]["status"] == "done"
    # A second click (or another tab) sends nothing more and records nothing more.
    before = _state()
    again = web.post(f"/steps/{note}/send", {"to": "ann@acme.com", "subject": "Again", "body": "Again"})
    assert "Not sent" in web.follow(again)
    assert len(smtp_server.inbox.messages) == 1 and _state() == before


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"to": "someone@else.example"}, "The contact&#x27;s e-mail address is now ann@acme.com"),
        ({"subject": ""}, "the subject may not be empty"),
        ({"body": "   "}, "may not be empty"),
        ({"subject": "Thanks\r\nBcc: x@evil.example"}, "line break"),
    ],
)
def test_a_refused_send_sends_nothing_and_changes_nothing(
    ft: Cli,
    web: WebClient,
    smtp_server: SmtpServer,  # noqa: F811
    change: dict[str, str],
    said: str,
) -> None:
    note = _setup(ft, smtp_server.port)["thank_you_note:ann"]
    before = _state()
    form = {**_card_form(web, note), "subject": "Thank you", "body": "Dear Ann,\n", **change}
    shown = web.follow(web.post(f"/steps/{note}/send", form))
    assert "Not sent" in shown and said in shown
    assert smtp_server.inbox.messages == [] and _state() == before


def test_without_smtp_the_card_says_so_and_links_to_settings(ft: Cli, web: WebClient) -> None:
    ft("profile", "set", "--name", "Jordan Rivera", "--email", "jordan@example.org")
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme")
    ft.contact("acme", "Ann Lee", "hiring_officer", key="ann", email="ann@acme.com")
    ft("interview", "acme", "--on", "2026-11-03", "--with", "ann")
    page = web.get("/").content.decode()
    assert "/send" not in page
    assert 'set up your mail server first: see <a href="/settings/#smtp">Settings</a>' in page
    assert 'id="smtp"' in web.get("/settings/").content.decode()


def test_an_uncertain_send_is_said_plainly_and_sent_again_only_when_asked(
    ft: Cli,
    web: WebClient,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    note = _setup(ft, smtp_server.port)["thank_you_note:ann"]
    smtp_server.inbox.drop_after_data = True
    form = {**_card_form(web, note), "subject": "Thank you", "body": "Dear Ann,\n"}
    shown = web.follow(web.post(f"/steps/{note}/send", form))
    assert "it may or may not have arrived" in shown
    assert "Send again" in shown and "look in your Sent folder before sending it again" in shown
    steps = {s["id"]: s for s in json.loads(ft("plan", "acme", "--json").stdout)["steps"]}
    assert steps[note]["status"] == "pending"
    from followthrough.services.mail.sending import send_state

    state = send_state(note)
    assert state is not None and state[0] == "uncertain"
    # A plain Send (a page from before) is refused; "Send again" from the page that said so goes once.
    smtp_server.inbox.drop_after_data = False
    before = _state()
    assert "Not sent again" in web.follow(web.post(f"/steps/{note}/send", form))
    assert _state() == before and len(smtp_server.inbox.messages) == 1
    shown = web.follow(web.post(f"/steps/{note}/send", {**form, "replacing": state[1]}))
    assert "Sent to ann@acme.com" in shown and len(smtp_server.inbox.messages) == 2
    assert "Not sent again" in web.follow(web.post(f"/steps/{note}/send", {**form, "replacing": state[1]}))
    assert len(smtp_server.inbox.messages) == 2


def _mailbox(ft: Cli, dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch, folder: str | None) -> str:  # noqa: F811
    user = dovecot.new_user()
    monkeypatch.setenv("FOLLOWTHROUGH_IMAP_PASSWORD", PASSWORD)
    ft("profile", "imap", "--host", "127.0.0.1", "--port", str(dovecot.port), "--security", "none", "--user", user)
    if folder:
        with dovecot.mailbox(user) as box:
            box.folder.create(folder)
    return user


def _copies(dovecot: Dovecot, user: str, folder: str) -> list[Any]:  # noqa: F811
    with dovecot.mailbox(user) as box:
        box.folder.set(folder)
        return list(box.fetch(mark_seen=False))


def test_a_sent_note_is_kept_in_the_sent_folder_marked_read(
    ft: Cli,
    web: WebClient,
    smtp_server: SmtpServer,  # noqa: F811
    dovecot: Dovecot,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    note = _setup(ft, smtp_server.port)["thank_you_note:ann"]
    user = _mailbox(ft, dovecot, monkeypatch, "Sent Items")
    form = {**_card_form(web, note), "subject": "Thank you, Ann", "body": "Dear Ann,\n"}
    shown = web.follow(web.post(f"/steps/{note}/send", form))
    assert "A copy is in your Sent Items folder." in shown
    copies = _copies(dovecot, user, "Sent Items")
    assert [c.subject for c in copies] == ["Thank you, Ann"] and "\\Seen" in copies[0].flags
    sent = email.message_from_bytes(smtp_server.inbox.messages[0].original_content)
    assert copies[0].obj["Message-ID"] == sent["Message-ID"]


def test_the_cli_send_keeps_a_copy_too_and_a_failed_copy_only_warns(
    ft: Cli,
    smtp_server: SmtpServer,  # noqa: F811
    dovecot: Dovecot,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    steps = _setup(ft, smtp_server.port)
    ft("contact", "edit", "acme", "bo", "--email", "bo@acme.com")
    user = _mailbox(ft, dovecot, monkeypatch, None)  # no Sent folder yet: the copy fails
    result = ft("send", steps["thank_you_note:ann"])
    assert "Sent to ann@acme.com" in result.stdout and "no copy went to your Sent folder" in result.output
    assert len(smtp_server.inbox.messages) == 1
    assert json.loads(ft("plan", "acme", "--json").stdout)["steps"][0]["status"] == "done"
    with dovecot.mailbox(user) as box:
        box.folder.create("Sent")
    assert "A copy is in your Sent folder." in ft("send", steps["thank_you_note:bo"]).stdout
    assert [c.to for c in _copies(dovecot, user, "Sent")] == [("bo@acme.com",)]


# --- two sends of one note at once ------------------------------------------------------


def _sender(location: str, barrier: Any, jobs: Any, results: Any) -> None:
    second_front_end(location)  # its own process and connection, the local owner's job search
    from followthrough.services.errors import UserError
    from followthrough.services.mail.sending import edited_message, send_step

    while (job := jobs.get()) is not None:
        try:
            message = edited_message(job, "Thank you", "Dear Ann,\n", "ann@acme.com")
        except UserError as error:
            message, failed = None, str(error)
        together(barrier)
        if message is None:
            results.put(("refused", failed))
            continue
        try:
            send_step(job, message)
            results.put(("sent", ""))
        except UserError as error:
            results.put(("refused", str(error)))
        except Exception as error:
            results.put(("crashed", repr(error)))


def test_of_two_sends_at_once_exactly_one_goes_out(ft: Cli, smtp_server: SmtpServer) -> None:  # noqa: F811
    from followthrough.store.models import Event

    with racing(_sender, ft.location) as racers:
        for n in range(4):
            if n:
                ft("interview", "acme", "--on", f"2026-11-{3 + n:02d}", "--with", "ann")
            else:
                _setup(ft, smtp_server.port)
            plan = json.loads(ft("plan", "acme", "--json").stdout)["steps"]
            note = next(s["id"] for s in plan if s["kind"] == "thank_you_note" and s["contact"] == "ann"
                        and s["status"] == "pending")  # fmt: skip
            outcomes = racers.run(note, note)
            assert [o for o, _ in outcomes] == ["refused", "sent"], outcomes
            assert len(smtp_server.inbox.messages) == n + 1, f"round {n}: sent {len(smtp_server.inbox.messages)}"
            done = Event.objects.filter(application__slug="acme", type="step_done")
            assert done.count() == n + 1
