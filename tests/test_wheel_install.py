"""Installed as people install Python tools: the wheel built from this clone, put into a
fresh virtual environment (as `pipx install .` does), gives a working `followthrough`,
web app templates and static files included.

The wheel is built once for the module, with pip (its build backend comes from pip's
index and cache), and installed with its dependencies into a venv that has nothing else:
no source tree on its path, run from a folder outside the clone.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import urllib.request
import venv
import zipfile
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import need_tool
from tests.waiting import wait_until

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "followthrough"


@dataclass(frozen=True)
class Installed:
    wheel: Path
    bin: Path  # the fresh venv's bin folder
    home: Path  # a folder outside the clone, where the commands run
    env: dict[str, str]

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.bin / "followthrough"), *args],
            cwd=self.home,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )


def _pip(*args: str) -> None:
    done = subprocess.run([sys.executable, "-m", "pip", *args], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    where = tmp_path_factory.mktemp("wheel")
    dist = where / "dist"
    _pip("wheel", str(ROOT), "--no-deps", "--quiet", "--wheel-dir", str(dist))
    [wheel] = dist.glob("followthrough-*.whl")
    fresh = where / "venv"
    venv.create(fresh, with_pip=False)  # the test's pip installs into it: quicker than a pip of its own
    _pip("--python", str(fresh / "bin" / "python"), "install", "--quiet", "--no-compile", str(wheel))
    home = where / "home"
    home.mkdir()
    # Nothing of the clone or of the test's own venv leaks in: only the suite's clock.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "FOLLOWTHROUGH_DB")}
    env |= {"HOME": str(home), "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config")}
    return Installed(wheel, fresh / "bin", home, env)


def test_the_wheel_holds_every_template_static_and_data_file_of_the_package(installed: Installed) -> None:
    wanted = {
        path.relative_to(PACKAGE.parent).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }
    with zipfile.ZipFile(installed.wheel) as wheel:
        held = set(wheel.namelist())
    assert wanted - held == set()
    assert any(name.startswith("followthrough/web/static/") for name in wanted)
    assert any(name.startswith("followthrough/store/migrations/") for name in wanted)


def test_the_installed_command_is_the_wheel_s_not_the_clone_s(installed: Installed) -> None:
    found = subprocess.run(
        [str(installed.bin / "python"), "-c", "import followthrough; print(followthrough.__file__)"],
        cwd=installed.home,
        env=installed.env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(found).is_relative_to(installed.bin.parent), found
    assert not Path(found).is_relative_to(ROOT), found


def _demo_and_agenda(installed: Installed) -> None:
    db = str(installed.home / "demo.sqlite3")
    demo = installed.run("--db", db, "demo")
    assert demo.returncode == 0, demo.stderr
    assert "Loaded a demo job search" in demo.stdout
    agenda = installed.run("--db", db, "agenda")
    assert agenda.returncode == 0, agenda.stderr
    assert "Northwind Traders" in agenda.stdout and "thank-you note" in agenda.stdout


def _serve_pages_with_styles(installed: Installed) -> None:
    """`serve` on port 0: the launch address lets the browser in, the page comes from its
    template, its stylesheet is served, another page renders; Ctrl+C stops it cleanly."""
    db = str(installed.home / "serve.sqlite3")
    assert installed.run("--db", db, "demo").returncode == 0
    out, err = installed.home / "serve.out", installed.home / "serve.err"
    serve = ["--db", db, "serve", "--port", "0", "--no-browser", "--no-reminders"]
    command = [str(installed.bin / "followthrough"), *serve]
    with out.open("wb") as stdout, err.open("wb") as stderr:
        server = subprocess.Popen(command, cwd=installed.home, env=installed.env, stdout=stdout, stderr=stderr)
    try:
        url = wait_until(
            lambda: re.search(r"http://127\.0\.0\.1:\d+/\?token=[\w-]+", out.read_text()),
            what="serve printing its address",
        ).group(0)
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        with browser.open(url, timeout=60) as today:
            page = today.read().decode()
            assert today.status == 200 and urlsplit(today.url).query == ""
        assert "<title>Today · followthrough</title>" in page and "Northwind Traders" in page
        styles = re.search(r'<link rel="stylesheet" href="([^"]+)"', page)
        assert styles, page
        base = url.split("/?", 1)[0]
        with browser.open(base + styles.group(1), timeout=60) as css:
            assert css.status == 200 and css.headers.get_content_type() == "text/css"
            assert css.read() == (PACKAGE / "web" / "static" / "followthrough" / "app.css").read_bytes()
        with browser.open(base + "/applications/", timeout=60) as board:
            assert board.status == 200 and "Initech" in board.read().decode()
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=60)
    assert server.returncode == 0, out.read_text() + err.read_text()


def test_demo_and_agenda_work_from_the_installed_wheel(installed: Installed) -> None:
    _demo_and_agenda(installed)


def test_serve_from_the_installed_wheel_shows_its_pages_with_their_styles(installed: Installed) -> None:
    _serve_pages_with_styles(installed)


def test_pipx_install_of_the_clone_gives_a_working_followthrough(tmp_path: Path) -> None:
    """`pipx install .`, as the README says, into a pipx home of the test's own."""
    pipx = need_tool("pipx")
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "FOLLOWTHROUGH_DB")}
    env |= {"HOME": str(home), "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config")}
    env |= {"PIPX_HOME": str(tmp_path / "pipx"), "PIPX_BIN_DIR": str(tmp_path / "bin")}
    env |= {"PIPX_SHARED_LIBS": str(tmp_path / "pipx-shared")}
    done = subprocess.run(
        [pipx, "install", "--pip-args=--no-compile", str(ROOT)],
        cwd=home,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    installed = Installed(Path(), tmp_path / "bin", home, env)
    assert (installed.bin / "followthrough").resolve().is_relative_to(tmp_path / "pipx")
    _demo_and_agenda(installed)
    _serve_pages_with_styles(installed)
