"""The OAuth 2.0 client side of a mailbox sign-in, on authlib's protocol pieces and the
standard library's HTTP: the authorization code with PKCE (RFC 7636) through a loopback
redirect (RFC 8252), the refresh grant, revocation (RFC 7009) and the device
authorization grant (RFC 8628). No clock and no store here: the caller gives ``now`` and
keeps the tokens."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

from authlib.common.security import generate_token
from authlib.oauth2.rfc6749.errors import MismatchingStateException, MissingCodeException
from authlib.oauth2.rfc6749.parameters import parse_authorization_code_response, prepare_grant_uri
from authlib.oauth2.rfc7636 import create_s256_code_challenge

from followthrough.core.mail_providers import MailProvider

__all__ = [
    "AuthorizationRequest",
    "DeviceAuthorization",
    "OAuthApp",
    "OAuthFailure",
    "Tokens",
    "authorization_request",
    "code_from_redirect",
    "exchange_code",
    "loopback",
    "poll_device",
    "refresh",
    "revoke",
    "start_device",
]

TIMEOUT = 30.0  # seconds for one request to the provider
DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"


class OAuthFailure(Exception):
    """The provider's answer was an OAuth error (``error`` is its code), or no answer came."""

    def __init__(self, error: str, description: str = "") -> None:
        super().__init__(f"{error}: {description}" if description else error)
        self.error, self.description = error, description

    @property
    def revoked(self) -> bool:
        """The refresh token (or code) is no good any more: only a new consent helps."""
        return self.error == "invalid_grant"


@dataclass(frozen=True)
class OAuthApp:
    """The application registered with the provider (public when it has no secret)."""

    client_id: str
    client_secret: str = ""


@dataclass(frozen=True)
class Tokens:
    access_token: str
    refresh_token: str
    expires_at: float  # seconds since the epoch
    scope: str = ""


@dataclass(frozen=True)
class AuthorizationRequest:
    url: str  # the address to open in the browser
    state: str
    code_verifier: str
    redirect_uri: str


@dataclass(frozen=True)
class DeviceAuthorization:
    device_code: str
    user_code: str
    verification_uri: str
    interval: int
    expires_in: int


def authorization_request(
    provider: MailProvider, app: OAuthApp, redirect_uri: str, login_hint: str = ""
) -> AuthorizationRequest:
    """The authorization address to open, with a fresh state and PKCE S256 challenge."""
    state, verifier = generate_token(32), generate_token(64)
    extra = {"code_challenge": create_s256_code_challenge(verifier), "code_challenge_method": "S256"}
    if login_hint:
        extra["login_hint"] = login_hint
    if provider.name == "google":
        extra |= {"access_type": "offline", "prompt": "consent"}  # else Google gives no refresh token
    url = prepare_grant_uri(
        provider.url("authorize_url"),
        app.client_id,
        "code",
        redirect_uri=redirect_uri,
        scope=" ".join(provider.scopes),
        state=state,
        **extra,
    )
    return AuthorizationRequest(url, state, verifier, redirect_uri)


def code_from_redirect(request: AuthorizationRequest, redirected_to: str) -> str:
    """The authorization code the redirect carries; OAuthFailure when the user refused
    (``access_denied``) or the state is not this request's."""
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(redirected_to).query))
    if "error" in query:
        raise OAuthFailure(query["error"], query.get("error_description", ""))
    try:
        params = parse_authorization_code_response(redirected_to, state=request.state)
    except MismatchingStateException:
        raise OAuthFailure("mismatching_state", "the answer is not for this sign-in") from None
    except MissingCodeException:
        raise OAuthFailure("missing_code", "the answer carries no authorization code") from None
    return str(params["code"])


def exchange_code(
    provider: MailProvider, app: OAuthApp, request: AuthorizationRequest, code: str, now: float
) -> Tokens:
    answer = _post(
        provider.url("token_url"),
        app,
        grant_type="authorization_code",
        code=code,
        redirect_uri=request.redirect_uri,
        code_verifier=request.code_verifier,
    )
    return _tokens(answer, now, "")


def refresh(provider: MailProvider, app: OAuthApp, refresh_token: str, now: float) -> Tokens:
    """New tokens; the provider may rotate the refresh token (the old one then dies), else
    the old one stays."""
    answer = _post(provider.url("token_url"), app, grant_type="refresh_token", refresh_token=refresh_token)
    return _tokens(answer, now, refresh_token)


def revoke(provider: MailProvider, app: OAuthApp, token: str) -> bool:
    """Revoke ``token`` where the provider offers revocation; whether it did."""
    if not provider.revoke_url:
        return False
    _post(provider.url("revoke_url"), app, token=token, token_type_hint="refresh_token")
    return True


def start_device(provider: MailProvider, app: OAuthApp) -> DeviceAuthorization:
    if not provider.device_url:
        raise OAuthFailure("unsupported_grant_type", f"{provider.name} offers no device sign-in for mail")
    answer = _post(provider.url("device_url"), app, scope=" ".join(provider.scopes))
    try:
        return DeviceAuthorization(
            device_code=str(answer["device_code"]),
            user_code=str(answer["user_code"]),
            verification_uri=str(answer.get("verification_uri") or answer.get("verification_url")),
            interval=int(answer.get("interval", 5)),
            expires_in=int(answer["expires_in"]),
        )
    except (KeyError, TypeError, ValueError):
        raise OAuthFailure("invalid_response", "the device authorization answer lacks a field") from None


def poll_device(
    provider: MailProvider,
    app: OAuthApp,
    device: DeviceAuthorization,
    clock: Callable[[], float],
    sleep: Callable[[float], None],
) -> Tokens:
    """Ask for the tokens every ``interval`` seconds until the user has answered, five
    seconds slower after each ``slow_down`` (RFC 8628 3.5); OAuthFailure ``access_denied``
    or ``expired_token`` when they refused or took too long."""
    interval, deadline = device.interval, clock() + device.expires_in
    while clock() < deadline:
        try:
            answer = _post(provider.url("token_url"), app, grant_type=DEVICE_GRANT, device_code=device.device_code)
        except OAuthFailure as failure:
            if failure.error == "slow_down":
                interval += 5
            elif failure.error != "authorization_pending":
                raise
            sleep(interval)
            continue
        return _tokens(answer, clock(), "")
    raise OAuthFailure("expired_token", "the code was not entered in time")


@contextmanager
def loopback(host: str = "127.0.0.1") -> Iterator[tuple[str, Callable[[float], str]]]:
    """A one-request web server on a free loopback port (RFC 8252 7.3): its redirect
    address, and a function that waits (at most the seconds given) for the browser to
    arrive there and returns the full address it came to."""
    arrived: list[str] = []
    done = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            arrived.append(f"http://{host}:{server.server_port}{self.path}")
            body = b"<!doctype html><title>followthrough</title><p>Done: you can close this tab."
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            done.set()

        def log_message(self, format: str, *args: object) -> None:  # the query holds the code
            return

    server = HTTPServer((host, 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def wait(timeout: float) -> str:
        if not done.wait(timeout):
            raise OAuthFailure("timeout", "the browser did not come back")
        return arrived[0]

    try:
        yield f"http://{host}:{server.server_port}/", wait
    finally:
        server.shutdown()
        server.server_close()


def _post(url: str, app: OAuthApp, **form: str) -> dict[str, Any]:
    """POST a form (client_secret_post when the app has a secret); the JSON answer, or
    OAuthFailure with the provider's error code."""
    fields = {"client_id": app.client_id, **form}
    if app.client_secret:
        fields["client_secret"] = app.client_secret
    data = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(url, data=data, headers={"Accept": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            body = response.read()
    except urllib.error.HTTPError as error:
        body = error.read()
        answer = _json(body)
        code = str(answer.get("error") or f"http_{error.code}")
        raise OAuthFailure(code, str(answer.get("error_description", ""))) from None
    except OSError as error:
        raise OAuthFailure("unreachable", f"{urllib.parse.urlsplit(url).netloc}: {error}") from None
    answer = _json(body)
    if "error" in answer:
        raise OAuthFailure(str(answer["error"]), str(answer.get("error_description", "")))
    return answer


def _json(body: bytes) -> dict[str, Any]:
    try:
        answer = json.loads(body or b"{}")
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}


def _tokens(answer: dict[str, Any], now: float, old_refresh: str) -> Tokens:
    access = answer.get("access_token")
    if not isinstance(access, str) or not access:
        raise OAuthFailure("invalid_response", "the answer carries no access token")
    expires_in = answer.get("expires_in", 3600)
    try:
        seconds = float(expires_in)
    except (TypeError, ValueError):
        seconds = 3600.0
    refresh_token = answer.get("refresh_token") or old_refresh
    return Tokens(access, str(refresh_token), now + seconds, str(answer.get("scope", "")))
