"""Reading and writing followthrough/1 files. Everything is checked before anything is
stored, so a faulty file changes nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from followthrough.core import codec
from followthrough.core.errors import UserError
from followthrough.interop.files import read_import


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


class _BadNumber(ValueError):
    pass


def _constant(name: str) -> float:
    raise _BadNumber(f"{name} is not a number JSON allows")


def _float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _BadNumber(f"the number {text[:20]}… is too large")
    return value


def _int(text: str) -> int:
    if len(text.lstrip("-")) > _MAX_DIGITS:
        raise _BadNumber(f"a number of {len(text.lstrip('-'))} digits (at most {_MAX_DIGITS})")
    return int(text)


_MAX_DIGITS = 300  # codec.MAX_NUMBER's; Python itself stops at 4,300


def parse(text: str, source: str) -> codec.Document:
    """The document in ``text``, or a UserError naming where its first fault is."""
    try:
        doc = json.loads(
            text, object_pairs_hook=_no_duplicates, parse_constant=_constant, parse_float=_float, parse_int=_int
        )
    except json.JSONDecodeError as error:
        raise UserError(
            f"{source}: $: malformed JSON at line {error.lineno} column {error.colno}: {error.msg}"
        ) from None
    except _DuplicateKey as error:
        raise UserError(f"{source}: $: the key {error.args[0]!r} appears twice in one object") from None
    except _BadNumber as error:
        raise UserError(f"{source}: $: {error}") from None
    except RecursionError:
        raise UserError(f"{source}: $: nested too deeply to be a followthrough file") from None
    try:
        return codec.document_from_dict(doc)
    except codec.InvalidData as error:
        raise UserError(f"{source}: {error}") from None


def read(path: Path) -> codec.Document:
    return read_bytes(read_import(path), str(path))


def read_bytes(raw: bytes, source: str) -> codec.Document:
    """The document in a file's bytes (``source`` names it in errors)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UserError(f"{source}: $: not UTF-8 text (byte {error.start})") from None
    if "\x00" in text:
        raise UserError(f"{source}: $: contains NUL bytes: not a followthrough file")
    return parse(text, source)


def dumps(document: codec.Document) -> str:
    return json.dumps(codec.document_to_dict(document), indent=2, ensure_ascii=False) + "\n"
