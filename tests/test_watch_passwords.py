"""Passwords for the mailbox and the SMTP server: asked for only where a keyring can keep them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from tests.conftest import Cli


@pytest.fixture
def no_keyring() -> Iterator[None]:
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)


@pytest.mark.parametrize(
    ("kind", "variable"), [("imap", "FOLLOWTHROUGH_IMAP_PASSWORD"), ("smtp", "FOLLOWTHROUGH_SMTP_PASSWORD")]
)
def test_ask_password_without_a_keyring_fails_before_asking(
    ft: Cli, no_keyring: None, kind: str, variable: str
) -> None:
    from followthrough.cli.main import cli

    args = ["--db", ft.location, "profile", kind, "--host", "mail.example.org", "--user", "jordan", "--ask-password"]
    result = CliRunner().invoke(cli, args, input="secret\n")
    assert result.exit_code == 2, result.output
    assert "password" not in result.output.split("Error")[0].lower(), "no prompt came first"
    assert len(result.output.strip().splitlines()) == 1
    assert "no system keyring" in result.output and variable in result.output
