"""What `followthrough serve` lets other users of the machine see: no launch token on a
browser's command line, no database password in what it prints."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

import pytest

from followthrough.store.database import mask
from tests.waiting import wait_until

# Stands in for the user's browser ($BROWSER): it records its command line, as `ps` would
# show it to anyone, and what it finds at the file it was given.
FAKE_BROWSER = """#!{python}
import json, os, stat, sys
from urllib.parse import unquote, urlsplit
seen = {{"argv": sys.argv}}
target = sys.argv[-1]
if target.startswith("file://"):
    path = unquote(urlsplit(target).path)
    seen |= {{
        "file": path,
        "file_mode": stat.S_IMODE(os.stat(path).st_mode),
        "folder_mode": stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode),
        "owner": os.stat(path).st_uid,
        "page": open(path, encoding="utf-8").read(),
    }}
with open(os.environ["FAKE_BROWSER_LOG"], "w") as log:
    json.dump(seen, log)
"""


def _serve(db: str, env: dict[str, str], out: Path, *more: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "followthrough", "--db", db, "serve", "--port", "0", *more]
    with out.open("wb") as stdout, (out.parent / f"{out.name}.err").open("wb") as stderr:
        return subprocess.Popen(command, env=env, stdout=stdout, stderr=stderr)


def _stop(server: subprocess.Popen[bytes], out: Path) -> str:
    server.send_signal(signal.SIGINT)
    server.wait(timeout=60)
    said = out.read_text() + (out.parent / f"{out.name}.err").read_text()
    assert server.returncode == 0, said
    return said


def _wait_for(path: Path, pattern: str) -> re.Match[str]:
    return wait_until(
        lambda: re.search(pattern, path.read_text()) if path.exists() else None,
        what=f"{pattern!r} appearing in {path}",
    )


def test_the_browser_is_given_a_private_file_never_the_token(sqlite_db: str, tmp_path: Path) -> None:
    browser = tmp_path / "browser"
    browser.write_text(FAKE_BROWSER.format(python=sys.executable))
    browser.chmod(0o755)
    log = tmp_path / "browser.json"
    env = dict(os.environ) | {"BROWSER": str(browser), "FAKE_BROWSER_LOG": str(log)}
    out = tmp_path / "serve.out"
    server = _serve(sqlite_db, env, out, "--no-reminders")
    try:
        url = _wait_for(out, r"http://127\.0\.0\.1:\d+/\?token=[\w-]+").group(0)
        token = url.rsplit("=", 1)[1]
        _wait_for(log, r"\}$")
        seen = json.loads(log.read_text())
        assert all(token not in arg and "token" not in arg for arg in seen["argv"]), seen["argv"]
        assert seen["argv"][-1].startswith("file://"), seen["argv"]
        assert (seen["file_mode"], seen["folder_mode"], seen["owner"]) == (0o600, 0o700, os.getuid())
        assert f'content="0;url={url}"' in seen["page"], "the page sends the browser on to the launch URL"
        # … and following it gets the browser in, as the printed address does.
        browser_session = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        with browser_session.open(url, timeout=30) as page:
            assert page.status == 200 and urlsplit(page.url).query == ""
    finally:
        _stop(server, out)
    assert not Path(seen["file"]).exists() and not Path(seen["file"]).parent.exists(), "removed at exit"


def _with_password(url: str, password: str) -> str:
    """The test server's URL with a password: the one it has, else one (trust ignores it)."""
    parts = urlsplit(url)
    if parts.password:
        return url
    netloc = f"{parts.username or 'postgres'}:{password}@{parts.hostname}:{parts.port or 5432}"
    return urlunsplit(parts._replace(netloc=netloc))


def test_serve_prints_the_database_without_its_password(postgres_url: str, tmp_path: Path) -> None:
    url = _with_password(postgres_url, "Never-Shown-4242")
    password = unquote(urlsplit(url).password or "")
    out = tmp_path / "serve.out"
    server = _serve(url, dict(os.environ), out, "--no-browser", "--no-reminders")
    try:
        _wait_for(out, r"\?token=")
    finally:
        said = _stop(server, out)
    assert "followthrough is serving postgresql://" in said and ":***@" in said
    assert password not in said


@pytest.mark.parametrize(
    ("location", "shown"),
    [
        ("postgresql://ann:s3cret@db.example:5432/search", "postgresql://ann:***@db.example:5432/search"),
        ("postgres://ann:p%40ss%2Fword@127.0.0.1/search", "postgres://ann:***@127.0.0.1/search"),
        ("postgresql://ann:pa/ss?w#rd@db.example/search", "postgresql://***@db.example/search"),
        ("postgresql://db.example/search?password=s3cret&sslmode=require", "postgresql://db.example/search?***"),
        ("postgresql://ann@db.example/search", "postgresql://ann@db.example/search"),
        ("/home/ann/jobs@2026:spring.sqlite3", "/home/ann/jobs@2026:spring.sqlite3"),
        ("sqlite:////home/ann/search.sqlite3", "sqlite:////home/ann/search.sqlite3"),
    ],
)  # fmt: skip
def test_a_database_location_is_shown_without_its_password(location: str, shown: str) -> None:
    assert mask(location) == shown


def _followthrough(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "followthrough", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, env=env)


def test_errors_and_help_never_show_the_database_password() -> None:
    unreachable = "postgresql://ann:S3cret-Pa55@127.0.0.1:1/search"
    result = _followthrough("--db", unreachable, "agenda")
    assert result.returncode == 2, result.stderr
    assert "cannot open the database postgresql://ann:***@127.0.0.1:1/search" in result.stderr
    assert "S3cret-Pa55" not in result.stdout + result.stderr
    result = _followthrough("--db", "mysql://root:S3cret-Pa55@127.0.0.1/search", "agenda")
    assert result.returncode == 2 and "mysql://root:***@127.0.0.1/search" in result.stderr
    assert "S3cret-Pa55" not in result.stdout + result.stderr
    for args in (["--help"], ["serve", "--help"], ["agenda", "--help"]):
        shown = _followthrough(*args, env=dict(os.environ) | {"FOLLOWTHROUGH_DB": unreachable})
        assert shown.returncode == 0 and "S3cret-Pa55" not in shown.stdout + shown.stderr, args
