"""How fast does each page of the web app answer, on the demo and with 10,000 applications?

Every page the web app answers to GET, found from its URL patterns by tests/pages.py (as
the browser's accessibility test finds them), so a new page is timed without being listed.
For 10,000 applications it reuses the agenda benchmark's job search (benchmarks/agenda.py:
1,000 applications planned through the services, then copied), copies their events too
(the statistics and the board read them). It starts `followthrough serve` on it as a user would, trades the
launch token for a session, and times each page over real HTTP. Figures go in docs/performance.md.

The databases are cached in benchmarks/.data/ (delete it to rebuild).
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.cookiejar
import importlib.util
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
SHIFT = 10_000_000
sys.path.insert(0, str(HERE.parent))  # tests/pages.py: the one list of the web app's pages
from tests import pages  # noqa: E402

ROUTES: list[pages.Route] = []


def _agenda_benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("agenda_benchmark", HERE / "agenda.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def database(size: int, kind: str) -> Path:
    agenda = _agenda_benchmark()
    agenda.DATA.mkdir(exist_ok=True)
    base = agenda.DATA / f"agenda-{agenda.BASE}.sqlite3"
    if not base.exists():
        print(f"building {agenda.BASE} applications through the services…", file=sys.stderr)
        agenda.build_base(base)
    if size == agenda.BASE:
        return base
    path = agenda.DATA / f"web-{kind}-{size}.sqlite3"
    if path.exists():
        return path
    print(f"building {size} applications ({kind}) with their events…", file=sys.stderr)
    agenda.scale(base, path, size // agenda.BASE, history_only=kind == "history")
    db = sqlite3.connect(path)
    with db:
        copies = [
            row[0] for row in db.execute("SELECT DISTINCT id / ? FROM ft_application WHERE id >= ?", (SHIFT, SHIFT))
        ]
        for copy in copies:
            db.execute(
                'INSERT INTO ft_event (id, application_id, position, type, "on", payload) '
                'SELECT id + ?, application_id + ?, position, type, "on", payload FROM ft_event '
                "WHERE application_id < ? AND application_id + ? IN (SELECT id FROM ft_application)",
                (copy * SHIFT, copy * SHIFT, SHIFT, copy * SHIFT),
            )
    db.execute("ANALYZE")
    db.close()
    return path


def demo_database() -> Path:
    """The demo job search (followthrough demo), as a new user first sees it."""
    path = _agenda_benchmark().DATA / "web-demo.sqlite3"
    if not path.exists():
        path.parent.mkdir(exist_ok=True)
        _cli(path, "demo")
    return path


def _cli(path: Path, *args: str) -> str:
    script = str(Path(sys.executable).with_name("followthrough"))
    return subprocess.run([script, "--db", str(path), *args], capture_output=True, text=True, check=True).stdout


def _an_open_application(path: Path) -> str:
    """An application with contacts, events and a pending step with a draft (pages name one)."""
    db = sqlite3.connect(path)
    row = db.execute(
        "SELECT a.slug FROM ft_application a JOIN ft_step s ON s.application_id = a.id "
        "WHERE s.status = 'pending' AND s.kind != 'move_on' AND s.contact_id IS NOT NULL "
        "AND EXISTS (SELECT 1 FROM ft_event e WHERE e.application_id = a.id) ORDER BY a.id LIMIT 1"
    ).fetchone()
    db.close()
    assert row, f"{path}: no open application to show"
    return str(row[0])


def visits(path: Path) -> list[pages.Visit]:
    """Every GET page of the web app (tests/pages.py finds them from its URL patterns)."""
    sample = pages.sample_from(lambda *args: _cli(path, *args), _an_open_application(path))
    return pages.visits(pages.routes_of(str(path)), sample)


def time_pages(cached: Path, runs: int, today: str) -> list[tuple[str, float, float, int]]:
    """Each page timed on a copy of ``cached`` (the Done clicks settle steps for good)."""
    with tempfile.TemporaryDirectory(prefix="web-pages-") as folder:
        path = Path(folder) / cached.name
        shutil.copyfile(cached, path)
        return _time_pages(path, runs, today)


def _time_pages(path: Path, runs: int, today: str) -> list[tuple[str, float, float, int]]:
    script = str(Path(sys.executable).with_name("followthrough"))
    to_visit = visits(path)
    server = subprocess.Popen(
        [script, "--db", str(path), "serve", "--port", "0", "--no-browser", "--no-reminders"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert server.stdout is not None
        url = next(m.group(0) for line in server.stdout if (m := re.search(r"http://\S+token=\S+", line)))
        base = url.split("/?")[0]
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        opener.open(url).read()
        results = []
        for visit in to_visit:
            try:
                opener.open(base + visit.path).read()  # warm: templates compiled, caches filled
            except urllib.error.HTTPError as refused:
                if refused.code == 405:  # a form's target, not a page
                    continue
                raise
            samples, size = [], 0
            cpu = _cpu_seconds(server.pid)
            for _ in range(runs):
                start = time.perf_counter()
                size = len(opener.open(base + visit.path).read())
                samples.append((time.perf_counter() - start) * 1000)
            spent = (_cpu_seconds(server.pid) - cpu) * 1000 / runs
            results.append((_shown(visit), statistics.median(samples), spent, size))
        results.append(_done_clicks(opener, base, runs, today, server.pid))
        return results
    finally:
        server.terminate()
        server.wait(timeout=10)


def _cpu_seconds(pid: int) -> float:
    """The server's own CPU time so far (user and system): what a page costs it, whatever
    else the machine is doing (a loaded machine stretches the wall clock, not this)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _shown(visit: pages.Visit) -> str:
    """The page as its pattern, ids left out: /applications/ID/contacts/KEY/edit."""
    path, _, query = visit.path.partition("?")
    route = next((r.route for r in ROUTES if r.name == visit.name), path)
    shown = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: m.group(1).upper().replace("SLUG", "ID"), route)
    return shown + (f"?{query}" if query else "")


def _done_clicks(
    opener: urllib.request.OpenerDirector, base: str, runs: int, today: str, pid: int
) -> tuple[str, float, float, int]:
    """A Done click on Today, as htmx sends it: each settles another step, and the whole
    agenda comes back."""
    page = opener.open(f"{base}/?as_of={today}").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    steps = re.findall(r'action="/steps/([0-9a-f][0-9a-f-]*)/settle"', page)
    assert token and steps, "no step due to click"
    samples, size = [], 0
    cpu = _cpu_seconds(pid)
    for step in steps[:runs]:
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1), "action": "done"}).encode()
        request = urllib.request.Request(f"{base}/steps/{step}/settle", body, {"HX-Request": "true"})
        start = time.perf_counter()
        size = len(opener.open(request).read())
        samples.append((time.perf_counter() - start) * 1000)
    spent = (_cpu_seconds(pid) - cpu) * 1000 / len(samples)
    return ("POST /steps/ID/settle (Done, htmx)", statistics.median(samples), spent, size)


# The targets in docs/performance.md for each page's server time: the wall clock on a quiet machine;
# on a busy one the server's CPU time is the fairer reading (both are printed).
BUDGET_MS = {"demo": 50, "10000": 150}


def main() -> None:
    from followthrough import clock
    from followthrough.services.jobsearch.demo import DEMO_TIMEZONE

    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="demo,10000", help="'demo' and/or numbers of applications")
    parser.add_argument("--kinds", default="history,worst")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    today = _agenda_benchmark().TODAY.isoformat()
    print(f"{'database':<10} {'applications':>12}  {'page':<48} {'ms':>6} {'cpu ms':>6} {'KB':>6}")
    over = []
    for size in args.sizes.split(","):
        for kind in ["demo"] if size == "demo" else args.kinds.split(","):
            path = demo_database() if size == "demo" else database(int(size), kind)
            total = sqlite3.connect(path).execute("SELECT COUNT(*) FROM ft_application").fetchone()[0]
            ROUTES[:] = pages.routes_of(str(path))
            budget = BUDGET_MS.get(size)
            # The demo is made around today: a later day has enough steps due to click Done on.
            demo_today = clock.today_in(DEMO_TIMEZONE)
            as_of = (demo_today + dt.timedelta(days=60)).isoformat() if size == "demo" else today
            for page, took, cpu, length in time_pages(path, args.runs, as_of):
                late = budget is not None and min(took, cpu) > budget  # wall, or CPU on a busy machine
                flag = "  over" if late else ""
                print(f"{kind:<10} {total:>12,}  {page:<48} {took:>6.0f} {cpu:>6.0f} {length / 1024:>6.0f}{flag}")
                if late:
                    over.append(f"{kind} {page}: {took:.0f} ms, {cpu:.0f} ms of CPU > {budget} ms")
    if over:
        print("\nOver budget:\n  " + "\n  ".join(over))


if __name__ == "__main__":
    main()
