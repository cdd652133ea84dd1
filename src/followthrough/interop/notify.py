"""Desktop notifications through ``notify-send`` (libnotify): an adapter, text in, a
notification out, or :class:`NotShown` saying why not."""

from __future__ import annotations

import os
import shutil
import subprocess


class NotShown(Exception):
    """The notification did not reach the desktop; ``str()`` says why in one line."""


def available() -> bool:
    """A graphical session to show it in, and the command to show it with."""
    has_session = any(os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS"))
    return has_session and shutil.which("notify-send") is not None


def show(title: str, body: str, command: str = "notify-send") -> None:
    try:
        subprocess.run([command, "--app-name=followthrough", title, body], check=True, timeout=20, capture_output=True)
    except subprocess.CalledProcessError as error:
        # Its own words, not the command line (which holds the whole digest).
        said = (error.stderr or b"").decode(errors="replace").strip().splitlines()
        why = said[-1].strip() if said else f"exit status {error.returncode}"
        raise NotShown(f"{command} failed: {why}") from None
    except subprocess.TimeoutExpired:
        raise NotShown(f"{command} did not answer within 20 seconds") from None
    except OSError as error:
        raise NotShown(f"{command}: {error.strerror or error}") from None
