"""The reply watcher against a real Dovecot on loopback, started by these tests, with real
messages delivered into it over IMAP APPEND."""

from __future__ import annotations

import datetime as dt
import json
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest

from followthrough.core.model import ContactRole, Interview, Response, ResponseOutcome
from tests.conftest import Cli, unavailable
from tests.waiting import wait_until

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
PASSWORD = "correct horse battery"

CONFIG = """
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{root}/mail/%u
first_valid_uid = 1
default_internal_user = {internal}
default_login_user = {login}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/mail/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""


@dataclass
class Dovecot:
    root: Path
    port: int
    users: list[str]

    def new_user(self) -> str:
        """A mailbox of its own for each test (all made up front: Dovecot caches its passwd-file)."""
        return self.users.pop()

    def mailbox(self, user: str):  # type: ignore[no-untyped-def]
        from imap_tools import MailBoxUnencrypted

        return MailBoxUnencrypted("127.0.0.1", self.port, timeout=10).login(user, PASSWORD)

    def deliver(self, user: str, *messages: bytes, folder: str = "INBOX") -> None:
        with self.mailbox(user) as box:
            for message in messages:
                box.append(message, folder)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _missing(reason: str) -> NoReturn:
    unavailable("Dovecot", f"{reason} (apt-get install dovecot-imapd)")


@pytest.fixture(scope="module")
def dovecot() -> Iterator[Dovecot]:
    if not Path(DOVECOT).exists():
        _missing(f"{DOVECOT} not found")
    root = Path(tempfile.mkdtemp(prefix="ft-dovecot-"))
    root.chmod(0o755)  # the mail user must reach its Maildir
    if os.getuid() == 0:  # Dovecot never serves mail as root: use its own unprivileged users
        mail_user, internal, login = pwd.getpwnam("dovecot"), "dovecot", "dovenull"
    else:
        mail_user = pwd.getpwuid(os.getuid())
        internal = login = mail_user.pw_name
    for sub in ("run", "state", "mail"):
        (root / sub).mkdir()
    os.chown(root / "mail", mail_user.pw_uid, mail_user.pw_gid)
    users = [f"jordan-{n}-{uuid.uuid4().hex[:6]}@example.org" for n in range(64)]
    (root / "passwd").write_text("".join(f"{user}:{{PLAIN}}{PASSWORD}\n" for user in users))
    port = _free_port()
    config = CONFIG.format(
        root=root, port=port, uid=mail_user.pw_uid, gid=mail_user.pw_gid, internal=internal, login=login
    )
    (root / "dovecot.conf").write_text(config)
    server = subprocess.Popen(
        [DOVECOT, "-F", "-c", str(root / "dovecot.conf")], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:

        def listening() -> bool:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
            except OSError:
                return server.poll() is not None  # it died: said below
            return True

        wait_until(listening, what="dovecot listening, or gone")
        if server.poll() is not None:
            log = (root / "dovecot.log").read_text() if (root / "dovecot.log").exists() else ""
            _missing(f"dovecot did not start: {server.stdout.read() if server.stdout else b''!r} {log[-500:]}")
        yield Dovecot(root, port, users)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(root, ignore_errors=True)


def mail(
    sender: str,
    subject: str,
    date: str,
    message_id: str | None = None,
    extra: str = "",
    to: str = "jordan@example.org",
) -> bytes:
    """A real RFC 5322 message, as a mail server would store it."""
    message_id = message_id or f"<{uuid.uuid4().hex}@{sender.rsplit('@', 1)[-1].rstrip('>')}>"
    head = f"From: {sender}\r\nTo: {to}\r\nSubject: {subject}\r\nDate: {date}\r\nMessage-ID: {message_id}\r\n{extra}"
    return (head + "MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nHello,\r\n\r\nThanks.\r\n").encode()


def job_search(ft: Cli, dovecot: Dovecot, user: str) -> None:
    from followthrough.services.jobsearch.applications import add_application, add_contact, record_event

    ft("profile", "set", "--name", "Jordan Rivera", "--timezone", "America/Chicago", "--email", "jordan@example.org")
    ft("profile", "imap", "--host", "127.0.0.1", "--port", str(dovecot.port), "--security", "none", "--user", user)
    for slug, company, domain, day in (
        ("acme", "Acme Corp", "acme.example", 3),
        ("globex", "Globex", "globex.example", 5),
        ("initech", "Initech", "initech.example", 4),
    ):
        add_application(company, "Data Analyst", slug)
        add_contact(slug, "Ann Lee", ContactRole.HIRING_OFFICER, "ann", email=f"ann@{domain}")
        record_event(slug, Interview(dt.date(2026, 11, day), ("ann",), None, True))
    ft("domains", "acme", "acme.example")
    record_event("initech", Response(dt.date(2026, 11, 6), ResponseOutcome.REJECTED, "ann"))  # closed: not watched


def sent_by_us(slug: str, message_id: str) -> None:
    """A message the product sent (the drafts feature keeps these), to be answered."""
    from followthrough.store.models import Application, SentMessage

    fields = {f.name for f in SentMessage._meta.get_fields()}
    values = {
        "application": Application.objects.get(slug=slug),
        "application_slug": slug,
        "message_id": message_id,
        "step_id": "0" * 12,
        "kind": "email_hiring_officer",
        "contact_key": "ann",
        "recipient": "ann@globex.example",
        "subject": "Following up",
        "status": "sent",
    }
    SentMessage.objects.create(**{k: v for k, v in values.items() if k in fields})
    from followthrough.services.mail.mailer import sent_messages

    assert (message_id, slug) in sent_messages()


@pytest.fixture
def imap_user(dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("FOLLOWTHROUGH_IMAP_PASSWORD", PASSWORD)
    return dovecot.new_user()


def _pending(ft: Cli, slug: str) -> list[tuple[str, str]]:
    plan = json.loads(ft("plan", slug, "--json").stdout)
    return [(s["id"], s["due"]) for s in plan["steps"] if s["status"] == "pending"]


def test_watch_finds_answers_and_ignores_the_rest(ft: Cli, dovecot: Dovecot, imap_user: str) -> None:
    job_search(ft, dovecot, imap_user)
    sent_by_us("globex", "<followup-1@example.org>")
    before = {slug: _pending(ft, slug) for slug in ("acme", "globex")}
    dovecot.deliver(
        imap_user,
        mail("Ann Lee <ann@acme.example>", "Next steps", "Tue, 10 Nov 2026 09:15:00 -0600"),
        mail("Recruiting <jobs@mail.acme.example>", "Your application", "Wed, 11 Nov 2026 10:00:00 -0600"),
        mail("Ann Lee <ann@acme.example>", "Before the interview", "Sun, 01 Nov 2026 10:00:00 -0600"),
        mail("Ann Lee <ann@acme.example>", "Re: Thank you", "Thu, 12 Nov 2026 10:00:00 -0600",
             extra="Auto-Submitted: auto-replied\r\n"),
        mail("Ann Lee <ann@globex.example>", "Out of Office: back on Monday", "Fri, 13 Nov 2026 08:00:00 -0600"),
        mail("Pat <pat.recruiter@gmail.com>", "Re: Following up", "Mon, 16 Nov 2026 11:00:00 -0600",
             extra="In-Reply-To: <followup-1@example.org>\r\nReferences: <followup-1@example.org>\r\n"),
        mail("Someone <someone@other.example>", "Hello", "Mon, 16 Nov 2026 12:00:00 -0600"),
        mail("Ann Lee <ann@initech.example>", "Sorry", "Mon, 16 Nov 2026 12:00:00 -0600"),
        mail("Jordan <jordan@example.org>", "Note to self", "Mon, 16 Nov 2026 12:00:00 -0600"),
        mail("MAILER-DAEMON <mailer-daemon@acme.example>", "Undelivered Mail", "Mon, 16 Nov 2026 12:00:00 -0600"),
    )  # fmt: skip

    out = ft("watch").stdout
    assert "Read 10 new messages; 3 possible response(s)." in out

    from followthrough.services.mail.watch import possible_responses

    found = {(p.application, p.subject, p.reason, p.contact) for p in possible_responses()}
    assert found == {
        ("acme", "Next steps", "contact", "ann"),
        ("acme", "Your application", "domain", None),
        ("globex", "Re: Following up", "reply", None),
    }
    assert {slug: _pending(ft, slug) for slug in ("acme", "globex")} == before, "a match never changes the plan"

    agenda = json.loads(ft("agenda", "--as-of", "2026-11-16", "--json").stdout)
    assert [(p["sender"], p["subject"], p["date"]) for p in agenda["possible_responses"]] == [
        ("Ann Lee <ann@acme.example>", "Next steps", "2026-11-10"),
        ("Recruiting <jobs@mail.acme.example>", "Your application", "2026-11-11"),
        ("Pat <pat.recruiter@gmail.com>", "Re: Following up", "2026-11-16"),
    ]
    text = ft("agenda", "--as-of", "2026-11-16").stdout
    assert "possible response — confirm: Acme Corp: Ann Lee <ann@acme.example> — 'Next steps' (Tue 2026-11-10)" in text

    with dovecot.mailbox(imap_user) as box:  # the watcher only peeks: nothing is marked read
        assert all("\\Seen" not in m.flags for m in box.fetch(headers_only=True, mark_seen=False))


def test_each_message_is_matched_once(ft: Cli, dovecot: Dovecot, imap_user: str) -> None:
    job_search(ft, dovecot, imap_user)
    dovecot.deliver(imap_user, mail("Ann Lee <ann@acme.example>", "Next steps", "Tue, 10 Nov 2026 09:15:00 -0600"))
    assert "Read 1 new message; 1 possible response(s)." in ft("watch").stdout
    assert "Read 0 new messages; 0 possible response(s)." in ft("watch").stdout
    dovecot.deliver(imap_user, mail("Ann Lee <ann@globex.example>", "Offer", "Wed, 18 Nov 2026 09:00:00 -0600"))
    out = ft("watch").stdout
    assert "Read 1 new message; 1 possible response(s)." in out and "'Offer'" in out

    from followthrough.services.mail.watch import possible_responses

    assert sorted(p.subject for p in possible_responses()) == ["Next steps", "Offer"]


def test_a_renumbered_folder_is_read_again_without_duplicates(ft: Cli, dovecot: Dovecot, imap_user: str) -> None:
    from followthrough.services.mail.watch import cursor, imap_settings, possible_responses

    job_search(ft, dovecot, imap_user)
    first = mail("Ann Lee <ann@acme.example>", "Next steps", "Tue, 10 Nov 2026 09:15:00 -0600", "<n1@acme.example>")
    with dovecot.mailbox(imap_user) as box:
        box.folder.create("Jobs")
    dovecot.deliver(imap_user, first, folder="Jobs")
    ft("watch", "--folder", "Jobs")
    validity = cursor(imap_settings().account, "Jobs")
    with dovecot.mailbox(imap_user) as box:  # the folder is rebuilt: new UIDVALIDITY, UIDs from 1 again
        box.folder.delete("Jobs")
        box.folder.create("Jobs")
    dovecot.deliver(
        imap_user, first, mail("Ann Lee <ann@acme.example>", "Offer", "Wed, 18 Nov 2026 09:00:00 -0600"), folder="Jobs"
    )
    out = ft("watch", "--folder", "Jobs").stdout
    assert "Read 2 new messages; 1 possible response(s)." in out
    assert validity is not None and cursor(imap_settings().account, "Jobs") != validity
    assert sorted(p.subject for p in possible_responses()) == ["Next steps", "Offer"]


def test_confirming_records_the_response_dismissing_changes_nothing(ft: Cli, dovecot: Dovecot, imap_user: str) -> None:
    from followthrough.services.mail.watch import possible_responses

    job_search(ft, dovecot, imap_user)
    dovecot.deliver(
        imap_user,
        mail("Ann Lee <ann@acme.example>", "Still deciding", "Tue, 17 Nov 2026 09:15:00 -0600"),
        mail("Ann Lee <ann@globex.example>", "Lunch?", "Tue, 17 Nov 2026 10:15:00 -0600"),
    )
    ft("watch")
    acme, globex = possible_responses()
    before = _pending(ft, "globex")
    assert "Dismissed" in ft("dismiss", str(globex.id)).stdout
    assert _pending(ft, "globex") == before
    out = ft("confirm", str(acme.id), "--outcome", "not_decided", "--by", "2026-12-01").stdout
    assert "Recorded their answer for acme: not decided yet.\nacme: " in out and "not_decided" not in out
    events = json.loads(ft("export", "--json").stdout)["applications"][0]["events"]
    assert events[-1] == {
        "type": "response", "on": "2026-11-17", "from": "ann", "outcome": "not_decided", "decision_by": "2026-12-01"
    }  # fmt: skip
    calls = [d for (_, d) in _pending(ft, "acme")]
    assert "2026-12-02" in calls, "the new waiting phase starts after the new date"
    assert "possible_responses" not in json.loads(ft("agenda", "--as-of", "2026-11-20", "--json").stdout)
    assert "already confirmed" in ft("confirm", str(acme.id), "--outcome", "offer", code=2).output


def test_wrong_password_is_one_line(ft: Cli, dovecot: Dovecot, imap_user: str, monkeypatch: pytest.MonkeyPatch) -> None:
    job_search(ft, dovecot, imap_user)
    monkeypatch.setenv("FOLLOWTHROUGH_IMAP_PASSWORD", "wrong")
    result = ft("watch", code=2)
    assert "login refused" in result.output and "wrong" not in result.output
    monkeypatch.delenv("FOLLOWTHROUGH_IMAP_PASSWORD")
    assert "no IMAP password" in ft("watch", code=2).output


def test_the_loop_keeps_going_and_a_missing_folder_hides_nothing(
    ft: Cli, dovecot: Dovecot, imap_user: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followthrough.services.mail import watch_pass

    job_search(ft, dovecot, imap_user)
    dovecot.deliver(imap_user, mail("Ann Lee <ann@acme.example>", "Next steps", "Tue, 10 Nov 2026 09:15:00 -0600"))
    result = ft("watch", "--folder", "NoSuchFolder", "--folder", "INBOX", code=2)
    assert "'Next steps'" in result.output and "IMAP folder 'NoSuchFolder' not found" in result.output
    assert result.output.count("NoSuchFolder") == 1, "one problem, one line"
    dovecot.deliver(imap_user, mail("Ann Lee <ann@acme.example>", "Offer", "Wed, 18 Nov 2026 09:15:00 -0600"))
    passes: list[int] = []
    failures: list[str] = []
    monkeypatch.setenv("FOLLOWTHROUGH_IMAP_PASSWORD", "wrong")
    watch_pass.watch_loop(["INBOX"], 0, lambda r: passes.append(len(r.found)), failures.append, passes=1)
    assert passes == [] and "login refused" in failures[0]
    monkeypatch.setenv("FOLLOWTHROUGH_IMAP_PASSWORD", PASSWORD)
    watch_pass.watch_loop(["INBOX"], 0, lambda r: passes.append(len(r.found)), failures.append, passes=2)
    assert passes == [1, 0], "found once, then nothing new"
