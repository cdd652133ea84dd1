"""A playbook file given whole (the browser's upload): checked as a file in the playbooks
folder is, then written there and kept in the job search, in one transaction.

On the career-centre server, an account's playbook is kept in its job search only: the
server's folder is nobody's own (``own_folder`` is None there).

A fault anywhere (not TOML, a bad key or value, a built-in's name, a name already the
user's when they did not ask to replace it) saves nothing: neither the file nor the
job search's copy. Two uploads at once take turns on the profile row, so the folder and
the job search agree on which one came last.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from followthrough.core.playbook import Playbook
from followthrough.services.errors import UserError
from followthrough.services.jobsearch.playbooks import from_text, playbook_dir, replan_using
from followthrough.services.jobsearch.profile import get_profile, lock_profile, own_playbooks, profile_row
from followthrough.services.jobsearch.profile_edit import save_own_playbooks
from followthrough.services.owners import step_namespace
from followthrough.store.models import Profile as ProfileRow

MAX_BYTES = 64_000  # a playbook is a dozen lines


class PlaybookTaken(UserError):
    """The user has a playbook of that name already and did not ask to replace it."""


@dataclass(frozen=True)
class Uploaded:
    book: Playbook
    path: Path | None  # where the file now is (None: kept in the job search only)
    replaced: bool  # it took the place of the user's playbook of that name


def own_folder() -> Path | None:
    """The folder of the user's playbook files: None for an account on the career-centre
    server (whose playbooks live in its job search only)."""
    return playbook_dir() if step_namespace() == "" else None


def _name_and_text(file_name: str, content: bytes) -> tuple[str, str]:
    shown = Path(file_name.replace("\\", "/")).name or "the file"
    if not shown.lower().endswith(".toml"):
        raise UserError(f"{shown}: a playbook file is NAME.toml (its name is the playbook's)")
    if len(content) > MAX_BYTES:
        raise UserError(f"{shown}: {len(content):,} bytes; a playbook file is at most {MAX_BYTES:,}")
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise UserError(f"{shown}: not UTF-8 text") from None
    return shown[: -len(".toml")], text


def upload_playbook(file_name: str, content: bytes, replace: bool = False) -> Uploaded:
    """Check the TOML ``content`` of ``file_name`` (NAME.toml), then write it into the
    playbooks folder and keep it in the job search; with ``replace``, it takes the place
    of the user's playbook of that name and the applications on it are planned again."""

    name, text = _name_and_text(file_name, content)
    book = from_text(name, text, Path(file_name.replace("\\", "/")).name)
    folder = own_folder()
    path = folder / f"{name}.toml" if folder else None
    _profile_row_made()
    with transaction.atomic():
        lock_profile()  # another upload waits here: the file and the stored copy change together
        had = bool(path and path.exists()) or name in own_playbooks()
        if had and not replace:
            raise PlaybookTaken(f"you have a playbook called {name!r} already" + (f" ({path})" if path else ""))
        save_own_playbooks((book,))
        if had:
            replan_using(name)
        if path:
            _write(path, text)  # last: a failure to write undoes the rest
    return Uploaded(book, path, had)


def _profile_row_made() -> None:
    """The profile row, there to be locked (a new job search has none yet). Only made,
    never written over: another upload may have stored its playbook in it meanwhile."""
    if profile_row() is None:
        ProfileRow.objects.get_or_create(defaults={"timezone": get_profile().timezone})


def _write(path: Path, text: str) -> None:
    """The file, whole or not at all (a reader never sees half of it)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            Path(temporary).replace(path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise UserError(f"{path}: cannot be written: {error.strerror or error}") from None
