"""STARTTLS and implicit TLS with a login, against aiosmtpd on loopback with a test
certificate: the password travels only inside TLS, and only to a trusted server."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli, need_tool
from tests.test_send import Inbox, _free_port, _status

PASSWORD = "correct-Horse-7"
# With implicit TLS aiosmtpd cannot tell the line is encrypted, and says so.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    openssl = need_tool("openssl")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
         "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return cert, key


def _authenticator(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> Any:
    from aiosmtpd.smtp import AuthResult, LoginPassword

    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        b"jordan",
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535 itself


@pytest.fixture(params=["starttls", "ssl"])
def tls_server(request: pytest.FixtureRequest, certificate: tuple[Path, Path]) -> Iterator[tuple[str, int, Inbox]]:
    import ssl

    from aiosmtpd.controller import Controller

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(certificate[0]), str(certificate[1]))
    inbox, port = Inbox(), _free_port()
    options: dict[str, Any] = {
        "authenticator": _authenticator,
        "auth_required": True,
        "auth_exclude_mechanism": ["LOGIN"],
    }
    if request.param == "starttls":
        options |= {"tls_context": context, "require_starttls": True, "auth_require_tls": True}
    else:
        options |= {"ssl_context": context, "auth_require_tls": False}  # the whole line is TLS
    controller = Controller(inbox, hostname="127.0.0.1", port=port, server_hostname="127.0.0.1", **options)
    controller.start()
    try:
        yield request.param, port, inbox
    finally:
        controller.stop()


def _setup(ft: Cli, security: str, port: int) -> str:
    ft("profile", "set", "--name", "Jordan Rivera", "--email", "jordan@example.org", "--timezone", "America/Chicago")
    ft("profile", "smtp", "--host", "127.0.0.1", "--port", str(port), "--security", security, "--user", "jordan")
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme")
    ft.contact("acme", "Ann Lee", "hiring_officer", key="ann", email="a@acme.com")
    ft("interview", "acme", "--on", "2026-11-03", "--with", "ann")
    return str(json.loads(ft("plan", "acme", "--json").stdout)["steps"][0]["id"])


def test_login_over_tls_sends_and_a_bad_password_or_untrusted_server_sends_nothing(
    ft: Cli, tls_server: tuple[str, int, Inbox], certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    security, port, inbox = tls_server
    step = _setup(ft, security, port)
    monkeypatch.setenv("FOLLOWTHROUGH_SMTP_PASSWORD", PASSWORD)
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    untrusted = ft("send", step, code=2).output
    assert "nothing was sent" in untrusted and "certificate" in untrusted.lower()
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    monkeypatch.setenv("FOLLOWTHROUGH_SMTP_PASSWORD", "wrong")
    assert "nothing was sent" in ft("send", step, code=2).output
    assert inbox.messages == [] and _status(ft, step) == "pending"
    monkeypatch.setenv("FOLLOWTHROUGH_SMTP_PASSWORD", PASSWORD)
    ft("send", step)
    assert len(inbox.messages) == 1 and inbox.messages[0].rcpt_tos == ["a@acme.com"]
    assert _status(ft, step) == "done"


def test_the_password_is_never_sent_unencrypted_to_another_host(ft: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    step = _setup(ft, "none", 2525)
    ft("profile", "smtp", "--host", "smtp.example.com")
    monkeypatch.setenv("FOLLOWTHROUGH_SMTP_PASSWORD", PASSWORD)
    result = ft("send", step, code=2)
    assert "unencrypted" in result.output and PASSWORD not in result.output
