"""Which messages may be an employer's answer, header by header (no server needed), and the
agenda's possible responses read the same by the fast path as by the ORM."""

from __future__ import annotations

import datetime as dt
import unicodedata
import zoneinfo

import pytest

from followthrough.cli import json_output
from followthrough.interop.mail_matching import Message, is_auto_reply, match, referenced_ids
from followthrough.services.mail.watch import Found, Watched

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
ACME = Watched("acme", dt.date(2026, 11, 3), {"ann@acme.example": "ann"}, ("acme.example",))


def _message(headers: dict[str, str], subject: str = "Next steps", when: str = "2026-11-10T09:00-06:00") -> Message:
    return Message(7, {k.lower(): (v,) for k, v in headers.items()}, subject, dt.datetime.fromisoformat(when))


@pytest.mark.parametrize(
    ("headers", "subject", "auto"),
    [
        ({"Auto-Submitted": "auto-replied"}, "Re: Thank you", True),
        ({"Auto-Submitted": "auto-generated; owner=x"}, "Hello", True),
        ({"Auto-Submitted": "no"}, "Next steps", False),
        ({"X-Autoreply": "yes"}, "Hello", True),
        ({"Precedence": "auto_reply"}, "Hello", True),
        ({"Precedence": "bulk"}, "Your application", False),  # bulk is judged by who sent it: see below
        ({}, "Automatische Antwort: Ihre Bewerbung", True),
        ({}, "Réponse automatique : Suivi", True),
        ({}, unicodedata.normalize("NFD", "Réponse automatique"), True),  # accent as a combining mark
        ({}, "Respuesta automática: Seguimiento", True),
        ({}, "Autoreply: Following up", True),
        ({}, "Automatische\r\n Antwort: folded", True),
        ({}, "Automatische Zusammenfassung Ihres Gesprächs", False),
        ({}, "Out of Office: back Monday", True),
        ({}, "Automatic reply: Following up", True),
        ({}, "Abwesenheitsnotiz", True),
        ({}, "Re: Out of office hours interview", False),
        ({}, "Offer letter", False),
    ],
)
def test_auto_replies_are_recognised(headers: dict[str, str], subject: str, auto: bool) -> None:
    assert is_auto_reply({k.lower(): (v,) for k, v in headers.items()}, subject) is auto


@pytest.mark.parametrize(
    "header",
    [
        "Precedence: bulk",
        "Precedence: list",
        "List-Id: <news.acme.example>",
        "List-Unsubscribe: <mailto:u@acme.example>",
    ],
)
def test_newsletters_from_the_company_are_no_answer_but_people_still_are(header: str) -> None:
    name, value = header.split(": ", 1)
    own: set[str] = set()

    def reasons(sender: str, **more: str) -> list[str]:
        found = match(_message({"From": sender, name: value, **more}), [ACME], {"f1@example.org": "acme"}, own, CHICAGO)
        return [f.reason for f in found]

    assert reasons("News <news@acme.example>") == []
    assert reasons("Ann <ann@acme.example>") == ["contact"], "a hiring officer writing through a mass-mail tool"
    assert reasons("hr@acme.example", **{"In-Reply-To": "<f1@example.org>"}) == ["reply"]


def test_matches_contact_domain_and_reply_after_the_latest_interview_only() -> None:
    sent = {"f1@example.org": "globex"}
    globex = Watched("globex", dt.date(2026, 11, 5), {}, ())
    own = {"jordan@example.org"}

    def reasons(headers: dict[str, str], when: str = "2026-11-10T09:00-06:00") -> list[tuple[str, str]]:
        return [
            (f.application, f.reason) for f in match(_message(headers, when=when), [ACME, globex], sent, own, CHICAGO)
        ]

    assert reasons({"From": "Ann <ANN@acme.example>"}) == [("acme", "contact")]
    assert reasons({"From": "hr@jobs.acme.example"}) == [("acme", "domain")]
    assert reasons({"From": "hr@notacme.example"}) == []
    assert reasons({"From": "x@gmail.com", "In-Reply-To": "<F1@example.org>"}) == [("globex", "reply")]
    assert reasons({"From": "ann@acme.example"}, when="2026-11-03T23:30-06:00") == [("acme", "contact")]
    assert reasons({"From": "ann@acme.example"}, when="2026-11-03T04:00+00:00") == [], "Nov 2 in Chicago"
    assert reasons({"From": "jordan@example.org", "In-Reply-To": "<f1@example.org>"}) == []
    assert referenced_ids({"references": ("<a@x> <b@y>",)}) == {"a@x", "b@y"}


def test_fast_path_and_orm_show_the_same_possible_responses(sqlite_db: str) -> None:
    from followthrough.core.model import ContactRole, Interview
    from followthrough.services.fastpath.agenda import fast_due_steps
    from followthrough.services.jobsearch.applications import add_application, add_contact, record_event
    from followthrough.services.jobsearch.profile_edit import update_profile
    from followthrough.services.mail import watch
    from followthrough.services.pages.agenda import due_steps

    update_profile(timezone="America/Chicago")
    for slug in ("acme", "beta"):
        add_application(slug.title(), "Analyst", slug)
        add_contact(slug, "Ann Lee", ContactRole.HIRING_OFFICER, "ann", email=f"ann@{slug}.example")
        record_event(slug, Interview(dt.date(2026, 11, 3), ("ann",)))
    found = [
        Found("acme", "m1@acme", "Ann Lee <ann@acme.example>", "Next steps",
              dt.datetime(2026, 11, 11, 3, 0, tzinfo=dt.UTC), "contact", "ann", "INBOX", 1),
        Found("beta", "m2@beta", "hr@beta.example", "Ünïcode — subject",
              dt.datetime(2026, 11, 12, 15, 0, tzinfo=dt.UTC), "domain", None, "INBOX", 2),
    ]  # fmt: skip
    watch.save_pass("me@host:993", "INBOX", 1, 2, found)
    for day in (dt.date(2026, 11, 9), dt.date(2026, 11, 10), dt.date(2026, 11, 12), dt.date(2026, 12, 1)):
        fast = fast_due_steps(sqlite_db, day)
        assert fast is not None and fast == due_steps(day)
        assert json_output.agenda(fast) == json_output.agenda(due_steps(day))  # what agenda --json prints
    assert [p.date for p in due_steps(dt.date(2026, 12, 1)).possible] == [dt.date(2026, 11, 10), dt.date(2026, 11, 12)]
    assert due_steps(dt.date(2026, 11, 9)).possible == [], "received on the 10th, Chicago time"


def test_the_console_agenda_shows_possible_responses_on_the_fast_path(sqlite_db: str) -> None:
    import json
    import subprocess
    import sys

    from followthrough.core.model import ContactRole, Interview
    from followthrough.services.jobsearch.applications import add_application, add_contact, record_event
    from followthrough.services.jobsearch.profile_edit import update_profile
    from followthrough.services.mail import watch

    update_profile(timezone="America/Chicago")
    add_application("Acme Corp", "Analyst", "acme")
    add_contact("acme", "Ann Lee", ContactRole.HIRING_OFFICER, "ann", email="ann@acme.example")
    record_event("acme", Interview(dt.date(2026, 11, 3), ("ann",)))
    when = dt.datetime(2026, 11, 10, 15, 0, tzinfo=dt.UTC)
    watch.save_pass("me@host:993", "INBOX", 1, 1, [Found("acme", "m1", "Ann Lee <ann@acme.example>", "Next steps",
                                                         when, "contact", "ann", "INBOX", 1)])  # fmt: skip

    def agenda(*args: str) -> str:
        command = [sys.executable, "-m", "followthrough", "agenda", "--db", sqlite_db, "--as-of", "2026-11-10", *args]
        return subprocess.run(command, capture_output=True, text=True, check=True, env={"PYTHONPATH": ""}).stdout

    assert "possible response — confirm: Acme Corp: Ann Lee <ann@acme.example> — 'Next steps'" in agenda()
    assert json.loads(agenda("--json"))["possible_responses"][0]["subject"] == "Next steps"
