from __future__ import annotations


class UserError(Exception):
    """Something the user can put right: shown as one line, exit code 2."""
