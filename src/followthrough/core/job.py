"""The job itself, beside the follow-up: the posting's address, where it is, what it pays,
the user's notes and tags, how much it matters, how far it got before any interview, and
the employer's clock (time zone and country: when a message goes out, never the plan).

One set of rules for every door (the exchange format, the command line, the web forms,
a spreadsheet): each value is checked and tidied here, and a fault names its field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from followthrough.core.codec_fields import InvalidData, check_text, check_timezone, kind_of


class Stage(StrEnum):
    """How far an application got before any interview; later stages come from its events."""

    SAVED = "saved"  # a posting kept to apply to
    APPLIED = "applied"
    SCREENING = "screening"  # a recruiter's call or a phone screen


# The board's stages that its events give (an interview recorded, an answer): never set by hand.
DERIVED_STAGES = ("interviewing", "waiting", "closed")
PRIORITIES = {1: "high", 2: "medium", 3: "low"}
MAX_URL = 2000
MAX_TAG = 60
MAX_TAGS = 30
MAX_NOTES = 20000
MAX_LINE = 500  # a location or a salary as written
FIELDS = ("url", "location", "salary", "notes", "tags", "priority", "stage", "timezone", "country")
_SCHEME = re.compile(r"https?://[^\s/?#]+\S*", re.IGNORECASE)


@dataclass(frozen=True)
class Job:
    url: str | None = None
    location: str | None = None
    salary: str | None = None  # as written: "$95-110k"
    notes: str | None = None
    tags: tuple[str, ...] = ()
    priority: int | None = None  # 1 high, 2, 3 low
    stage: Stage | None = None
    # The employer's clock (playbook.md section 6); none: the user's own.
    timezone: str | None = None  # IANA, "Europe/Berlin"
    country: str | None = None  # ISO 3166 alpha-2, upper case: whose public holidays

    def to_dict(self) -> dict[str, Any]:
        """The fields that say something, as the exchange format writes them."""
        out: dict[str, Any] = {}
        for key in ("url", "location", "salary", "notes"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.tags:
            out["tags"] = list(self.tags)
        if self.priority is not None:
            out["priority"] = self.priority
        if self.stage is not None:
            out["stage"] = self.stage.value
        for key in ("timezone", "country"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        return out


def columns(job: Job) -> dict[str, Any]:
    """The job as the store's columns hold it (tags joined by ", ")."""
    return {
        "url": job.url,
        "location": job.location,
        "salary": job.salary,
        "notes": job.notes,
        "tags": tags_text(job.tags),
        "priority": job.priority,
        "stage": job.stage.value if job.stage else None,
        "timezone": job.timezone,
        "country": job.country,
    }


def from_columns(row: Any) -> Job:
    """The job from a stored application's columns (read as stored: they were checked)."""
    tags = tuple(t for t in (row.tags or "").split(", ") if t)
    stage = Stage(row.stage) if row.stage else None
    return Job(row.url, row.location, row.salary, row.notes, tags, row.priority, stage, row.timezone, row.country)


def check_url(value: Any, where: str = "url") -> str | None:
    text = _line(value, where, MAX_URL)
    if text is not None and not _SCHEME.fullmatch(text):
        raise InvalidData(where, f"{text[:60]!r} is not a web address: it must start with http:// or https://")
    return text


def check_line(value: Any, where: str) -> str | None:
    """A location or a salary: one line, trimmed; empty is none."""
    return _line(value, where, MAX_LINE)


def check_notes(value: Any, where: str = "notes") -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidData(where, f"expected text, found {kind_of(value)}")
    if len(value) > MAX_NOTES:
        raise InvalidData(where, f"longer than {MAX_NOTES} characters")
    check_text(value, where, multiline=True)
    return value if value.strip() else None


def check_tags(value: Any, where: str = "tags") -> tuple[str, ...]:
    """Words, each trimmed, without commas; the same word twice (in any case) once."""
    if value is None:
        return ()
    if not isinstance(value, list | tuple):
        raise InvalidData(where, f"expected a list of words, found {kind_of(value)}")
    tags: dict[str, str] = {}
    for i, raw in enumerate(value):
        at = f"{where}[{i}]"
        if not isinstance(raw, str):
            raise InvalidData(at, f"expected a word, found {kind_of(raw)}")
        tag = check_text(raw, at).strip()
        if not tag:
            raise InvalidData(at, "an empty tag")
        if "," in tag:
            raise InvalidData(at, f"{tag[:40]!r} holds a comma: give each tag on its own")
        if len(tag) > MAX_TAG:
            raise InvalidData(at, f"longer than {MAX_TAG} characters")
        tags.setdefault(tag.casefold(), tag)
    if len(tags) > MAX_TAGS:
        raise InvalidData(where, f"more than {MAX_TAGS} tags")
    return tuple(tags.values())


def split_tags(text: str) -> list[str]:
    """Tags as a spreadsheet cell or a form field holds them: "remote, python; senior"."""
    return [t for t in re.split(r"[,;]", text) if t.strip()]


def check_priority(value: Any, where: str = "priority", words: bool = False) -> int | None:
    """1, 2 or 3; with ``words`` (a spreadsheet, a form) also "1" or "high", "medium", "low"."""
    if value is None:
        return None
    if words and isinstance(value, str):
        text = value.strip().casefold()
        named = {name: n for n, name in PRIORITIES.items()}
        value = int(text) if text.isdigit() and len(text) < 4 else named.get(text, value)
    if isinstance(value, bool) or not isinstance(value, int) or value not in PRIORITIES:
        shown = repr(value)[:40]
        raise InvalidData(where, f"{shown} is not a priority: 1 (high), 2 or 3 (low)")
    return value


def check_stage(value: Any, where: str = "stage", words: bool = False) -> Stage | None:
    """saved, applied or screening; with ``words`` in any case and spacing."""
    if value is None:
        return None
    if words and isinstance(value, str):
        value = value.strip().casefold()
    if isinstance(value, str) and value in DERIVED_STAGES:
        raise InvalidData(
            where,
            f"{value.strip()!r} comes from what was recorded (an interview, an answer), not set by hand: "
            f"one of {', '.join(Stage)}",
        )
    try:
        return Stage(value)
    except ValueError:
        raise InvalidData(where, f"unknown stage {value!r} (one of {', '.join(Stage)})") from None


def check_zone(value: Any, where: str = "timezone") -> str | None:
    """The employer's time zone, an IANA name ("Europe/Berlin"); empty is none."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return check_timezone(value.strip() if isinstance(value, str) else value, where)


def check_country(value: Any, where: str = "country") -> str | None:
    """A country whose public holidays are known ("DE", "us"), upper case; empty is none."""
    text = _line(value, where, 8)
    if text is None:
        return None
    from followthrough.core.calendar import is_known_country  # holidays loads only for a country read

    if not is_known_country(text):
        raise InvalidData(where, f"no public holidays known for country {text[:8]!r}: give its two-letter code")
    return text.upper()


def job_from_dict(obj: Any, path: str = "", words: bool = False) -> Job:
    """The job's fields of an application object (absent ones stay absent); ``words``:
    typed by a person or another tracker, so a priority or a stage may be a word."""
    at = (lambda key: f"{path}.{key}") if path else (lambda key: key)
    return Job(
        url=check_url(obj.get("url"), at("url")),
        location=check_line(obj.get("location"), at("location")),
        salary=check_line(obj.get("salary"), at("salary")),
        notes=check_notes(obj.get("notes"), at("notes")),
        tags=check_tags(obj.get("tags"), at("tags")),
        priority=check_priority(obj.get("priority"), at("priority"), words),
        stage=check_stage(obj.get("stage"), at("stage"), words),
        timezone=check_zone(obj.get("timezone"), at("timezone")),
        country=check_country(obj.get("country"), at("country")),
    )


def changed(job: Job, **fields: Any) -> Job:
    """``job`` with the fields given (None: left as it is; "" or an empty list: cleared),
    each checked as an import checks it, a person's words allowed; a fault's path is the
    field's name."""
    given = {k: v for k, v in fields.items() if v is not None}
    for key in given:
        if key not in FIELDS:
            raise ValueError(f"no job field {key!r}")
    checked = job_from_dict({k: (v if v != "" else None) for k, v in given.items()}, "", words=True)
    return replace(job, **{k: getattr(checked, k) for k in given})


def tags_text(tags: Iterable[str]) -> str:
    return ", ".join(tags)


def _line(value: Any, where: str, limit: int) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidData(where, f"expected text, found {kind_of(value)}")
    text = check_text(value, where).strip()
    if len(text) > limit:
        raise InvalidData(where, f"longer than {limit} characters")
    return text or None
