"""The one kind of error a user can put right, shared by every layer."""

from __future__ import annotations


class UserError(Exception):
    """Something the user can put right: shown as one line, exit code 2 (or a page that
    says so). Raised by the core, the adapters that read their files and the services."""
