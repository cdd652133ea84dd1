"""A mailbox's OAuth 2.0 sign-in against a real authorization server (authlib's, started
by the test, tests/oauth_server.py): the browser flow with PKCE through the loopback
redirect, the device flow, refreshing before expiry and after a refused sign-in,
revocation, and where the tokens are kept."""

from __future__ import annotations

import logging
import stat
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from followthrough import clock
from followthrough.cli import logs
from followthrough.core.mail_providers import BUILT_IN, MailProvider, from_mapping
from followthrough.interop import oauth_client
from followthrough.interop.oauth_client import DeviceAuthorization, OAuthApp, OAuthFailure, Tokens
from followthrough.services.mail import oauth_tokens
from followthrough.services.mail.oauth_tokens import FileStore, ReconnectMailbox, SignInRefused
from tests.oauth_server import CLIENT_ID, SCOPE, Running, authorization_server

ADDRESS = "ann@example.edu"
APP = OAuthApp(CLIENT_ID)
KEY = f"testidp:{ADDRESS}"


@pytest.fixture
def idp() -> Iterator[Running]:
    with authorization_server() as running:
        yield running


@pytest.fixture
def provider(idp: Running) -> MailProvider:
    return from_mapping(
        "testidp",
        {
            "authorize_url": f"{idp.url}/authorize",
            "token_url": f"{idp.url}/token",
            "device_url": f"{idp.url}/device",
            "revoke_url": f"{idp.url}/revoke",
            "imap_host": "imap.example.edu",
            "smtp_host": "smtp.example.edu",
            "scopes": SCOPE.split(),
        },
    )


def browser(url: str) -> None:
    """The user's browser: opens the consent page, the answer redirects to the loopback."""
    with urllib.request.urlopen(url, timeout=30) as page:
        page.read()


def connected(provider: MailProvider, tmp_path: Path) -> FileStore:
    store = FileStore(tmp_path)
    oauth_tokens.connect_in_browser(provider, APP, ADDRESS, store, browser, timeout=30)
    return store


def test_the_browser_flow_keeps_the_tokens_in_a_file_only_its_owner_reads(
    idp: Running, provider: MailProvider, tmp_path: Path
) -> None:
    store = FileStore(tmp_path)
    where = oauth_tokens.connect_in_browser(provider, APP, ADDRESS, store, browser, timeout=30)
    assert where == f"{tmp_path / 'tokens.json'} (readable by you alone: this machine has no system keyring)"
    assert stat.S_IMODE((tmp_path / "tokens.json").stat().st_mode) == 0o600
    kept = store.load(KEY)
    assert kept is not None
    assert idp.live_refresh_tokens() == [kept.refresh_token]
    assert kept.expires_at == clock.epoch() + 3600


def test_the_authorization_address_carries_pkce_and_a_loopback_redirect(provider: MailProvider) -> None:
    request = oauth_client.authorization_request(provider, APP, "http://127.0.0.1:5555/", login_hint=ADDRESS)
    assert "code_challenge_method=S256" in request.url
    assert "redirect_uri=http%3A%2F%2F127.0.0.1%3A5555%2F" in request.url
    assert request.code_verifier not in request.url


def test_a_code_without_its_pkce_verifier_is_refused(idp: Running, provider: MailProvider) -> None:
    with oauth_client.loopback() as (redirect_uri, wait):
        request = oauth_client.authorization_request(provider, APP, redirect_uri)
        browser(request.url)
        code = oauth_client.code_from_redirect(request, wait(30))
    with pytest.raises(OAuthFailure) as refused:
        oauth_client.exchange_code(provider, APP, replace(request, code_verifier="x" * 64), code, 0.0)
    assert refused.value.error == "invalid_grant"
    assert idp.live_refresh_tokens() == []


def test_consent_refused_stores_nothing_and_says_so(idp: Running, provider: MailProvider, tmp_path: Path) -> None:
    idp.consent[0] = "deny"
    with pytest.raises(SignInRefused, match=r"^the sign-in was refused at the provider$"):
        oauth_tokens.connect_in_browser(provider, APP, ADDRESS, FileStore(tmp_path), browser, timeout=30)
    assert not (tmp_path / "tokens.json").exists()


def test_a_token_with_hours_left_is_used_as_it_is(idp: Running, provider: MailProvider, tmp_path: Path) -> None:
    store = connected(provider, tmp_path)
    kept = store.load(KEY)
    assert kept is not None
    assert oauth_tokens.access_token(provider, APP, ADDRESS, store, folder=tmp_path) == kept.access_token
    assert idp.state.refreshes == 0


def test_a_token_about_to_expire_is_refreshed_and_the_rotated_refresh_token_kept(
    idp: Running, provider: MailProvider, tmp_path: Path
) -> None:
    store = connected(provider, tmp_path)
    old = store.load(KEY)
    assert old is not None
    store.save(KEY, replace(old, expires_at=clock.epoch() + 60))
    token = oauth_tokens.access_token(provider, APP, ADDRESS, store, folder=tmp_path)
    new = store.load(KEY)
    assert new is not None
    assert (token, idp.state.refreshes) == (new.access_token, 1)
    assert token != old.access_token
    assert idp.live_refresh_tokens() == [new.refresh_token] != [old.refresh_token]


def test_a_refused_sign_in_is_tried_once_more_with_a_refreshed_token(
    idp: Running, provider: MailProvider, tmp_path: Path
) -> None:
    store = connected(provider, tmp_path)
    first = store.load(KEY)
    assert first is not None
    tried: list[str] = []

    def sign_in(token: str) -> str:
        tried.append(token)
        if token == first.access_token:  # the server no longer takes it
            raise PermissionError("AUTHENTICATE failed")
        return "signed in"

    assert (
        oauth_tokens.with_access_token(provider, APP, ADDRESS, store, sign_in, (PermissionError,), tmp_path)
        == "signed in"
    )
    assert tried[0] == first.access_token
    assert len(tried) == 2
    assert idp.state.refreshes == 1


def test_a_revoked_refresh_token_asks_in_one_line_to_reconnect(
    idp: Running, provider: MailProvider, tmp_path: Path
) -> None:
    store = connected(provider, tmp_path)
    old = store.load(KEY)
    assert old is not None
    store.save(KEY, replace(old, expires_at=clock.epoch() - 1))
    idp.revoke_everything()
    with pytest.raises(ReconnectMailbox) as refused:
        oauth_tokens.access_token(provider, APP, ADDRESS, store, folder=tmp_path)
    message = str(refused.value)
    assert message == (
        "reconnect your mailbox: ann@example.edu no longer accepts our sign-in (access revoked or expired)"
    )
    assert old.refresh_token not in message


def test_disconnect_revokes_at_the_provider_and_forgets(idp: Running, provider: MailProvider, tmp_path: Path) -> None:
    store = connected(provider, tmp_path)
    assert idp.live_refresh_tokens() != []
    assert oauth_tokens.disconnect(provider, APP, ADDRESS, store) is True
    assert idp.live_refresh_tokens() == []
    assert store.load(KEY) is None
    with pytest.raises(oauth_tokens.MailboxNotConnected):
        oauth_tokens.access_token(provider, APP, ADDRESS, store, folder=tmp_path)


def test_the_device_flow_polls_until_the_user_enters_the_code(
    idp: Running, provider: MailProvider, tmp_path: Path
) -> None:
    shown: list[DeviceAuthorization] = []
    waited: list[float] = []

    def sleep(seconds: float) -> None:  # the time between two polls: the user enters the code meanwhile
        waited.append(seconds)
        idp.approve_device(shown[0].user_code)

    store = FileStore(tmp_path)
    oauth_tokens.connect_with_device(provider, APP, ADDRESS, store, shown.append, sleep)
    assert shown[0].verification_uri == "http://127.0.0.1/device"
    assert waited == [shown[0].interval]  # one "authorization_pending", then the tokens
    kept = store.load(KEY)
    assert kept is not None
    assert idp.live_refresh_tokens() == [kept.refresh_token]


def test_a_device_code_refused_by_the_user_stores_nothing(idp: Running, provider: MailProvider, tmp_path: Path) -> None:
    shown: list[DeviceAuthorization] = []
    store = FileStore(tmp_path)
    with pytest.raises(SignInRefused, match=r"refused at the provider"):
        oauth_tokens.connect_with_device(
            provider, APP, ADDRESS, store, shown.append, lambda _: idp.approve_device(shown[0].user_code, False)
        )
    assert store.load(KEY) is None


def test_without_a_system_keyring_the_tokens_go_to_the_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(oauth_tokens, "keyring_usable", lambda: False)
    assert isinstance(oauth_tokens.token_store(tmp_path), FileStore)


def test_with_a_system_keyring_the_tokens_go_to_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import keyring
    from keyring.backend import KeyringBackend

    class Memory(KeyringBackend):
        priority = 1  # type: ignore[assignment]
        kept: dict[tuple[str, str], str] = {}  # noqa: RUF012

        def get_password(self, service: str, username: str) -> str | None:
            return self.kept.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.kept[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            self.kept.pop((service, username))

    before = keyring.get_keyring()
    keyring.set_keyring(Memory())
    try:
        monkeypatch.setattr(oauth_tokens, "keyring_usable", lambda: True)
        store = oauth_tokens.token_store(tmp_path)
        assert store.where == "the system keyring"
        store.save(KEY, Tokens("a", "r", 1.0))
        assert store.load(KEY) == Tokens("a", "r", 1.0)
        store.forget(KEY)
        assert store.load(KEY) is None
        assert not (tmp_path / "tokens.json").exists()
    finally:
        keyring.set_keyring(before)


def test_no_token_reaches_the_log(
    idp: Running, provider: MailProvider, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    store = connected(provider, tmp_path)
    old = store.load(KEY)
    assert old is not None
    store.save(KEY, replace(old, expires_at=0.0))
    oauth_tokens.access_token(provider, APP, ADDRESS, store, folder=tmp_path)
    new = store.load(KEY)
    assert new is not None
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("followthrough"))
    assert "the sign-in to ann@example.edu was renewed" in ours
    for secret in (old.access_token, old.refresh_token, new.access_token, new.refresh_token):
        assert secret not in ours


def test_the_log_hides_a_token_a_library_prints(
    idp: Running,
    provider: MailProvider,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("FOLLOWTHROUGH_LOG", "debug")
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    logs.setup()  # the program's own handler, on the stderr this test reads
    try:
        store = connected(provider, tmp_path)  # authlib's server logs "Issue token {...}" at debug
        logging.getLogger("followthrough.test").warning("sent with Authorization: Bearer abc.def and code=xyz&state=1")
    finally:
        root.handlers[:], root.level = handlers, level
    err = capsys.readouterr().err
    kept = store.load(KEY)
    assert kept is not None
    assert "Issue token {'token_type': 'Bearer', 'access_token': '…'" in err
    assert "Authorization: Bearer … and code=…&state=1" in err
    for secret in (kept.access_token, kept.refresh_token, "abc.def", "xyz"):
        assert secret not in err


def test_a_provider_out_of_reach_is_said_so_and_the_tokens_are_kept(
    idp: Running, provider: MailProvider, tmp_path: Path
) -> None:
    store = connected(provider, tmp_path)
    old = store.load(KEY)
    assert old is not None
    store.save(KEY, replace(old, expires_at=0.0))
    gone = replace(provider, token_url="http://127.0.0.1:9/token")  # the discard port: nobody answers
    with pytest.raises(SignInRefused, match=r"^the provider could not be reached: try again later$"):
        oauth_tokens.access_token(gone, APP, ADDRESS, store, folder=tmp_path)
    assert store.load(KEY) == replace(old, expires_at=0.0)
    assert idp.live_refresh_tokens() == [old.refresh_token]


def test_a_damaged_token_file_asks_to_connect_again(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "tokens.json").write_text("{not json")
    with pytest.raises(oauth_tokens.MailboxNotConnected, match=r"^ann@example\.edu is not connected$"):
        oauth_tokens.access_token(
            from_mapping("testidp", {}, BUILT_IN["google"]), APP, ADDRESS, FileStore(tmp_path), folder=tmp_path
        )
    assert "tokens.json cannot be read: connect the mailbox again" in caplog.text
