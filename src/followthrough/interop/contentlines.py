"""What iCalendar (RFC 5545) and vCard (RFC 6350) files share: UTF-8 text made of folded
"content lines" nested in BEGIN/END blocks. Checked here line by line, so a fault is
reported with its line number before any library sees the file."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from followthrough.core.errors import UserError
from followthrough.interop.files import read_import

# RFC 5545/6350 fold lines at 75 octets, but real exports are sloppier: a physical line of
# a few thousand characters (an unfolded HTML description, a phone's base64 photo) is
# seen in the wild; one of 32 KB is not text meant for people. A folded logical line may
# be long (an 80 KB photo, a 13 KB X-ALT-DESC) but not unbounded.
MAX_PHYSICAL = 32_000  # characters in one physical line
MAX_LINE = 4_000_000  # characters in one unfolded (logical) content line
_NAME = re.compile(r"^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)?(?=[;:])")


@dataclass
class Line:
    number: int  # 1-based, of the line's first physical line
    text: str

    @property
    def name(self) -> str:
        match = _NAME.match(self.text)
        return match.group(0).upper() if match else ""

    @property
    def value(self) -> str:
        return _split_value(self.text)


@dataclass
class Block:
    kind: str  # VCALENDAR, VEVENT, VCARD...
    start: int
    end: int = 0
    lines: list[Line] = field(default_factory=list)  # its own properties
    children: list[Block] = field(default_factory=list)

    def first(self, name: str) -> Line | None:
        return next((line for line in self.lines if line.name == name), None)

    def all(self, name: str) -> list[Line]:
        return [line for line in self.lines if line.name == name]


def _split_value(text: str) -> str:
    """The value after the first colon that is not inside a quoted parameter."""
    quoted = False
    for i, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return text[i + 1 :]
    return ""


def read_text(path: Path) -> str:
    return decode(read_import(path), str(path))


def decode(raw: bytes, source: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as error:
            raise UserError(f"{source}: line 1: not valid UTF-16 text (byte {error.start})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise UserError(f"{source}: line {line}: not UTF-8 text (byte {error.start})") from None
    if "\x00" in text:
        raise UserError(f"{source}: line {text[: text.index(chr(0))].count(chr(10)) + 1}: contains a NUL byte")
    return text


def unfold(text: str, source: str) -> list[Line]:
    """Content lines with their line numbers; a line starting with space or tab continues
    the one before."""
    lines: list[Line] = []
    parts: list[str] = []  # the current line's pieces: joined once, not copied per fold
    size = 0
    for number, physical in enumerate(re.split(r"\r\n|\n|\r", text), start=1):
        if len(physical) > MAX_PHYSICAL:
            raise UserError(
                f"{source}: line {number}: a line of {len(physical)} characters (longer than {MAX_PHYSICAL}, "
                "and not folded)"
            )
        if physical[:1] in (" ", "\t") and lines:
            parts.append(physical[1:])
            size += len(physical) - 1
            if size > MAX_LINE:
                raise UserError(f"{source}: line {lines[-1].number}: a folded line longer than {MAX_LINE} characters")
        elif physical.strip():
            if lines:
                lines[-1].text = "".join(parts)
            lines.append(Line(number, physical))
            parts, size = [physical], len(physical)
    if lines:
        lines[-1].text = "".join(parts)
    return lines


def parse_blocks(text: str, source: str, outer: str) -> list[Block]:
    """The top-level ``outer`` blocks (VCALENDAR or VCARD), balanced and well-formed."""
    blocks: list[Block] = []
    stack: list[Block] = []
    for line in unfold(text, source):
        name = line.name
        if not name or ":" not in line.text:
            raise UserError(f"{source}: line {line.number}: not a 'NAME:value' line: {_show(line.text)}")
        if name in ("BEGIN", "END"):
            kind = line.value.strip().upper()
            if not re.fullmatch(r"[A-Z0-9-]+", kind):
                raise UserError(f"{source}: line {line.number}: {name}: with no block name")
            if name == "BEGIN":
                if not stack and kind != outer:
                    raise UserError(f"{source}: line {line.number}: expected BEGIN:{outer}, found BEGIN:{kind}")
                if outer == "VCARD" and stack:
                    raise UserError(f"{source}: line {line.number}: BEGIN:{kind} inside a VCARD that did not END")
                if len(stack) > 8:
                    raise UserError(f"{source}: line {line.number}: blocks nested too deeply")
                block = Block(kind, line.number)
                (stack[-1].children if stack else blocks).append(block)
                stack.append(block)
            else:
                if not stack:
                    raise UserError(f"{source}: line {line.number}: END:{kind} without a BEGIN")
                if stack[-1].kind != kind:
                    raise UserError(
                        f"{source}: line {line.number}: END:{kind} closes "
                        f"BEGIN:{stack[-1].kind} of line {stack[-1].start}"
                    )
                stack.pop().end = line.number
            continue
        if not stack:
            raise UserError(f"{source}: line {line.number}: {name} outside BEGIN:{outer} ... END:{outer}")
        stack[-1].lines.append(line)
    if stack:
        raise UserError(
            f"{source}: line {stack[-1].start}: BEGIN:{stack[-1].kind} is never closed by END:{stack[-1].kind}"
        )
    if not blocks:
        raise UserError(f"{source}: line 1: no BEGIN:{outer} in the file")
    return blocks


def _show(text: str) -> str:
    return repr(text[:40] + ("…" if len(text) > 40 else ""))
