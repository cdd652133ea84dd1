"""The daily digest e-mail, through the real SMTP code to an aiosmtpd server on loopback."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json

from tests.conftest import Cli
from tests.test_remind import add_acme
from tests.test_send import SmtpServer, smtp_server  # noqa: F401  (the fixture)


def _digests(server: SmtpServer) -> list[email.message.EmailMessage]:
    return [
        email.message_from_bytes(e.original_content, policy=email.policy.default)  # type: ignore[misc]
        for e in server.inbox.messages
    ]


def test_one_digest_mail_per_run_never_repeated(ft: Cli, smtp_server: SmtpServer) -> None:  # noqa: F811
    ft("profile", "set", "--name", "Jordan Rivera", "--email", "jordan@example.org", "--timezone", "America/Chicago")
    ft("profile", "smtp", "--host", "127.0.0.1", "--port", str(smtp_server.port), "--security", "none")
    assert "channels here: terminal, email" in ft("profile", "digest", "--time", "07:45").stdout
    add_acme("acme", dt.date(2026, 11, 3))
    add_acme("beta", dt.date(2026, 11, 4), timeframe=None)

    first = json.loads(ft("remind", "--as-of", "2026-11-03", "--json", "--no-desktop").stdout)
    assert [sorted(s["channels"]) for s in first["delivered"]] == [["email", "terminal"]] * 2
    (digest,) = _digests(smtp_server)
    assert digest["To"] == "Jordan Rivera <jordan@example.org>" and digest["Auto-Submitted"] == "auto-generated"
    assert digest["Subject"] == "Follow-up digest: 2 follow-up steps due Tue 2026-11-03"
    assert "send a thank-you note to Ann Lee" in digest.get_content()

    ft("remind", "--as-of", "2026-11-03", "--no-desktop")
    assert len(smtp_server.inbox.messages) == 1, "nothing new: no mail"

    # Off until the 19th: one digest with everything missed, marked late.
    ft("remind", "--as-of", "2026-11-19", "--no-desktop")
    assert len(smtp_server.inbox.messages) == 2
    late = _digests(smtp_server)[1]
    assert late["Subject"] == "Follow-up digest: 7 follow-up steps due Thu 2026-11-19, 7 late"
    assert late.get_content().count("(late: was due") == 7


def test_smtp_down_is_retried_on_the_next_run(ft: Cli, smtp_server: SmtpServer) -> None:  # noqa: F811
    from tests.test_send import _free_port

    ft("profile", "set", "--email", "jordan@example.org", "--timezone", "America/Chicago")
    ft("profile", "smtp", "--host", "127.0.0.1", "--port", str(_free_port()), "--security", "none")
    add_acme("acme", dt.date(2026, 11, 3))
    result = ft("remind", "--as-of", "2026-11-03", "--no-desktop", code=1)
    assert "could not deliver on email" in result.output and "send a thank-you note" in result.output
    ft("profile", "smtp", "--port", str(smtp_server.port))
    body = json.loads(ft("remind", "--as-of", "2026-11-04", "--json", "--no-desktop").stdout)
    assert [(s["channels"], s["late"]) for s in body["delivered"]] == [(["email"], True)] * 2
    assert len(smtp_server.inbox.messages) == 1
