"""A reminder pass over 1,000,000 due steps by 2 `followthrough worker` processes on PostgreSQL.

The job search (100,000 applications, one contact each, 1,000,000 pending steps due in
the last 60 days) is made in the database with bulk SQL (generate_series) and kept in a
database of its own, `followthrough_bench_reminders`, rebuilt when a migration changes.
Each run empties the outbox, starts the workers together (`worker --once --json
--no-desktop`, the terminal channel: one JSON line per digest, to a file), and times
them until both have exited. Then it counts, from the workers' output and from the
table, the steps delivered twice and the steps never delivered: both must be 0.

    python benchmarks/reminders_pass.py [--workers 2] [--batch 5000] [--runs 1]

The server is $FOLLOWTHROUGH_BENCH_PG, else $FOLLOWTHROUGH_TEST_PG (a URL without a database),
a role that may create databases.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get(
    "FOLLOWTHROUGH_BENCH_PG",
    os.environ.get("FOLLOWTHROUGH_TEST_PG", "postgresql://followthrough_test:followthrough-test-only@127.0.0.1:5432"),
)
NAME = "followthrough_bench_reminders"
STEPS = 1_000_000
APPLICATIONS = 100_000
KINDS = ("thank_you_note", "call_hiring_officer", "call_inside_contact", "email_hiring_officer")


def _fingerprint() -> str:
    """What the cached database was built for: the size and the migrations it has."""
    folder = ROOT / "src/followthrough/store/migrations"
    schema = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(folder.glob("0*.py")))).hexdigest()
    return json.dumps({"steps": STEPS, "applications": APPLICATIONS, "migrations": schema})


def _admin() -> psycopg.Connection:  # type: ignore[type-arg]
    return psycopg.connect(f"{SERVER}/postgres", autocommit=True)


def _cached() -> bool:
    try:
        with psycopg.connect(f"{SERVER}/{NAME}") as db:
            row = db.execute("SELECT fingerprint FROM bench_fingerprint").fetchone()
    except psycopg.Error:
        return False
    return row is not None and row[0] == _fingerprint()


def build() -> None:
    """The database, migrated by followthrough itself, then filled with bulk SQL."""
    with _admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{NAME}"')
    url = f"{SERVER}/{NAME}"
    started = time.perf_counter()
    profile = ["profile", "set", "--name", "Jordan Rivera", "--timezone", "Europe/Berlin"]
    subprocess.run([sys.executable, "-m", "followthrough", "--db", url, *profile], check=True, capture_output=True)
    kinds = "ARRAY[" + ", ".join(f"'{k}'" for k in KINDS) + "]"
    with psycopg.connect(url) as db:
        owner = db.execute("SELECT owner_id FROM ft_profile").fetchone()  # the local job seeker
        assert owner is not None
        db.execute(
            "INSERT INTO ft_application (id, owner_id, slug, company, role, applied_on, status, extra, domains)"
            " SELECT g, %s, 'app-' || g, 'Company ' || g, 'Data Analyst', CURRENT_DATE - 90, 'open', '{}', '[]'"
            " FROM generate_series(1, %s) g",
            [owner[0], APPLICATIONS],
        )
        db.execute(
            "INSERT INTO ft_contact (id, application_id, key, name, role, position, extra)"
            " SELECT g, g, 'ann', 'Ann Lee ' || g, 'hiring_officer', 0, '{}' FROM generate_series(1, %s) g",
            [APPLICATIONS],
        )
        db.execute(
            "INSERT INTO ft_step (id, application_id, kind, contact_id, contact_key, due, status, flags, phase)"
            f" SELECT lpad(to_hex(g), 12, '0'), a, ({kinds})[1 + g %% 4], a, 'ann', CURRENT_DATE - 1 - g %% 60,"
            " 'pending', '', 0 FROM generate_series(1, %s) g, LATERAL (SELECT 1 + g %% %s AS a) x",
            [STEPS, APPLICATIONS],
        )
        for table in ("ft_application", "ft_contact"):
            db.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), %s)", [APPLICATIONS])
        db.execute("CREATE TABLE bench_fingerprint (fingerprint text)")
        db.execute("INSERT INTO bench_fingerprint VALUES (%s)", [_fingerprint()])
    with psycopg.connect(url, autocommit=True) as db:
        db.execute("VACUUM ANALYZE")
    print(f"built {NAME}: {APPLICATIONS:,} applications, {STEPS:,} steps in {time.perf_counter() - started:.1f} s")


def _backend_cpu(url: str, done: threading.Event, seen: dict[int, float]) -> None:
    """CPU seconds of each PostgreSQL backend serving the database (from /proc), polled
    until ``done``: the server's share of the work, whatever else the machine runs."""
    tick = os.sysconf("SC_CLK_TCK")
    with psycopg.connect(url, autocommit=True) as db:
        while not done.wait(0.2):
            pids = db.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [NAME]
            ).fetchall()
            for (pid,) in pids:
                try:
                    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                seen[pid] = (int(fields[11]) + int(fields[12])) / tick


def one_run(workers: int, batch: int, scratch: Path) -> dict[str, object]:
    url = f"{SERVER}/{NAME}"
    with psycopg.connect(url, autocommit=True) as db:
        db.execute("TRUNCATE ft_reminder RESTART IDENTITY")
        db.execute("VACUUM ANALYZE ft_reminder")
        due = db.execute("SELECT count(*) FROM ft_step WHERE status = 'pending' AND due < CURRENT_DATE").fetchone()
    command = [sys.executable, "-m", "followthrough", "--db", url, "worker", "--once", "--json", "--no-desktop"]
    env = dict(os.environ) | {"FOLLOWTHROUGH_LOG": "info"}
    env.pop("DISPLAY", None)
    outputs = [scratch / f"worker{n}.jsonl" for n in range(workers)]
    backends: dict[int, float] = {}
    done = threading.Event()
    watcher = threading.Thread(target=_backend_cpu, args=(url, done, backends))
    watcher.start()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = os.getloadavg()[0]
    started = time.perf_counter()
    running = []
    for out in outputs:
        with out.open("wb") as stdout, out.with_suffix(".log").open("wb") as stderr:
            running.append(subprocess.Popen([*command, "--batch", str(batch)], env=env, stdout=stdout, stderr=stderr))
    codes = [p.wait() for p in running]
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    done.set()
    watcher.join()
    assert codes == [0] * workers, [o.with_suffix(".log").read_text() for o in outputs]

    printed: Counter[str] = Counter()
    shares = []
    for out in outputs:
        share = 0
        with out.open() as lines:
            for line in lines:
                ids = [item["id"] for item in json.loads(line)["delivered"]]
                printed.update(ids)
                share += len(ids)
        shares.append(share)
    with psycopg.connect(url) as db:
        expected = {
            sid for (sid,) in db.execute("SELECT id FROM ft_step WHERE status = 'pending' AND due < CURRENT_DATE")
        }
        sent, distinct, other = db.execute(
            "SELECT count(*) FILTER (WHERE state = 'sent'), count(DISTINCT step_id),"
            " count(*) FILTER (WHERE state <> 'sent') FROM ft_reminder WHERE channel = 'terminal'"
        ).fetchone()  # type: ignore[misc]
    return {
        "seconds": round(seconds, 1),
        "workers_cpu_seconds": round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 1),
        "postgresql_cpu_seconds": round(sum(backends.values()), 1),
        "load_average_at_start": round(load, 1),
        "due": due[0] if due else 0,
        "per_worker": shares,
        "duplicates_in_output": sum(n - 1 for n in printed.values() if n > 1),
        "missed_in_output": len(expected - set(printed)),
        "delivered_not_due": len(set(printed) - expected),
        "table_sent": sent,
        "table_duplicates": sent - distinct,
        "table_missed": len(expected) - distinct,
        "table_not_sent": other,
        "logs": [o.with_suffix(".log").read_text().strip().splitlines()[-1:] for o in outputs],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--batch", type=int, default=5000, help="the workers' --batch (default 5000)")
    parser.add_argument("--runs", type=int, default=1, help="passes to time, each over an empty outbox")
    parser.add_argument("--rebuild", action="store_true", help="build the database again even if cached")
    args = parser.parse_args()
    if args.rebuild or not _cached():
        build()
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as scratch:
            result = one_run(args.workers, args.batch, Path(scratch))
        print(json.dumps(result, indent=2))
        bad = [k for k in ("duplicates_in_output", "missed_in_output", "table_duplicates", "table_missed") if result[k]]
        if bad:
            sys.exit(f"FAILED: {', '.join(bad)}")


if __name__ == "__main__":
    main()
