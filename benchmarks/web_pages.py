"""How fast do the web app's pages answer with 10,000 applications?

Reuses the agenda benchmark's job search (benchmarks/agenda.py: 1,000 applications
planned through the services, then copied), copies their events too (the statistics and
the board read them), starts `followthrough serve` on it as a user would, trades the
launch token for a session, and times each page over real HTTP. Figures go in the README.

The databases are cached in benchmarks/.data/ (delete it to rebuild).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import importlib.util
import re
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
SHIFT = 10_000_000


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


def pages(today: str) -> list[str]:
    return [
        f"/?as_of={today}",
        "/applications/",
        "/applications/?stage=closed",
        "/applications/app-000001/",
        "/applications/app-000001/debrief",
        "/statistics/",
        "/settings/",
    ]


def time_pages(path: Path, runs: int, today: str) -> list[tuple[str, float, int]]:
    script = str(Path(sys.executable).with_name("followthrough"))
    server = subprocess.Popen(
        [script, "--db", str(path), "serve", "--port", "0", "--no-browser"],
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
        for page in pages(today):
            opener.open(base + page).read()  # warm: templates compiled, caches filled
            samples, size = [], 0
            for _ in range(runs):
                start = time.perf_counter()
                size = len(opener.open(base + page).read())
                samples.append((time.perf_counter() - start) * 1000)
            results.append((page, statistics.median(samples), size))
        results.append(_done_clicks(opener, base, runs, today))
        return results
    finally:
        server.terminate()
        server.wait(timeout=10)


def _done_clicks(opener: urllib.request.OpenerDirector, base: str, runs: int, today: str) -> tuple[str, float, int]:
    """A Done click on Today, as htmx sends it: each settles another step, and the whole
    agenda comes back."""
    page = opener.open(f"{base}/?as_of={today}").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    steps = re.findall(r'action="/steps/([0-9a-f]+)/settle"', page)
    assert token and len(steps) >= runs, "not enough steps due to click"
    samples, size = [], 0
    for step in steps[:runs]:
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1), "action": "done"}).encode()
        request = urllib.request.Request(f"{base}/steps/{step}/settle", body, {"HX-Request": "true"})
        start = time.perf_counter()
        size = len(opener.open(request).read())
        samples.append((time.perf_counter() - start) * 1000)
    return ("POST /steps/ID/settle (Done, htmx)", statistics.median(samples), size)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="10000")
    parser.add_argument("--kinds", default="history,worst")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    today = _agenda_benchmark().TODAY.isoformat()
    print(f"{'database':<10} {'applications':>12}  {'page':<36} {'ms':>6} {'KB':>6}")
    for size in (int(s) for s in args.sizes.split(",")):
        for kind in args.kinds.split(","):
            path = database(size, kind)
            total = sqlite3.connect(path).execute("SELECT COUNT(*) FROM ft_application").fetchone()[0]
            for page, took, length in time_pages(path, args.runs, today):
                print(f"{kind:<10} {total:>12,}  {page:<36} {took:>6.0f} {length / 1024:>6.0f}")


if __name__ == "__main__":
    main()
