"""Reading and writing followthrough/1 files. Everything is checked before anything is
stored, so a faulty file changes nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from followthrough.core import codec
from followthrough.services import exchange
from followthrough.services.errors import UserError


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def parse(text: str, source: str) -> codec.Document:
    """The document in ``text``, or a UserError naming where its first fault is."""
    try:
        doc = json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as error:
        raise UserError(
            f"{source}: $: malformed JSON at line {error.lineno} column {error.colno}: {error.msg}"
        ) from None
    except _DuplicateKey as error:
        raise UserError(f"{source}: $: the key {error.args[0]!r} appears twice in one object") from None
    except RecursionError:
        raise UserError(f"{source}: $: nested too deeply to be a followthrough file") from None
    try:
        return codec.document_from_dict(doc)
    except codec.InvalidData as error:
        raise UserError(f"{source}: {error}") from None


def read(path: Path) -> codec.Document:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise UserError(f"{path}: cannot read: {error.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UserError(f"{path}: $: not UTF-8 text (byte {error.start})") from None
    if "\x00" in text:
        raise UserError(f"{path}: $: contains NUL bytes: not a followthrough file")
    return parse(text, str(path))


def save(document: codec.Document, progress: exchange.Progress | None = None) -> int:
    """Store a document already checked by :func:`read` or :func:`parse`."""
    return exchange.import_document(document, progress)


def dumps(document: codec.Document) -> str:
    return json.dumps(codec.document_to_dict(document), indent=2, ensure_ascii=False) + "\n"


def export_text() -> str:
    return dumps(exchange.export_document())
