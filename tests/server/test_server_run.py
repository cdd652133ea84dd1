"""Running the server for real: `followthrough server init` sets it up, `followthrough
server` runs gunicorn workers with WhiteNoise's static files, and what an operator gets
wrong is one line, exit 2, with nothing changed."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import run_followthrough
from tests.server.support import SECRET

STRONG = "correct horse battery staple"


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOLLOWTHROUGH_")}
    return {**env, **extra}


def _followthrough(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "followthrough", *args],
        capture_output=True,
        text=True,
        env=env or _env(),
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def _organisations() -> list[str]:
    from followthrough.store.models import Organisation

    return list(Organisation.objects.values_list("name", flat=True))


def test_server_and_init_have_help() -> None:
    for args in (["server", "--help"], ["server", "init", "--help"]):
        out = run_followthrough(*args).stdout
        assert "Usage: followthrough server" in out and "--db" in out
    assert "--workers" in run_followthrough("server", "--help").stdout
    assert "--password-file" in run_followthrough("server", "init", "--help").stdout


def test_the_server_refuses_sqlite_in_one_line(tmp_path: Path) -> None:
    key = tmp_path / "key"
    key.write_text("k" * 60)
    key.chmod(0o600)
    answer = _followthrough("--db", str(tmp_path / "x.sqlite3"), "server", env=_env(FOLLOWTHROUGH_SECRET_KEY=SECRET))
    assert answer.returncode == 2
    assert answer.stderr.strip().splitlines() == [
        f"Error: --db '{tmp_path / 'x.sqlite3'}': the server needs a postgresql:// database; "
        "SQLite is for 'followthrough serve'"
    ]
    assert not (tmp_path / "x.sqlite3").exists()


def test_the_server_wants_a_secret_key_readable_by_its_user_alone(tmp_path: Path) -> None:
    url = "postgresql://nobody@127.0.0.1:1/none"
    missing = _followthrough("--db", url, "server", "--server-dir", str(tmp_path))
    assert missing.returncode == 2 and "no secret key" in missing.stderr and "server init" in missing.stderr
    (tmp_path / "secret-key").write_text("k" * 60)
    (tmp_path / "secret-key").chmod(0o644)
    shared = _followthrough("--db", url, "server", "--server-dir", str(tmp_path))
    assert shared.returncode == 2 and "can be read by other users" in shared.stderr
    assert len(shared.stderr.strip().splitlines()) == 1


def test_init_sets_a_server_up_and_refuses_weak_passwords(server: str, tmp_path: Path) -> None:
    from django.db import connection

    folder = tmp_path / "server"
    weak, strong = tmp_path / "weak", tmp_path / "strong"
    weak.write_text("password\n")
    strong.write_text(STRONG + "\n")
    common = ["--db", server, "server", "init", "--server-dir", str(folder), "--organisation", "North Career Centre"]
    refused = _followthrough(*common, "--email", "ada@example.org", "--password-file", str(weak))
    assert refused.returncode == 2
    assert refused.stderr.strip() == "Error: password refused: This password is too common."
    assert not folder.exists() and _organisations() == []
    no_terminal = _followthrough(*common, "--email", "ada@example.org")
    assert no_terminal.returncode == 2 and "give --password-file" in no_terminal.stderr

    made = _followthrough(*common, "--email", "Ada@Example.org", "--password-file", str(strong))
    assert made.returncode == 0, made.stderr
    assert "signs in as ada@example.org" in made.stdout
    key = folder / "secret-key"
    assert key.stat().st_mode & 0o777 == 0o600 and len(key.read_text().strip()) >= 50
    assert key.read_text().strip() not in made.stdout + made.stderr
    assert _organisations() == ["North Career Centre"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT password FROM ft_user WHERE username = 'ada@example.org'")
        assert cursor.fetchone()[0].startswith("argon2$")
    again = _followthrough(*common, "--email", "bo@example.org", "--password-file", str(strong))
    assert again.returncode == 2 and "exists already" in again.stderr
    assert key.read_text() == key.read_text()  # kept, not replaced


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _fetch(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    """One HTTP request, as a browser sends it (redirects not followed)."""
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.build_opener(_NoRedirects).open(request, timeout=10) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def gunicorn(server: str, tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    port = _free_port()
    log = (tmp_path / "server.log").open("w")
    command = ["--db", server, "server", "--bind", f"127.0.0.1:{port}", "--workers", "2"]
    command += ["--server-dir", str(tmp_path / "server"), "--allowed-host", "127.0.0.1"]
    process = subprocess.Popen(
        [sys.executable, "-m", "followthrough", *command],
        env=_env(FOLLOWTHROUGH_SECRET_KEY=SECRET),
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if _fetch(base + "/health")[0] == 200:
                break
        except OSError:
            pass
        assert process.poll() is None, (tmp_path / "server.log").read_text()
        time.sleep(0.3)
    else:
        process.kill()
        pytest.fail("the server did not answer in 60 s:\n" + (tmp_path / "server.log").read_text())
    yield base, process
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        log.close()


def test_gunicorn_serves_the_sign_in_page_and_static_files(gunicorn: tuple[str, subprocess.Popen[str]]) -> None:
    base, process = gunicorn
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
    assert len(children) == 2  # two worker processes
    status, headers, body = _fetch(base + "/login")
    assert status == 200 and b"Sign in" in body
    assert "Secure" in headers["Set-Cookie"] and "HttpOnly" in headers["Set-Cookie"]
    status, headers, body = _fetch(base + "/static/app.css", **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert headers["Cache-Control"] == "max-age=3600, public"
    import gzip

    source = Path(__file__).parents[1] / "src" / "followthrough" / "web" / "static" / "followthrough" / "app.css"
    assert gzip.decompress(body) == source.read_bytes()
    status, headers, _ = _fetch(base + "/")
    assert status == 302 and headers["Location"] == "/login"
    assert _fetch(base + "/login", Host="evil.example")[0] == 400
