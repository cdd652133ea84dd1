"""The web app's gate: the launch token, the session, the Host header and CSRF; every page answers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

TOKEN = "launch-secret-for-tests"
HOST = "127.0.0.1"


class WebClient:
    """Django's test client as a browser that opened the launch URL, with CSRF enforced."""

    def __init__(self) -> None:
        from django.test import Client

        self.client = Client(enforce_csrf_checks=True, HTTP_HOST=HOST)
        response = self.client.get(f"/?token={TOKEN}")
        assert response.status_code == 302, response

    def get(self, path: str, data: dict[str, str] | None = None, **extra: Any) -> Any:
        return self.client.get(path, data, **extra)

    def csrf(self, page: str) -> str:
        html = self.get(page).content.decode()
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert found, f"no CSRF token on {page}"
        return found.group(1)

    def post(self, path: str, data: dict[str, Any], page: str = "/", **extra: Any) -> Any:
        """Submit a form the way the page at ``page`` offers it: with that page's CSRF token."""
        return self.client.post(path, {"csrfmiddlewaretoken": self.csrf(page), **data}, **extra)

    def follow(self, response: Any) -> str:
        assert response.status_code == 303, (response.status_code, response.content[:500])
        return self.get(response["Location"]).content.decode()


def web_session() -> Iterator[WebClient]:
    """A browser session of a launched app (the fixture ``web`` in each web test module)."""
    from django.conf import settings

    settings.FOLLOWTHROUGH_TOKEN = TOKEN
    yield WebClient()
    settings.FOLLOWTHROUGH_TOKEN = None


def with_demo(web: WebClient) -> WebClient:
    """The demo, made around Wed 18 November 2026, on that day (in this process)."""
    import datetime as dt

    from followthrough import clock
    from followthrough.services.jobsearch.demo import load_demo

    clock.pin(dt.datetime(2026, 11, 18, 15, 0, tzinfo=dt.UTC))
    load_demo(dt.date(2026, 11, 18))
    return web


@pytest.fixture
def web(db: str) -> Iterator[WebClient]:
    yield from web_session()


@pytest.fixture
def demo_web(web: WebClient) -> WebClient:
    return with_demo(web)


PAGES = [
    "/",
    "/applications/",
    "/applications/northwind-analyst/",
    "/applications/northwind-analyst/debrief",
    "/statistics/",
    "/settings/",
    "/settings/templates/thank_you_note/",
    "/files/",
]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_answers_the_authorized_browser(demo_web: WebClient, path: str) -> None:
    response = demo_web.get(path)
    assert response.status_code == 200
    assert "Content-Security-Policy" in response
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", [*PAGES, "/static/app.css", "/steps/abcd/settle"])
def test_a_request_without_token_or_session_is_refused(db: str, path: str) -> None:
    from django.conf import settings
    from django.test import Client

    settings.FOLLOWTHROUGH_TOKEN = TOKEN
    response = Client(HTTP_HOST=HOST).get(path)
    assert response.status_code == 403
    assert b"followthrough serve" in response.content


def test_a_wrong_token_is_refused_and_the_right_one_leaves_the_address_bar(db: str) -> None:
    from django.conf import settings
    from django.test import Client

    settings.FOLLOWTHROUGH_TOKEN = TOKEN
    client = Client(HTTP_HOST=HOST)
    assert client.get("/?token=guess").status_code == 403
    assert client.get("/").status_code == 403
    response = client.get(f"/applications/?token={TOKEN}")
    assert response.status_code == 302 and response["Location"] == "/applications/"
    assert client.get("/applications/").status_code == 200  # the session cookie does from now on


def test_no_token_configured_refuses_everyone(db: str) -> None:
    from django.conf import settings
    from django.test import Client

    settings.FOLLOWTHROUGH_TOKEN = None
    assert Client(HTTP_HOST=HOST).get("/?token=").status_code == 403
    assert Client(HTTP_HOST=HOST).get("/?token=None").status_code == 403


def test_a_foreign_host_header_is_refused(web: WebClient) -> None:
    # DNS rebinding: evil.example resolving to 127.0.0.1 still says who it is in Host.
    assert web.get("/", HTTP_HOST="evil.example").status_code == 400
    assert web.get("/", HTTP_HOST="localhost:8765").status_code == 200


def test_a_form_without_the_csrf_token_is_refused(demo_web: WebClient) -> None:
    from followthrough.services.jobsearch.applications import list_applications

    before = len(list_applications())
    response = demo_web.client.post("/applications/", {"company": "Evil", "role": "Forged"})
    assert response.status_code == 403
    assert len(list_applications()) == before


def test_a_cross_site_post_is_refused_even_with_a_token(demo_web: WebClient) -> None:
    token = demo_web.csrf("/applications/")
    response = demo_web.client.post(
        "/applications/",
        {"csrfmiddlewaretoken": token, "company": "Evil", "role": "Forged"},
        HTTP_ORIGIN="http://evil.example",
    )
    assert response.status_code == 403


# The forms that post, per page, at the least (the demo search seen on 18 November).
POST_FORMS_AT_LEAST = {
    "/": 4,  # each step due that day: settle it
    "/applications/": 1,  # add an application
    "/applications/northwind-analyst/": 5,  # settle, record, add a contact…
    "/applications/northwind-analyst/debrief": 1,
    "/settings/": 1,
}


def test_every_form_carries_a_csrf_token(demo_web: WebClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every form that posts carries the token; a form that GETs never does (it would put
    the token in the address bar and the history)."""
    import datetime as dt

    from followthrough import clock

    clock.pin(dt.datetime(2026, 11, 18, 15, 0, tzinfo=dt.UTC))
    posting: dict[str, int] = {}
    for path in PAGES:
        html = demo_web.get(path).content.decode()
        for attributes, form in re.findall(r"<form\b([^>]*)>(.*?)</form>", html, flags=re.S | re.I):
            method = re.search(r"\bmethod=[\"']?(\w+)", attributes, flags=re.I)
            if method and method.group(1).lower() == "post":
                posting[path] = posting.get(path, 0) + 1
                assert "csrfmiddlewaretoken" in form, (path, form[:200])
            else:
                assert "csrfmiddlewaretoken" not in form, (path, form[:200])
    short = {p: posting.get(p, 0) for p, least in POST_FORMS_AT_LEAST.items() if posting.get(p, 0) < least}
    assert short == {}, f"pages with fewer forms than they offer: {short}"


def test_static_files_are_served_and_nothing_outside_them(web: WebClient) -> None:
    response = web.get("/static/htmx-2.0.11.min.js")
    assert response.status_code == 200 and response["Content-Type"].startswith(("text/javascript", "application/"))
    assert web.get("/static/..%2F..%2Fweb%2Furls.py").status_code == 404
    assert web.get("/static/nothing.js").status_code == 404


def test_no_page_loads_anything_from_another_site(demo_web: WebClient) -> None:
    for path in PAGES:
        html = demo_web.get(path).content.decode()
        assert not re.search(r'src="(https?:)?//|<link[^>]*href="(https?:)?//', html), path
        # The one way out: a job posting's own address, a link the user follows, sending no referrer.
        for link in re.findall(r'<a [^>]*href="(?:https?:)?//[^>]*>', html):
            assert 'rel="noopener noreferrer"' in link and "careers.northwind.example" in link, (path, link)


def test_serve_refuses_a_busy_port(ft: Any) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = ft("serve", "--port", str(port), "--no-browser", code=2)
    assert f"--port {port}" in result.output


def test_serve_has_help_without_a_database(tmp_path: Any) -> None:
    from click.testing import CliRunner

    from followthrough.cli.main import cli

    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "none.sqlite3"), "serve", "--help"])
    assert result.exit_code == 0 and "--no-browser" in result.output
    assert not (tmp_path / "none.sqlite3").exists()
