"""How fast is `followthrough agenda` at 1k, 10k and 100k applications?

Builds one realistic job search per size (applications spread over two years; those
older than ten weeks closed, by a decision or by moving on, as the method closes them;
recent ones open at every stage), then times the whole process of the agenda command
next to a bare `python -c pass`. Run it with `make bench`; figures go in docs/performance.md.

The databases are cached in benchmarks/.data/ (delete it to rebuild).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DATA = HERE / ".data"
TODAY = dt.date(2026, 11, 25)
BASE = 1_000  # applications planned through the services; bigger sizes copy them
PHRASES = ["two weeks", "by Friday", "end of next week", "within 10 business days", "a month", None, "soon"]
COMPANIES = ["Acme", "Globex", "Initech", "Hooli", "Umbrella", "Stark", "Wayne", "Tyrell", "Cyberdyne", "Soylent"]


def _application(n: int, rng: random.Random) -> dict[str, Any]:
    interview = TODAY - dt.timedelta(days=rng.randint(0, 730))
    while interview.weekday() >= 5:
        interview -= dt.timedelta(days=1)
    iso = dt.date.isoformat
    events: list[dict[str, Any]] = [
        {"type": "interview", "on": iso(interview), "with": ["ann", "bo"], "final": True},
        {"type": "debrief", "on": iso(interview), **({"timeframe": p} if (p := rng.choice(PHRASES)) else {})},
    ]
    if rng.random() < 0.8:
        events.append({"type": "step_done", "kind": "thank_you_note", "contact": "ann", "on": iso(interview)})
    age = (TODAY - interview).days
    if age > 20 and rng.random() < 0.7:
        events.append(
            {"type": "step_done", "kind": "call_hiring_officer", "contact": "ann",
             "on": iso(interview + dt.timedelta(days=15)), "outcome": rng.choice(["reached", "voicemail"])}
        )  # fmt: skip
    if age > 70:
        if rng.random() < 0.6:
            outcome = rng.choice(["offer", "rejected", "filled", "no_hire", "withdrawn"])
            events.append({"type": "response", "on": iso(interview + dt.timedelta(days=30)), "outcome": outcome})
        else:
            events.append({"type": "step_done", "kind": "move_on", "on": iso(interview + dt.timedelta(days=60))})
    app = {
        "id": f"app-{n:06d}",
        "company": f"{rng.choice(COMPANIES)} {n}",
        "role": rng.choice(["Data Analyst", "Developer", "Product Manager", "Designer"]),
        "contacts": [
            {"key": "ann", "name": "Ann Lee", "role": "hiring_officer"},
            {"key": "bo", "name": "Bo Park", "role": "interviewer"},
            {"key": "cy", "name": "Cy Diaz", "role": "inside_contact"},
        ],
        "events": events,
    }
    return _keep_up(app, rng)


def _keep_up(app: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """Someone using followthrough does most steps within a few days of their date."""
    from followthrough.core import codec, planner
    from followthrough.core.calendar import BusinessCalendar

    lets_things_slide = rng.random() < 0.1
    for _ in range(20):
        plan = planner.plan(codec.application_from_dict(app, "$")[0], calendar=BusinessCalendar("US"))
        late = [s for s in plan.pending if s.due < TODAY - dt.timedelta(days=rng.randint(0, 6))]
        if not late or (lets_things_slide and rng.random() < 0.3):
            break
        step = late[0]
        event = {"type": "step_done", "kind": step.kind.value, "on": (step.due + dt.timedelta(days=1)).isoformat()}
        if step.contact:
            event["contact"] = step.contact
        app["events"].append(event)
    return app


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("followthrough")
    return subprocess.run([str(script), *args], check=True, capture_output=True, text=True)


def build_base(path: Path) -> None:
    rng = random.Random(42)
    doc = {
        "format": "followthrough/1",
        "profile": {"name": "Bench", "timezone": "America/Chicago", "country": "US"},
        "applications": [_application(n, rng) for n in range(BASE)],
    }
    source = path.with_suffix(".json")
    source.write_text(json.dumps(doc))
    _run("--db", str(path), "import", str(source))
    source.unlink()


def scale(base: Path, path: Path, times: int, history_only: bool) -> None:
    """Copy the planned base ``times`` over, with fresh ids.

    ``history_only`` copies only closed applications: a long job-search history with
    today's active applications unchanged (one person's database). Otherwise everything
    is copied, active applications too: the worst case, with the agenda ``times`` longer.
    """
    only = "AND status = 'closed'" if history_only else ""
    path.unlink(missing_ok=True)
    path.write_bytes(base.read_bytes())
    db = sqlite3.connect(path)
    with db:
        copy = 0
        while db.execute("SELECT COUNT(*) FROM ft_application").fetchone()[0] < BASE * times:
            copy += 1
            shift = copy * 10_000_000
            db.execute(
                "INSERT INTO ft_application (id, owner_id, slug, company, role, applied_on, status, outcome, extra, "
                "domains, url, location, salary, notes, tags, priority, stage) "
                "SELECT id + ?, owner_id, slug || '-' || ?, company, role, applied_on, status, outcome, extra, "
                "domains, url, location, salary, notes, tags, priority, stage "
                f"FROM ft_application WHERE id < 10000000 {only}",
                (shift, copy),
            )
            db.execute(
                "INSERT INTO ft_contact (id, application_id, key, name, role, title, phone, email, relation, "
                "position, extra) SELECT id + ?, application_id + ?, key, name, role, title, phone, email, relation, "
                "position, extra FROM ft_contact WHERE id < 10000000 "
                "AND application_id + ? IN (SELECT id FROM ft_application)",
                (shift, shift, shift),
            )
            db.execute(
                "INSERT INTO ft_step (id, application_id, kind, contact_id, contact_key, due, status, done_on, "
                "flags, phase) SELECT id || ?, application_id + ?, kind, contact_id + ?, contact_key, due, status, "
                "done_on, flags, phase FROM ft_step WHERE application_id < 10000000 "
                "AND application_id + ? IN (SELECT id FROM ft_application)",
                (f"-{copy}", shift, shift, shift),
            )
    db.execute("ANALYZE")
    db.close()


def timed(command: list[str], runs: int) -> float:
    """Median wall time of the whole process, in milliseconds."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    DATA.mkdir(exist_ok=True)
    base = DATA / f"agenda-{BASE}.sqlite3"
    if not base.exists():
        print(f"building {BASE} applications through the services…", file=sys.stderr)
        build_base(base)
    floor = timed([sys.executable, "-c", "pass"], args.runs)
    script = str(Path(sys.executable).with_name("followthrough"))
    print(f"python -c pass: {floor:.0f} ms (median of {args.runs})")
    print(f"{'database':<10} {'applications':>12}  {'due steps':>9}  {'agenda ms':>9}  {'x floor':>7}")
    for size in (int(s) for s in args.sizes.split(",")):
        for kind in ("history", "worst"):
            if size == BASE and kind == "worst":
                continue
            path = base if size == BASE else DATA / f"agenda-{kind}-{size}.sqlite3"
            if not path.exists():
                print(f"building {size} applications ({kind})…", file=sys.stderr)
                scale(base, path, size // BASE, history_only=kind == "history")
            command = [script, "--db", str(path), "agenda", "--as-of", TODAY.isoformat()]
            due = len(json.loads(subprocess.run([*command, "--json"], capture_output=True, check=True).stdout)["steps"])
            took = timed(command, args.runs)
            total = sqlite3.connect(path).execute("SELECT COUNT(*) FROM ft_application").fetchone()[0]
            print(f"{kind:<10} {total:>12,}  {due:>9,}  {took:>9.0f}  {took / floor:>7.1f}")


if __name__ == "__main__":
    main()
