"""Logging for the command line and the local web app: nothing fails silently.

Commands print warnings (and worse) to stderr, one line each; ``serve`` prints what it
does to the terminal that runs it, with the time. ``FOLLOWTHROUGH_LOG=info`` (or
``debug``) shows more in either.
"""

from __future__ import annotations

import logging
import os
import re
import sys

_HANDLER_NAME = "followthrough"

# Addresses that are credentials: invitation and reset links, calendar feeds. Django logs
# the path of every refused request ("Bad Request: /reset/<token>" after a weak password,
# with the link still usable), so the handler blanks them before anything is written.
_SECRET_PATHS = re.compile(r"/(invitations|reset|calendar)/[^\s/?#\"']+")


class HideSecretPaths(logging.Filter):
    """Writes ``/reset/…`` where a record's message holds ``/reset/<token>``."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        hidden = _SECRET_PATHS.sub(lambda m: f"/{m.group(1)}/…", message)
        if hidden != message:
            record.msg, record.args = hidden, None
        return True


# OAuth 2.0 credentials as libraries print them: a form or query ("refresh_token=…"), a
# dict or JSON ("'access_token': '…'") or a header ("Bearer …"): kept out of every log.
_TOKENS = re.compile(
    r"(?i)(\b(?:access_token|refresh_token|id_token|device_code|code_verifier|client_secret)\b[\"']?\s*[:=]\s*[\"']?"
    r"|(?:^|[?&\s])(?:code|token)=|['\"](?:code|token)['\"]:\s*['\"]|\bBearer\s+)[^\s\"'&,}]+"
)


class HideTokens(logging.Filter):
    """Writes ``refresh_token=…`` where a record's message holds an OAuth 2.0 token."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        hidden = _TOKENS.sub(lambda m: f"{m.group(1)}…", message)
        if hidden != message:
            record.msg, record.args = hidden, None
        return True


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
    handler.addFilter(HideSecretPaths())
    handler.addFilter(HideTokens())
    if serving:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s", "%H:%M:%S"))
    else:
        handler.setFormatter(logging.Formatter("followthrough: %(levelname)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
