"""Logging for the command line and the local web app: nothing fails silently.

Commands print warnings (and worse) to stderr, one line each; ``serve`` prints what it
does to the terminal that runs it, with the time. ``FOLLOWTHROUGH_LOG=info`` (or
``debug``) shows more in either.
"""

from __future__ import annotations

import logging
import os
import sys

_HANDLER_NAME = "followthrough"


def setup(serving: bool = False) -> None:
    """Send the program's log records (and Django's) to stderr; idempotent."""
    level_name = os.environ.get("FOLLOWTHROUGH_LOG", "info" if serving else "warning").upper()
    level = logging.getLevelName(level_name)
    if not isinstance(level, int):
        level = logging.INFO if serving else logging.WARNING
    root = logging.getLogger()
    for handler in list(root.handlers):
        if handler.get_name() == _HANDLER_NAME:
            root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.set_name(_HANDLER_NAME)
    if serving:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s", "%H:%M:%S"))
    else:
        handler.setFormatter(logging.Formatter("followthrough: %(levelname)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
