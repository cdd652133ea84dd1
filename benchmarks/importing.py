"""How long does `followthrough import` of the 10,000-application document take? And of
a calendar file of 1,000 interview invitations?

The document is the agenda benchmark's job search (benchmarks/agenda.py: applications
spread over two years, most of them kept up with, the old ones closed), 10,000 of them,
each with its contacts and events. Times the whole process, as a user runs it, into a
new database and again into the same one (every application replaced), on SQLite and,
when a server answers, on PostgreSQL. The calendar file goes into a database of four
applications (250 interviews each). Figures go in docs/performance.md.

The document is cached in benchmarks/.data/ (delete it to rebuild).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
PG_SERVER = os.environ.get("FOLLOWTHROUGH_TEST_PG", "postgresql://postgres@127.0.0.1:5432")


def _agenda_benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("agenda_benchmark", HERE / "agenda.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def document(size: int) -> Path:
    agenda = _agenda_benchmark()
    agenda.DATA.mkdir(exist_ok=True)
    path: Path = agenda.DATA / f"import-{size}.json"
    if not path.exists():
        print(f"building the {size}-application document…", file=sys.stderr)
        rng = random.Random(42)
        doc = {
            "format": "followthrough/1",
            "profile": {"name": "Bench", "timezone": "America/Chicago", "country": "US"},
            "applications": [agenda._application(n, rng) for n in range(size)],
        }
        path.write_text(json.dumps(doc))
    return path


def timed_import(db: str, path: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one whole `followthrough import` process."""
    script = str(Path(sys.executable).with_name("followthrough"))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([script, "--db", db, "import", str(path)], check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _postgres() -> tuple[str, str] | None:
    """A new, empty PostgreSQL database (its URL and name), or None without a server."""
    try:
        import psycopg

        name = f"followthrough_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=5) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        return f"{PG_SERVER}/{name}", name
    except Exception as error:  # no server here: SQLite's figures alone
        print(f"PostgreSQL skipped: {error}", file=sys.stderr)
        return None


def _drop(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def calendar(count: int, companies: int = 4) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Example Corp//Calendar//EN", "METHOD:REQUEST"]
    for n in range(count):
        c = n % companies
        lines += [
            "BEGIN:VEVENT", f"UID:interview-{n}@calendar.example", "DTSTAMP:20261001T120000Z",
            f"DTSTART:202610{1 + n % 28:02d}T150000Z", f"SUMMARY:Interview {n} at Company{c} Corp",
            f"ORGANIZER;CN=Ann Lee:mailto:ann@company{c}.example",
            f"ATTENDEE;CN=Person {n}:mailto:person{n}@company{c}.example", "END:VEVENT",
        ]  # fmt: skip
    return "\r\n".join([*lines, "END:VCALENDAR", ""])


def time_calendar(count: int) -> tuple[float, float]:
    folder = Path(tempfile.mkdtemp(prefix="ft-bench-"))
    try:
        db = str(folder / "bench.sqlite3")
        script = str(Path(sys.executable).with_name("followthrough"))
        for c in range(4):
            subprocess.run([script, "--db", db, "add", f"Company{c} Corp", "Analyst"], check=True, capture_output=True)
        path = folder / "invitations.ics"
        path.write_text(calendar(count), newline="")
        return timed_import(db, path)
    finally:
        shutil.rmtree(folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--invitations", type=int, default=1_000)
    args = parser.parse_args()
    path = document(args.size)
    print(f"{'database':<11} {'into':<9} {'applications':>12}  {'wall s':>6}  {'cpu s':>5}  (median of {args.runs})")
    for engine in ("sqlite", "postgresql"):
        samples: dict[str, list[tuple[float, float]]] = {"new": [], "the same": []}
        for _ in range(args.runs):
            if engine == "sqlite":
                folder = tempfile.mkdtemp(prefix="ft-bench-")
                db, cleanup = str(Path(folder) / "bench.sqlite3"), folder
            else:
                made = _postgres()
                if made is None:
                    break
                db, cleanup = made
            samples["new"].append(timed_import(db, path))
            samples["the same"].append(timed_import(db, path))  # every application replaced
            if engine == "sqlite":
                shutil.rmtree(cleanup)
            else:
                _drop(cleanup)
        for into, got in samples.items():
            if got:
                wall = statistics.median(w for w, _ in got)
                cpu = statistics.median(c for _, c in got)
                print(f"{engine:<11} {into:<9} {args.size:>12,}  {wall:>6.1f}  {cpu:>5.1f}")
    got = [time_calendar(args.invitations) for _ in range(args.runs)]
    wall, cpu = statistics.median(w for w, _ in got), statistics.median(c for _, c in got)
    print(f"{'.ics':<11} {'sqlite':<9} {args.invitations:>12,}  {wall:>6.1f}  {cpu:>5.1f}  (invitations)")


if __name__ == "__main__":
    main()
