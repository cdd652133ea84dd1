"""Choosing playbooks: the built-in ones, the job search's own, and the user's TOML files.

How the files and the stored playbooks relate (docs/playbooks.md):

- A user's own playbook is a file ``<config>/playbooks/NAME.toml`` (the platform's config
  directory, ``$XDG_CONFIG_HOME/followthrough`` on Linux). Files are read afresh by every
  command that lists, shows or names a playbook.
- The job search keeps its own copy of every playbook it uses (in the profile row), so
  the plans never depend on a file being there, and an export carries them: naming a
  playbook (``add --playbook``, ``playbook set``, ``profile set --playbook``) or
  ``playbook import`` stores the file's values, and when the stored copy and the file
  differ, the file wins and the applications on that playbook are planned again.
- An import (``followthrough/1``) brings its playbooks into the store; it never writes
  files.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from django.db import transaction
from django.db.models import Count
from django.db.models.fields.json import KT

from followthrough.core import playbook as playbooks
from followthrough.core.explain import summary
from followthrough.core.model import Profile
from followthrough.core.playbook import Playbook, PlaybookError
from followthrough.services.errors import UserError
from followthrough.services.jobsearch.changes import changing
from followthrough.services.jobsearch.planning import current_books, replan
from followthrough.services.jobsearch.profile import (
    business_calendar,
    get_profile,
    own_playbooks,
    profile_and_playbooks,
)
from followthrough.services.jobsearch.profile_edit import save_own_playbooks
from followthrough.services.jobsearch.profile_edit import update_profile as update
from followthrough.store.models import Application as ApplicationRow


def playbook_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir("followthrough", appauthor=False)) / "playbooks"


class PlaybookFileFault(UserError):
    """A playbook file that cannot be used: the file, the TOML line and the key at fault
    (each when known), and why, in plain words. ``str()`` reads "FILE: line N: KEY: why"."""

    def __init__(self, path: Path, reason: str, line: int | None = None, key: str | None = None) -> None:
        self.path, self.reason, self.line, self.key = path, reason, line, key
        where = f"{path}: line {line}" if line else str(path)
        super().__init__(f"{where}: {key}: {reason}" if key else f"{where}: {reason}")


def read_file(path: Path) -> Playbook:
    """The playbook a TOML file holds; PlaybookFileFault naming the file, line and key at fault."""
    name = path.stem
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PlaybookFileFault(path, f"cannot be read: {error}") from None
    return from_text(name, text, path)


def from_text(name: str, text: str, where: Path | str) -> Playbook:
    """The playbook called ``name`` that the TOML ``text`` holds (a file's, or an upload's);
    PlaybookFileFault naming ``where``, the line and the key at fault."""
    path = Path(where)
    try:
        values = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PlaybookFileFault(path, str(error), _toml_line(error)) from None
    if name in playbooks.BUILT_IN:
        raise PlaybookFileFault(path, f"{name!r} is a built-in playbook: give yours another file name")
    try:
        playbooks.check_name(name)
    except PlaybookError as error:
        raise PlaybookFileFault(path, f"the file name: {error.message}") from None
    try:
        return playbooks.from_mapping(name, values)
    except PlaybookError as error:
        raise PlaybookFileFault(path, error.message, _line_of(text, error.key), error.key) from None


def _toml_line(error: tomllib.TOMLDecodeError) -> int | None:
    """The line tomllib names in its message ("... (at line 3, column 5)")."""
    found = re.search(r"\(at line (\d+),", str(error))
    return int(found.group(1)) if found else None


def _line_of(text: str, key: str | None) -> int | None:
    if not key:
        return None
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
    return next((n for n, line in enumerate(text.splitlines(), start=1) if pattern.match(line)), None)


def file_playbooks() -> dict[str, Playbook]:
    """The user's playbook files, by name (sorted); the first bad one raises PlaybookFileFault."""
    books, faults = read_folder()
    if faults:
        raise faults[0]
    return books


def read_folder() -> tuple[dict[str, Playbook], list[PlaybookFileFault]]:
    """The user's good playbook files, by name (sorted), and the fault of each bad one:
    one broken file never hides the others."""
    folder = playbook_dir()
    books: dict[str, Playbook] = {}
    faults: list[PlaybookFileFault] = []
    if not folder.is_dir():
        return books, faults
    for path in sorted(folder.glob("*.toml")):
        try:
            books[path.stem] = read_file(path)
        except PlaybookFileFault as fault:
            faults.append(fault)
    return books, faults


def file_faults() -> list[PlaybookFileFault]:
    """What is wrong with each of the user's playbook files that cannot be used (none: [])."""
    return read_folder()[1]


@dataclass(frozen=True)
class Listed:
    book: Playbook
    source: str  # "built-in", "file", "stored" (in the job search only), "file, stored"
    default: bool
    used_by: int  # applications naming it


@dataclass(frozen=True)
class Listing:
    books: list[Listed]
    faults: list[PlaybookFileFault]  # the user's files that could not be used, each with its fault


def list_playbooks(count_usage: bool = True) -> Listing:
    """Every playbook the user may name: built-in, good files (a file wins), stored; with
    how many applications follow each (one pass over them, unless ``count_usage`` is off);
    and the fault of each file that cannot be used."""

    files, faults = read_folder()
    profile, stored = profile_and_playbooks()
    default = profile.playbook or playbooks.COLUMN.name
    used = _usage(default) if count_usage else {}
    out = [Listed(book, "built-in", name == default, used.get(name, 0)) for name, book in playbooks.BUILT_IN.items()]
    for name in sorted({*files, *stored}):
        source = ", ".join(s for s, where in (("file", files), ("stored", stored)) if name in where)
        out.append(Listed(files.get(name) or stored[name], source, name == default, used.get(name, 0)))
    return Listing(out, faults)


def _usage(default: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    rows = ApplicationRow.objects.annotate(book=KT("extra__playbook")).values("book").annotate(n=Count("id"))
    for row in rows.order_by():
        counts[row["book"] or default] = counts.get(row["book"] or default, 0) + row["n"]
    return counts


def find(name: str) -> Playbook:
    """The playbook called ``name``: built-in, else its file (a file wins over the stored
    copy), else the job search's stored one; UserError if none."""

    if name in playbooks.BUILT_IN:
        return playbooks.BUILT_IN[name]
    try:
        playbooks.check_name(name)
    except PlaybookError as error:
        raise UserError(error.message) from None
    path = playbook_dir() / f"{name}.toml"
    if path.is_file():
        return read_file(path)
    stored = own_playbooks()
    if name in stored:
        return stored[name]
    known = ", ".join(sorted({*playbooks.BUILT_IN, *stored, *_file_names()}))
    raise UserError(f"unknown playbook {name!r} (known: {known}; your own go in {playbook_dir()}/NAME.toml)")


def _file_names() -> list[str]:
    folder = playbook_dir()
    return [p.stem for p in folder.glob("*.toml")] if folder.is_dir() else []


def choose(name: str) -> Playbook:
    """The playbook the user just named, kept in the job search if it is their own (in the
    caller's transaction). A stored copy that differs from the file takes the file's values,
    and every application on that playbook is planned again."""

    book = find(name)
    if name in playbooks.BUILT_IN:
        return book
    if own_playbooks().get(name) != book:
        had = name in own_playbooks()
        save_own_playbooks((book,))
        if had:
            replan_using(name)
    return book


def import_files(names: tuple[str, ...] = ()) -> tuple[list[str], list[PlaybookFileFault]]:
    """Keep the user's playbook files (all, or those named) in the job search, in one
    transaction; returns the names kept, and the fault of each file left out. A file named
    that is missing or faulty is refused (nothing is kept); asked for all, the good ones are
    kept and each bad one is named."""

    files, faults = read_folder()
    for name in names:
        if name not in files:
            fault = next((f for f in faults if f.path.stem == name), None)
            if fault is not None:
                raise fault
            raise UserError(f"no playbook file {name}.toml in {playbook_dir()}")
    with transaction.atomic():
        for name in names or tuple(files):
            choose(name)
    return list(names or files), ([] if names else faults)


def replan_using(name: str) -> None:
    """Plan again the applications that follow playbook ``name`` (by name or by default)."""

    calendar, books = business_calendar(), current_books()
    default = books[1] or playbooks.COLUMN.name
    for row in ApplicationRow.objects.prefetch_related("contacts", "events", "steps"):
        if ((row.extra or {}).get("playbook") or default) == name:
            replan(row, calendar, books)


def set_application_playbook(slug: str, name: str) -> Playbook:
    """Put application ``slug`` on playbook ``name`` and plan it again, in one transaction:
    steps that keep their place keep their ids."""

    with transaction.atomic():
        book = choose(name)  # stored first: the change below plans with it
        with changing(slug) as change:
            change.row.extra = dict(change.row.extra or {}) | {"playbook": name}
            change.row.save(update_fields=["extra"])
            change.replan(replace(change.application, playbook=name))
    return book


def choices() -> list[tuple[str, str]]:
    """(name, one-line summary) of every playbook to offer in a form. A broken file of the
    user's is left out (file_faults names its fault), so a form still offers the others."""

    return [(listed.book.name, summary(listed.book)) for listed in list_playbooks(count_usage=False).books]


def default_name() -> str:
    return get_profile().playbook or playbooks.COLUMN.name


def update_profile_and_playbook(**changes: str | None) -> Profile:
    """profile_edit.update_profile, with a playbook named by the user stored first (from
    its file), all in one transaction: a refusal of any field keeps nothing."""

    with transaction.atomic():
        if changes.get("playbook"):
            choose(str(changes["playbook"]))
        return update(**changes)
