"""The console script: the agenda's fast path first, then the full command line."""

from __future__ import annotations

import sys


def main() -> None:
    from followthrough.cli import fast

    if fast.run(sys.argv[1:]):
        return
    from followthrough.cli.main import main as full

    full()
