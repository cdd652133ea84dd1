"""The career-centre server under test: its settings over this run's PostgreSQL database,
people in an organisation, and a browser (Django's test client, CSRF enforced).

Tests that need a process of the server's own start one: configured by
`followthrough.settings.configure(mode="server")`, as `followthrough server` is.
"""

from __future__ import annotations

import datetime as dt
import re
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

HOST = "careers.example.org"
SECRET = "a-test-secret-key-that-is-long-enough-for-the-check-0123456789"
PASSWORD = "correct horse battery staple"
ADMIN = "admin@example.org"


def options(static_root: Path, proxy_ssl_header: str | None = None) -> Any:
    from followthrough.server_settings import ServerOptions

    return ServerOptions(
        secret_key=SECRET,
        allowed_hosts=(HOST,),
        static_root=str(static_root),
        proxy_ssl_header=proxy_ssl_header,
    )


class Browser:
    """Django's test client as one person's browser on the server, CSRF enforced."""

    def __init__(self, host: str = HOST, **extra: Any) -> None:
        from django.test import Client

        self.client = Client(enforce_csrf_checks=True, HTTP_HOST=host, **extra)

    def get(self, path: str, **extra: Any) -> Any:
        return self.client.get(path, **extra)

    def csrf(self, page: str) -> str:
        html = self.get(page).content.decode()
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert found, f"no CSRF token on {page}: {html[:300]}"
        return found.group(1)

    def post(self, path: str, data: dict[str, Any] | None = None, page: str | None = None, **extra: Any) -> Any:
        """Submit a form as the page ``page`` (default: ``path``) offers it."""
        token = self.csrf(page or path)
        return self.client.post(path, {"csrfmiddlewaretoken": token, **(data or {})}, **extra)

    def sign_in(self, email: str, password: str = PASSWORD, **extra: Any) -> Any:
        return self.post("/login", {"username": email, "password": password}, **extra)

    @property
    def session_key(self) -> str:
        from django.conf import settings

        return str(self.client.cookies[settings.SESSION_COOKIE_NAME].value)

    def second_factor(self, secret: str | None = None) -> str:
        """Give the code of the authenticator app (enrolling it first when ``secret`` is
        None); returns the secret."""
        page = self.get("/account/second-factor").content.decode()
        if secret is None:
            found = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', page)
            assert found, page[:500]
            secret = found.group(1).replace(" ", "")
        answer = self.post("/account/second-factor", {"code": fresh_code(secret)})
        assert answer.status_code == 303, answer.content.decode()[:500]
        return secret


def totp(secret: str, step: int) -> str:
    """What an authenticator app shows for ``secret`` (base32) in the 30 s ``step``."""
    import base64

    from django_otp.oath import TOTP

    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    code = TOTP(key, step=30, t0=0, digits=6)
    code.time = step * 30 + 1
    return f"{code.token():06d}"


_used_steps: dict[str, int] = {}


def totp_step() -> int:
    """The authenticator's 30-second step now: django-otp checks codes by the real time,
    not by followthrough's clock (which the tests pin)."""
    return int(time.time() // 30)  # noqa: TID251


def fresh_code(secret: str) -> str:
    """A code the server has not seen yet: this step's, or (a second sign-in within 30 s)
    the next step's, which the server accepts as clock drift of one step."""
    step = max(totp_step(), _used_steps.get(secret, -1) + 1)
    _used_steps[secret] = step
    return totp(secret, step)


def start(password: str = PASSWORD) -> Any:
    """The organisation and its first administrator, as `server init` makes them."""
    from followthrough.services.accounts import members as accounts
    from followthrough.store.models import User

    accounts.start_organisation("North Career Centre", ADMIN, password)
    return User.objects.get(username=ADMIN)


def member(admin: Any, email: str, role: str = "job_seeker", password: str = PASSWORD) -> Any:
    """Someone invited by ``admin``, who accepted."""
    from followthrough.services.accounts import invitations

    token, _ = invitations.invite(admin, email, role)
    return invitations.accept(token, password, password)


def signed_in_admin(admin_password: str = PASSWORD) -> Browser:
    browser = Browser()
    assert browser.sign_in(ADMIN, admin_password).status_code == 303
    browser.second_factor()
    return browser


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def fetch(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    """One HTTP request, as a browser sends it (redirects not followed)."""
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.build_opener(_NoRedirects).open(request, timeout=10) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def clean_environment(**extra: str) -> dict[str, str]:
    """This process's environment without any FOLLOWTHROUGH_ setting but the pinned clock,
    plus ``extra``."""
    import os

    from followthrough import clock

    kept = {k: v for k, v in os.environ.items() if not k.startswith("FOLLOWTHROUGH_") or k == clock.ENVIRONMENT}
    return {**kept, **extra}


def second_server(location: str, static: str) -> None:
    """Set a spawned process up as another server process (a second worker) on the same
    database, for the race tests (tests/racing.py)."""
    from followthrough import settings

    settings.configure(location, mode="server", server=options(Path(static)))


def as_if_the_hold_had_passed() -> None:
    """The hold a wrong code puts on the next try (django-otp's throttling: a second after
    the first) has passed: each app's last wrong code moved a minute back, instead of
    waiting for it."""
    from django.db.models import F
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.exclude(throttling_failure_timestamp=None).update(
        throttling_failure_timestamp=F("throttling_failure_timestamp") - dt.timedelta(minutes=1)
    )
