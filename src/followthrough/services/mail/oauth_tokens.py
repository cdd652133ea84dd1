"""A mailbox's OAuth 2.0 tokens: connecting (browser or device), a fresh access token for
each sign-in, and disconnecting.

Where they are kept: the system keyring where the machine has one, else a file
``<config>/oauth/tokens.json`` that only its owner may read (0600), and the caller is
told which. Never in the database, a log, an export or an error message.

A refresh is done under a file lock held across read, refresh and write, so two
processes refreshing at once never both spend a refresh token the provider rotates:
the second finds the first's new tokens and uses them.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from hashlib import sha256
from pathlib import Path
from typing import Protocol, TypeVar

import platformdirs

from followthrough import clock
from followthrough.core.mail_providers import MailProvider
from followthrough.interop.oauth_client import (
    DeviceAuthorization,
    OAuthApp,
    OAuthFailure,
    Tokens,
    authorization_request,
    code_from_redirect,
    exchange_code,
    loopback,
    poll_device,
    refresh,
    revoke,
    start_device,
)
from followthrough.services.errors import UserError
from followthrough.services.mail.secrets import KEYRING_SERVICE, keyring_usable

__all__ = [
    "FileStore",
    "KeyringStore",
    "MailboxNotConnected",
    "ReconnectMailbox",
    "SignInRefused",
    "TokenStore",
    "access_token",
    "connect_in_browser",
    "connect_with_device",
    "disconnect",
    "token_store",
    "with_access_token",
]

log = logging.getLogger(__name__)
EARLY = 300.0  # seconds before it expires that an access token is refreshed
T = TypeVar("T")


class ReconnectMailbox(UserError):
    """The provider no longer honours the refresh token (revoked, expired, password changed)."""

    def __init__(self, address: str) -> None:
        super().__init__(f"reconnect your mailbox: {address} no longer accepts our sign-in (access revoked or expired)")
        self.address = address


class MailboxNotConnected(UserError):
    def __init__(self, address: str) -> None:
        super().__init__(f"{address} is not connected")
        self.address = address


class SignInRefused(UserError):
    """The sign-in did not end in tokens: refused, timed out, or the provider failed."""

    def __init__(self, failure: OAuthFailure) -> None:
        reasons = {
            "access_denied": "the sign-in was refused at the provider",
            "expired_token": "the code was not entered in time",
            "timeout": "the browser did not come back in time",
            "unreachable": "the provider could not be reached: try again later",
        }
        super().__init__(reasons.get(failure.error, f"the provider refused the sign-in ({failure.error})"))
        self.error = failure.error


def _key(provider: MailProvider, address: str) -> str:
    return f"{provider.name}:{address.lower()}"


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir("followthrough", appauthor=False)) / "oauth"


class TokenStore(Protocol):
    where: str  # said to the user: where the tokens are kept

    def load(self, key: str) -> Tokens | None: ...
    def save(self, key: str, tokens: Tokens) -> None: ...
    def forget(self, key: str) -> None: ...


class KeyringStore:
    where = "the system keyring"
    service = f"{KEYRING_SERVICE}-oauth"

    def load(self, key: str) -> Tokens | None:
        import keyring  # loaded by the commands that sign in alone

        return _tokens_from(keyring.get_password(self.service, key))

    def save(self, key: str, tokens: Tokens) -> None:
        import keyring

        keyring.set_password(self.service, key, json.dumps(asdict(tokens)))

    def forget(self, key: str) -> None:
        import keyring
        from keyring.errors import PasswordDeleteError

        try:
            keyring.delete_password(self.service, key)
        except PasswordDeleteError:
            return


class FileStore:
    """A JSON file readable by its owner alone, for machines with no keyring."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "tokens.json"
        self.where = f"{self.path} (readable by you alone: this machine has no system keyring)"

    def _all(self) -> dict[str, dict[str, object]]:
        try:
            found = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            log.warning("%s cannot be read: connect the mailbox again", self.path)
            return {}
        return found if isinstance(found, dict) else {}

    def load(self, key: str) -> Tokens | None:
        found = self._all().get(key)
        return _tokens_from(json.dumps(found)) if found else None

    def _write(self, everything: dict[str, dict[str, object]]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        partial = self.path.with_suffix(".part")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(everything, out)
            out.flush()
            os.fsync(out.fileno())
        partial.chmod(0o600)
        partial.replace(self.path)

    def save(self, key: str, tokens: Tokens) -> None:
        everything = self._all()
        everything[key] = asdict(tokens)
        self._write(everything)

    def forget(self, key: str) -> None:
        everything = self._all()
        if everything.pop(key, None) is not None:
            self._write(everything)


def _tokens_from(text: str | None) -> Tokens | None:
    if not text:
        return None
    try:
        found = json.loads(text)
        return Tokens(
            str(found["access_token"]),
            str(found["refresh_token"]),
            float(found["expires_at"]),
            str(found.get("scope", "")),
        )
    except (ValueError, KeyError, TypeError):
        log.warning("the stored mailbox sign-in cannot be read: connect the mailbox again")
        return None


def token_store(folder: Path | None = None) -> TokenStore:
    """The keyring where this machine has one, else the 0600 file."""
    return KeyringStore() if keyring_usable() else FileStore(folder or config_dir())


@contextmanager
def _locked(key: str, folder: Path) -> Iterator[None]:
    """One process at a time for this mailbox's tokens (an advisory file lock)."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / f"{sha256(key.encode()).hexdigest()[:24]}.lock"
    with path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def access_token(
    provider: MailProvider,
    app: OAuthApp,
    address: str,
    store: TokenStore,
    rejected: str = "",
    folder: Path | None = None,
) -> str:
    """An access token for ``address`` that has some minutes left, refreshed when it has
    not; ``rejected``: a token the server just refused, refreshed whatever its time (unless
    another process already did). ReconnectMailbox when the refresh token is no good."""
    key = _key(provider, address)
    with _locked(key, folder or config_dir()):
        tokens = store.load(key)
        if tokens is None:
            raise MailboxNotConnected(address)
        fresh = tokens.expires_at - EARLY > clock.epoch()
        if fresh and tokens.access_token != rejected:
            return tokens.access_token
        try:
            renewed = refresh(provider, app, tokens.refresh_token, clock.epoch())
        except OAuthFailure as failure:
            if failure.revoked:
                raise ReconnectMailbox(address) from None
            raise SignInRefused(failure) from None
        store.save(key, renewed)
        log.info("the sign-in to %s was renewed", address)
        return renewed.access_token


def with_access_token(
    provider: MailProvider,
    app: OAuthApp,
    address: str,
    store: TokenStore,
    sign_in: Callable[[str], T],
    failures: tuple[type[Exception], ...],
    folder: Path | None = None,
) -> T:
    """``sign_in(token)``; when the server refuses it (one of ``failures``), once more
    with a token refreshed for the purpose."""
    token = access_token(provider, app, address, store, folder=folder)
    try:
        return sign_in(token)
    except failures:
        log.info("the server refused the sign-in to %s: renewing it once", address)
    return sign_in(access_token(provider, app, address, store, rejected=token, folder=folder))


def connect_in_browser(
    provider: MailProvider,
    app: OAuthApp,
    address: str,
    store: TokenStore,
    open_browser: Callable[[str], object],
    timeout: float = 300.0,
) -> str:
    """The authorization code flow with PKCE through a loopback redirect: ``open_browser``
    is given the address to visit. Where the tokens are kept."""
    with loopback() as (redirect_uri, wait):
        request = authorization_request(provider, app, redirect_uri, login_hint=address)
        open_browser(request.url)
        try:
            code = code_from_redirect(request, wait(timeout))
            tokens = exchange_code(provider, app, request, code, clock.epoch())
        except OAuthFailure as failure:
            raise SignInRefused(failure) from None
    store.save(_key(provider, address), tokens)
    return store.where


def connect_with_device(
    provider: MailProvider,
    app: OAuthApp,
    address: str,
    store: TokenStore,
    show: Callable[[DeviceAuthorization], object],
    sleep: Callable[[float], None],
) -> str:
    """The device authorization grant: ``show`` is given the code and where to enter it;
    polls until the user has answered. Where the tokens are kept."""
    try:
        device = start_device(provider, app)
        show(device)
        tokens = poll_device(provider, app, device, clock.epoch, sleep)
    except OAuthFailure as failure:
        raise SignInRefused(failure) from None
    store.save(_key(provider, address), tokens)
    return store.where


def disconnect(provider: MailProvider, app: OAuthApp, address: str, store: TokenStore) -> bool:
    """Revoke the refresh token where the provider offers it, and forget the tokens;
    whether the provider revoked them."""
    key = _key(provider, address)
    tokens = store.load(key)
    revoked = False
    if tokens is not None:
        try:
            revoked = revoke(provider, app, tokens.refresh_token)
        except OAuthFailure as failure:
            log.warning(
                "%s did not revoke the sign-in of %s (%s): forgotten here all the same",
                provider.name,
                address,
                failure.error,
            )
    store.forget(key)
    return revoked
