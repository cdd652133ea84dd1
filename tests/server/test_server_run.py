"""Running the server for real: `followthrough server init` sets it up, `followthrough
server` runs gunicorn workers with WhiteNoise's static files, and what an operator gets
wrong is one line, exit 2, with nothing changed."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import run_followthrough
from tests.server.support import SECRET, clean_environment, fetch

STRONG = "correct horse battery staple"


def _followthrough(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "followthrough", *args],
        capture_output=True,
        text=True,
        env=env or clean_environment(),
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def _organisations() -> list[str]:
    from followthrough.store.models import Organisation

    return list(Organisation.objects.values_list("name", flat=True))


def test_server_and_init_have_help() -> None:
    for args in (["server", "--help"], ["server", "init", "--help"], ["server", "reset-link", "--help"]):
        out = run_followthrough(*args).stdout
        assert "Usage: followthrough server" in out and "--db" in out
    assert "--workers" in run_followthrough("server", "--help").stdout
    assert "--password-file" in run_followthrough("server", "init", "--help").stdout
    assert "--new-authenticator" in run_followthrough("server", "reset-link", "--help").stdout


def test_the_server_refuses_sqlite_in_one_line(tmp_path: Path) -> None:
    with_key = clean_environment(FOLLOWTHROUGH_SECRET_KEY=SECRET)
    answer = _followthrough("--db", str(tmp_path / "x.sqlite3"), "server", env=with_key)
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


def test_gunicorn_serves_the_sign_in_page_and_static_files(gunicorn: tuple[str, subprocess.Popen[str]]) -> None:
    base, process = gunicorn
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
    assert len(children) == 2  # two worker processes
    status, headers, body = fetch(base + "/login")
    assert status == 200 and b"Sign in" in body
    assert "Secure" in headers["Set-Cookie"] and "HttpOnly" in headers["Set-Cookie"]
    status, headers, body = fetch(base + "/static/app.css", **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert headers["Cache-Control"] == "max-age=3600, public"
    import gzip

    source = Path(__file__).parents[2] / "src" / "followthrough" / "web" / "static" / "followthrough" / "app.css"
    assert gzip.decompress(body) == source.read_bytes()
    status, headers, _ = fetch(base + "/")
    assert status == 302 and headers["Location"] == "/login"
    assert fetch(base + "/login", Host="evil.example")[0] == 400


def _on_a_terminal(args: list[str], answers: list[tuple[bytes, bytes]]) -> tuple[int, str]:
    """Run followthrough on a terminal of its own (a pty), typing each answer once its
    prompt shows; returns the exit code and everything the terminal showed."""
    import pty
    import select
    import signal

    pid, terminal = pty.fork()
    if pid == 0:  # the child: the pty is its controlling terminal, as in a real session
        os.execve(sys.executable, [sys.executable, "-m", "followthrough", *args], clean_environment())
    shown, seen = b"", 0
    deadline = time.monotonic() + 120

    def more() -> bool:
        nonlocal shown
        ready, _, _ = select.select([terminal], [], [], max(0.0, deadline - time.monotonic()))
        try:
            chunk = os.read(terminal, 1024) if ready else b""
        except OSError:  # the child closed the terminal: it has finished
            chunk = b""
        shown += chunk
        return bool(chunk)

    try:
        for prompt, answer in answers:
            while (found := shown.find(prompt, seen)) < 0:
                assert more(), f"no {prompt!r} on the terminal: {shown.decode(errors='replace')}"
            seen = found + len(prompt)
            os.write(terminal, answer + b"\r")
        while more():
            pass
    finally:
        if time.monotonic() >= deadline:
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), shown.decode(errors="replace")


def test_init_asks_the_password_twice_on_a_terminal(server: str, tmp_path: Path) -> None:
    args = ["--db", server, "server", "init", "--server-dir", str(tmp_path), "--organisation", "Centre"]
    args += ["--email", "ada@example.org"]
    code, shown = _on_a_terminal(
        args,
        [
            (b"password:", STRONG.encode()),
            (b"again:", b"something else entirely"),  # a slip: asked both again
            (b"password:", STRONG.encode()),
            (b"again:", STRONG.encode()),
        ],
    )
    assert code == 0, shown
    assert "do not match" in shown and "signs in as ada@example.org" in shown
    assert STRONG not in shown  # never echoed
    assert _organisations() == ["Centre"]


def test_an_operator_lets_a_locked_out_administrator_back_in(server: str, tmp_path: Path) -> None:
    """The organisation's only administrator lost their phone: whoever runs the server makes
    them a reset link on the command line; a mistyped address is one line, exit 2."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from followthrough.services.accounts import reset_links
    from followthrough.store.models import ResetLink, User

    init = ["--db", server, "server", "init", "--server-dir", str(tmp_path), "--organisation", "Centre"]
    with_password = subprocess.run(
        [sys.executable, "-m", "followthrough", *init, "--email", "ada@example.org", "--password-file", "-"],
        input=STRONG + "\n",
        capture_output=True,
        text=True,
        env=clean_environment(),
        timeout=120,
    )
    assert with_password.returncode == 0, with_password.stderr
    ada = User.objects.get(username="ada@example.org")
    TOTPDevice.objects.create(user=ada, name="Authenticator app", confirmed=True)
    command = ["--db", server, "server", "reset-link", "--server-dir", str(tmp_path)]
    wrong = _followthrough(*command, "ado@example.org")
    assert wrong.returncode == 2 and wrong.stderr.strip() == "Error: there is no account for ado@example.org"
    assert not ResetLink.objects.exists()
    made = _followthrough(
        *command, "Ada@Example.org", "--new-authenticator", "--address", "https://careers.example.org/"
    )
    assert made.returncode == 0, made.stderr
    link = made.stdout.strip()
    assert link.startswith("https://careers.example.org/reset/") and "authenticator app removed" in made.stderr
    reset_links.use(link.rsplit("/", 1)[1], "a fresh passphrase for ada", "a fresh passphrase for ada")
    ada.refresh_from_db()
    assert ada.check_password("a fresh passphrase for ada") and not TOTPDevice.objects.filter(user=ada).exists()
