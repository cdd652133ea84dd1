"""Business cards in and out as vCards (3.0 and 4.0 read, 3.0 written), with vobject."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from followthrough.core import codec
from followthrough.core.errors import UserError
from followthrough.core.records import CardContact, ContactCard
from followthrough.interop.contentlines import Block, parse_blocks, read_text

__all__ = ["CardContact", "read_cards", "read_file", "write_cards"]

VERSIONS = ("2.1", "3.0", "4.0")
_EMAIL = re.compile(r"^[^@\s<>(),;:\"\[\]\\]+@[^@\s<>(),;:\"\[\]\\]+\.[^@\s<>(),;:\"\[\]\\]+$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def read_file(path: Path) -> list[CardContact]:
    return read_cards(read_text(path), str(path))


def read_cards(text: str, source: str = "vCard") -> list[CardContact]:
    """Every card in ``text``; a UserError naming the line at the first bad one."""
    cards: list[CardContact] = []
    seen: dict[str, int] = {}
    for block in parse_blocks(text, source, "VCARD"):
        card = _card(block, source)
        if card.uid:
            if card.uid in seen:
                raise UserError(
                    f"{source}: line {block.start}: UID {card.uid!r} already used by the card of line {seen[card.uid]}"
                )
            seen[card.uid] = block.start
        cards.append(card)
    return cards


def _line_of(block: Block, number: Any) -> int:
    """The file's line for vobject's line ``number`` of the block's own text."""
    try:
        index = int(number) - 2  # line 1 is BEGIN:VCARD
    except (TypeError, ValueError):
        return block.start
    return block.lines[index].number if 0 <= index < len(block.lines) else block.start


def _card(block: Block, source: str) -> CardContact:
    import vobject

    version = block.first("VERSION")
    if version is not None and version.value.strip() not in VERSIONS:
        raise UserError(
            f"{source}: line {version.number}: vCard version {version.value.strip()!r} (expected 3.0 or 4.0)"
        )
    chunk = "\r\n".join(["BEGIN:VCARD", *(line.text for line in block.lines), "END:VCARD"]) + "\r\n"
    try:
        component = vobject.readOne(chunk, validate=False)
    except Exception as error:
        where = _line_of(block, getattr(error, "lineNumber", None))
        message = " ".join(str(getattr(error, "message", error) or type(error).__name__).split())[:100]
        raise UserError(f"{source}: line {where}: not a readable vCard: {message}") from None
    # The first line of each property; a grouped one ("item1.TEL", as Apple writes them)
    # is the property itself.
    lines = {line.name.rpartition(".")[2]: line for line in reversed(block.lines)}
    name = _name(component, block, source)
    title = _text(component, "title")
    organization, unit = _org(component)
    phones = []
    phone_types: dict[str, str] = {}
    for entry in _entries(component, "tel"):
        phone = _flat(entry.value).strip()
        phone = phone[4:] if phone.lower().startswith("tel:") else phone
        if not re.search(r"\d", phone):
            raise UserError(f"{source}: line {lines['TEL'].number}: TEL {phone!r} has no digits")
        phones.append(phone)
        kind = _phone_type(entry)
        if kind:
            phone_types.setdefault(phone, kind)
    emails = []
    for entry in _entries(component, "email"):
        address = _flat(entry.value).strip()
        address = address[7:] if address.lower().startswith("mailto:") else address
        if not _EMAIL.match(address):
            raise UserError(f"{source}: line {lines['EMAIL'].number}: EMAIL {address!r} is not an e-mail address")
        emails.append(address)
    parts = _name_parts(component)
    uid = _text(component, "uid")
    for what, prop, values in (
        ("name", "FN", [name]),
        ("title", "TITLE", [title]),
        ("organization", "ORG", [organization, unit]),
        ("N", "N", list(parts or ())),
        ("TEL", "TEL", [*phones, *phone_types.values()]),
        ("EMAIL", "EMAIL", emails),
        ("UID", "UID", [uid]),
    ):
        _check(values, what, lines[prop].number if prop in lines else block.start, source)
    for line in block.lines:  # as written, before whitespace is tidied: a separator is refused, not hidden
        if line.name.rpartition(".")[2] in _KEPT:
            _check([line.value], line.name.rpartition(".")[2], line.number, source)
    return CardContact(
        name,
        title,
        organization,
        tuple(dict.fromkeys(phones)),
        tuple(dict.fromkeys(emails)),
        uid,
        name_parts=parts,
        unit=unit,
        phone_types=tuple(phone_types.items()),
        where=f"{source}: line {block.start}",
    )


_KEPT = ("FN", "N", "ORG", "TITLE", "TEL", "EMAIL", "UID")


def _check(values: Sequence[str | None], what: str, line: int, source: str) -> None:
    """The checks a followthrough/1 file gets, so that a backup of the import restores."""
    for value in values:
        if value is None:
            continue
        if _CONTROL.search(value):
            raise UserError(f"{source}: line {line}: the card's {what} holds control characters")
        try:
            codec.check_text(value, what)
        except codec.InvalidData as error:
            raise UserError(f"{source}: line {line}: the card's {what} {error.message}") from None


def _entries(component: Any, name: str) -> list[Any]:
    return list(component.contents.get(name, []))


def _flat(value: Any) -> str:
    if isinstance(value, list | tuple):
        return " ".join(_flat(v) for v in value if v)
    return str(value or "")


def _text(component: Any, name: str) -> str | None:
    entries = _entries(component, name)
    text = _flat(entries[0].value).strip() if entries else ""
    return " ".join(text.split()) or None


def _org(component: Any) -> tuple[str | None, str | None]:
    """The organization and its unit(s): ORG:Globex Corporation;Analytics."""
    entries = _entries(component, "org")
    if not entries:
        return None, None
    value = entries[0].value
    parts = [" ".join(_flat(p).split()) for p in (value if isinstance(value, list | tuple) else [value])]
    unit = " / ".join(p for p in parts[1:] if p)
    return (parts[0] if parts else "") or None, unit or None


def _name_parts(component: Any) -> tuple[str, str, str, str, str] | None:
    """N's (prefix, given, additional, family, suffix), each as one line of text."""
    entries = _entries(component, "n")
    if not entries:
        return None
    n = entries[0].value
    parts = [" ".join(_flat(getattr(n, f, "")).split()) for f in ("prefix", "given", "additional", "family", "suffix")]
    return (parts[0], parts[1], parts[2], parts[3], parts[4]) if any(parts) else None


_PHONE_TYPES = ("cell", "home", "work", "fax", "pager", "text", "video", "textphone", "car", "isdn", "msg")


def _phone_type(entry: Any) -> str:
    """The TEL's kinds that matter to a person (cell, home, work, fax...), as "cell" or "home,fax"."""
    raw = [*getattr(entry, "params", {}).get("TYPE", []), *getattr(entry, "singletonparams", [])]
    kinds = [k.strip().strip('"').lower() for value in raw for k in str(value).split(",")]
    return ",".join(dict.fromkeys(k for k in kinds if k in _PHONE_TYPES))


def _name(component: Any, block: Block, source: str) -> str:
    name = _text(component, "fn")
    if not name:
        entries = _entries(component, "n")
        if entries:
            n = entries[0].value
            parts = [
                getattr(n, "prefix", ""),
                getattr(n, "given", ""),
                getattr(n, "additional", ""),
                getattr(n, "family", ""),
            ]
            name = " ".join(_flat(p) for p in parts if p).strip() or None
    if not name:
        raise UserError(f"{source}: line {block.start}: the card has no name (FN or N)")
    return " ".join(name.split())


# -- out ------------------------------------------------------------------------------


def card_uid(card: ContactCard) -> str:
    return f"{card.application}.{card.key}@followthrough"


def write_cards(cards: Sequence[ContactCard]) -> str:
    """The contacts as vCard 3.0, one card each, with stable UIDs."""
    import vobject

    out = []
    for card in cards:
        v = vobject.vCard()
        v.add("version").value = "3.0"
        v.add("uid").value = card_uid(card)
        v.add("fn").value = card.name
        if card.name_parts:
            prefix, given, additional, family, suffix = card.name_parts
        else:
            given, _, family = card.name.rpartition(" ")
            given, family, prefix, additional, suffix = (
                (given, family, "", "", "") if family else ("", card.name, "", "", "")
            )
        v.add("n").value = vobject.vcard.Name(
            family=family, given=given, additional=additional, prefix=prefix, suffix=suffix
        )
        v.add("org").value = [card.organization or card.company, *([card.unit] if card.unit else [])]
        if card.title:
            v.add("title").value = card.title
        types = dict(card.phone_types)
        for phone in card.phones:
            tel = v.add("tel")
            tel.value = phone
            tel.params["TYPE"] = [t.upper() for t in (types.get(phone) or "work").split(",")]
        for address in card.emails:
            mail = v.add("email")
            mail.value = address
            mail.type_param = "INTERNET"
        v.add("categories").value = ["followthrough", card.contact_role]
        v.add(
            "note"
        ).value = f"{card.contact_role.replace('_', ' ')} for {card.role} at {card.company} ({card.application})"
        out.append(v.serialize())
    return "".join(out)
