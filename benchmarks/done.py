"""How fast is `followthrough done STEP` next to taskwarrior's `task UUID done`, at 10,000 items?

Both are whole processes that record one thing done in a store of 10,000 items:
followthrough on the *history* database of benchmarks/agenda.py (10,400 applications,
the recent ones active), taskwarrior on 10,000 pending tasks imported into a scratch
data directory. Runs alternate between the two tools, each run settling a different
item, and the medians are compared. Needs Debian's `taskwarrior` (`task`).

Run it with `make bench`; figures go in docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from agenda import BASE, DATA, TODAY, build_base, scale

SIZE = 10_000


def _timed(command: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return (time.perf_counter() - start) * 1000


def followthrough_store(work: Path) -> tuple[Path, list[str]]:
    DATA.mkdir(exist_ok=True)
    base = DATA / f"agenda-{BASE}.sqlite3"
    if not base.exists():
        build_base(base)
    history = DATA / f"agenda-history-{SIZE}.sqlite3"
    if not history.exists():
        scale(base, history, SIZE // BASE, history_only=True)
    path = work / "followthrough.sqlite3"
    shutil.copy(history, path)
    script = str(Path(sys.executable).with_name("followthrough"))
    far = TODAY.replace(year=TODAY.year + 1).isoformat()
    agenda = subprocess.run([script, "--db", str(path), "agenda", "--as-of", far, "--json"], capture_output=True)
    steps = [s["id"] for s in json.loads(agenda.stdout)["steps"]]
    return path, steps


def taskwarrior_store(work: Path) -> tuple[dict[str, str], list[str]]:
    task = shutil.which("task")
    if task is None:
        sys.exit("taskwarrior is missing: apt-get install taskwarrior")
    data = work / "task"
    data.mkdir()
    rc = work / "taskrc"
    rc.write_text(f"data.location={data}\nconfirmation=off\nverbose=nothing\nnews.version=99.99.99\n")
    env = {"TASKRC": str(rc), "PATH": "/usr/bin:/bin", "HOME": str(work)}
    ids = [str(uuid.UUID(int=n + 1)) for n in range(SIZE)]
    tasks = [
        {"uuid": i, "description": f"call Ann Lee at Acme {n}", "status": "pending", "entry": "20261101T000000Z"}
        for n, i in enumerate(ids)
    ]
    subprocess.run([task, "import"], input=json.dumps(tasks).encode(), env=env, check=True, capture_output=True)
    return env, ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        db, steps = followthrough_store(work)
        env, tasks = taskwarrior_store(work)
        if len(steps) < args.runs:
            sys.exit(f"only {len(steps)} pending steps to settle")
        script = str(Path(sys.executable).with_name("followthrough"))
        ours, theirs, floor = [], [], []
        for n in range(args.runs):
            ours.append(_timed([script, "--db", str(db), "done", steps[n]]))
            theirs.append(_timed(["task", tasks[n], "done"], env))
            floor.append(_timed([sys.executable, "-c", "pass"]))
    o, t, f = (statistics.median(x) for x in (ours, theirs, floor))
    print(f"{'command':<44} {'median ms':>9}")
    print(f"{'python -c pass':<44} {f:>9.0f}")
    print(f"{'task UUID done (taskwarrior, 10,000 tasks)':<44} {t:>9.0f}")
    print(f"{'followthrough done STEP (10,400 applications)':<44} {o:>9.0f}")
    print(f"followthrough / taskwarrior: {o / t:.2f}x (median of {args.runs}, alternating)")


if __name__ == "__main__":
    main()
