"""A real OAuth 2.0 authorization server for the tests, built from authlib's server side:
the authorization code grant with PKCE (RFC 7636), the refresh grant rotating refresh
tokens, the device authorization grant (RFC 8628) and revocation (RFC 7009), in a small
WSGI app served on a free loopback port. Its state lives in memory, guarded by a lock
(the racing tests reach it from other processes over HTTP).

``consent`` says what the user answers on the consent page ("allow" or "deny");
``approve_device(user_code)`` is the user entering the code on the verification page.
"""

from __future__ import annotations

import json
import os
import threading
import urllib.parse
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from authlib.common.security import generate_token
from authlib.oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import ClientMixin, OAuth2Request, TokenMixin, grants
from authlib.oauth2.rfc6749.requests import BasicOAuth2Payload
from authlib.oauth2.rfc6750 import BearerTokenGenerator
from authlib.oauth2.rfc7009 import RevocationEndpoint
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oauth2.rfc8628 import DeviceAuthorizationEndpoint, DeviceCodeGrant, DeviceCredentialDict

from followthrough import clock

CLIENT_ID = "followthrough-test-app"
USER = "ann@example.edu"
SCOPE = "mail.read mail.send offline_access"
ACCESS_SECONDS = 3600


class Client(ClientMixin):
    """A public client (no secret) with any loopback redirect port (RFC 8252 7.3)."""

    def get_client_id(self) -> str:
        return CLIENT_ID

    def get_default_redirect_uri(self) -> str:
        return "http://127.0.0.1/"

    def get_allowed_scope(self, scope: str) -> str:
        return scope

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri.startswith("http://127.0.0.1:")

    def check_client_secret(self, client_secret: str) -> bool:
        return False

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method == "none"

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return True


@dataclass
class Token(TokenMixin):
    access_token: str
    refresh_token: str
    scope: str
    revoked: bool = False

    def check_client(self, client: ClientMixin) -> bool:
        return client.get_client_id() == CLIENT_ID

    def get_scope(self) -> str:
        return self.scope

    def get_expires_in(self) -> int:
        return ACCESS_SECONDS

    def is_expired(self) -> bool:
        return False

    def is_revoked(self) -> bool:
        return self.revoked


@dataclass
class Code:
    code: str
    redirect_uri: str
    scope: str
    code_challenge: str
    code_challenge_method: str

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope


@dataclass
class State:
    lock: threading.Lock = field(default_factory=threading.Lock)
    codes: dict[str, Code] = field(default_factory=dict)
    tokens: list[Token] = field(default_factory=list)
    devices: dict[str, DeviceCredentialDict] = field(default_factory=dict)
    approved: dict[str, bool] = field(default_factory=dict)
    refreshes: int = 0  # refresh grants answered with new tokens


class Request(OAuth2Request):
    def __init__(self, environ: dict[str, Any]) -> None:
        query = dict(urllib.parse.parse_qsl(environ.get("QUERY_STRING", "")))
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length).decode() if length else ""
        form = dict(urllib.parse.parse_qsl(body))
        uri = f"http://{environ['HTTP_HOST']}{environ['PATH_INFO']}?{environ.get('QUERY_STRING', '')}"
        super().__init__(environ["REQUEST_METHOD"], uri, headers={})
        self._args, self._form = query, form
        self.payload = BasicOAuth2Payload({**query, **form})

    @property
    def args(self) -> dict[str, str]:
        return self._args

    @property
    def form(self) -> dict[str, str]:
        return self._form


class Server(AuthorizationServer):  # type: ignore[misc]
    def __init__(self, state: State) -> None:
        super().__init__(scopes_supported=None)
        self.state = state

    def query_client(self, client_id: str) -> Client | None:
        return Client() if client_id == CLIENT_ID else None

    def save_token(self, token: dict[str, Any], request: Request) -> None:
        self.state.tokens.append(Token(token["access_token"], token.get("refresh_token", ""), token.get("scope", "")))

    def create_oauth2_request(self, request: Request) -> Request:
        return request

    def handle_response(self, status: int, body: Any, headers: Iterable[tuple[str, str]]) -> tuple[Any, ...]:
        return status, body, list(headers)

    def send_signal(self, name: str, *args: object, **kwargs: object) -> None:
        return


class AuthorizationCodeGrant(grants.AuthorizationCodeGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = ["none"]  # noqa: RUF012 (authlib's name)

    def save_authorization_code(self, code: str, request: Request) -> None:
        data = request.payload.data
        self.server.state.codes[code] = Code(
            code, data["redirect_uri"], request.payload.scope, data["code_challenge"], data["code_challenge_method"]
        )

    def query_authorization_code(self, code: str, client: Client) -> Code | None:
        return self.server.state.codes.get(code)

    def delete_authorization_code(self, authorization_code: Code) -> None:
        self.server.state.codes.pop(authorization_code.code, None)

    def authenticate_user(self, authorization_code: Code) -> str:
        return USER


class RefreshTokenGrant(grants.RefreshTokenGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = ["none"]  # noqa: RUF012
    INCLUDE_NEW_REFRESH_TOKEN = True  # rotation: every refresh spends the old one

    def authenticate_refresh_token(self, refresh_token: str) -> Token | None:
        found = [t for t in self.server.state.tokens if t.refresh_token == refresh_token and not t.revoked]
        return found[0] if found else None

    def authenticate_user(self, refresh_token: Token) -> str:
        return USER

    def revoke_old_credential(self, refresh_token: Token) -> None:
        refresh_token.revoked = True
        self.server.state.refreshes += 1


class DeviceGrant(DeviceCodeGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = ["none"]  # noqa: RUF012

    def query_device_credential(self, device_code: str) -> DeviceCredentialDict | None:
        return self.server.state.devices.get(device_code)

    def query_user_grant(self, user_code: str) -> tuple[str, bool] | None:
        if user_code not in self.server.state.approved:
            return None
        return USER, self.server.state.approved[user_code]

    def should_slow_down(self, credential: DeviceCredentialDict) -> bool:
        return False


class DeviceEndpoint(DeviceAuthorizationEndpoint):  # type: ignore[misc]
    CLIENT_AUTH_METHODS = ["none"]  # noqa: RUF012

    def get_verification_uri(self) -> str:
        return "http://127.0.0.1/device"

    def save_device_credential(self, client_id: str, scope: str, data: dict[str, Any]) -> None:
        credential = DeviceCredentialDict(client_id=client_id, scope=scope, expires_at=clock.epoch() + 600, **data)
        self.server.state.devices[data["device_code"]] = credential


class Revocation(RevocationEndpoint):  # type: ignore[misc]
    CLIENT_AUTH_METHODS = ["none"]  # noqa: RUF012

    def query_token(self, token_string: str, token_type_hint: str | None) -> Token | None:
        found = [t for t in self.server.state.tokens if token_string in (t.refresh_token, t.access_token)]
        return found[0] if found else None

    def revoke_token(self, token: Token, request: Request) -> None:
        token.revoked = True


@dataclass
class Running:
    url: str
    state: State
    consent: list[str]  # what the user answers on the consent page: ["allow"] or ["deny"]

    def approve_device(self, user_code: str, allowed: bool = True) -> None:
        with self.state.lock:
            self.state.approved[user_code] = allowed

    def live_refresh_tokens(self) -> list[str]:
        with self.state.lock:
            return [t.refresh_token for t in self.state.tokens if not t.revoked and t.refresh_token]

    def revoke_everything(self) -> None:
        with self.state.lock:
            for token in self.state.tokens:
                token.revoked = True


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return


class _Threading(ThreadingMixIn, WSGIServer):
    daemon_threads = True


@contextmanager
def authorization_server() -> Iterator[Running]:
    os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"  # plain http on the loopback, for the tests alone
    state = State()
    server = Server(state)
    server.register_token_generator(
        "default",
        BearerTokenGenerator(
            lambda **_: generate_token(40), lambda **_: generate_token(48), lambda client, grant_type: ACCESS_SECONDS
        ),
    )
    server.register_grant(AuthorizationCodeGrant, [CodeChallenge(required=True)])
    server.register_grant(RefreshTokenGrant)
    server.register_grant(DeviceGrant)
    server.register_endpoint(DeviceEndpoint(server))
    server.register_endpoint(Revocation(server))
    consent = ["allow"]

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        request = Request(environ)
        path = environ["PATH_INFO"]
        with state.lock:
            if path == "/authorize":
                user = USER if consent[0] == "allow" else None
                grant = server.get_consent_grant(request, end_user=user)
                status, body, headers = server.create_authorization_response(request, grant_user=user, grant=grant)
            elif path == "/token":
                status, body, headers = server.create_token_response(request)
            elif path == "/device":
                status, body, headers = server.create_endpoint_response("device_authorization", request)
            elif path == "/revoke":
                status, body, headers = server.create_endpoint_response("revocation", request)
            else:
                status, body, headers = 404, {"error": "not_found"}, []
        payload = (json.dumps(body) if isinstance(body, dict) else str(body or "")).encode()
        start_response(
            f"{status} {'OK' if status < 300 else 'Answer'}", [*headers, ("Content-Length", str(len(payload)))]
        )
        return [payload]

    httpd = make_server("127.0.0.1", 0, app, server_class=_Threading, handler_class=_Quiet)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Running(f"http://127.0.0.1:{httpd.server_port}", state, consent)
    finally:
        httpd.shutdown()
        httpd.server_close()
