"""Every page the web app answers to GET, found from its URL patterns, with one table of
how to fill their path parameters: the browser's accessibility test and the page-time
benchmark (benchmarks/web_pages.py) both go through this list, so a page added later is
visited and timed without anyone remembering to list it.

A new pattern whose path names a parameter not in FILLERS fails both with a message that
says which to add. Patterns that refuse GET (405: forms' targets) are not pages.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Sample:
    """One of each thing a path can name, taken from the job search at hand."""

    application: str  # an application with contacts, events and a pending step with a draft
    contact: str  # the key of one of its contacts
    step: str  # a pending step of it that has a draft
    event: int  # the number of one of its events
    feed_token: str  # the calendar feed's secret


# How to fill each path parameter, by its name in the pattern. THE table to extend when a
# page names something new (a file's id, say).
FILLERS: dict[str, Callable[[Sample], str]] = {
    "slug": lambda s: s.application,
    "key": lambda s: s.contact,
    "step_id": lambda s: s.step,
    "n": lambda s: str(s.event),
    "token": lambda s: s.feed_token,
    "name": lambda s: "app.css",  # static files
    # Answers found in the mailbox are only ever POSTed to (confirm, dismiss, snooze):
    # any number shows whether GET is refused.
    "possible_id": lambda s: "1",
    "kind": lambda s: "smtp",  # a mail server's settings: only POSTed to
    "template": lambda s: "thank_you_note",  # a draft's wording
    "what": lambda s: "json",  # an export, downloaded from the Files page
}

# A page that shows more with a query string is visited with it too.
VARIANTS: dict[str, list[str]] = {
    "today": ["?as_of=2026-11-20"],
    "board": ["?stage=waiting", "?stage=closed"],
    "timeframe-preview": ["?timeframe=two+weeks&on=2026-11-10"],
}

# GET answers that are not whole pages, by pattern name: checked in their place (a
# fragment inside the page that shows it) or as what they are (a file, a calendar).
FRAGMENTS = {"timeframe-preview": "debrief"}
NOT_HTML = {
    "static": "text/css",
    "calendar-feed": "text/calendar",
    "export": "application/json",
    "draft-eml": "message/rfc822",
}


@dataclass(frozen=True)
class Route:
    name: str
    route: str  # as written in urls.py, with "/" in front: "/applications/<slug:slug>/"


@dataclass(frozen=True)
class Visit:
    name: str
    path: str  # filled in, with any query string

    @property
    def kind(self) -> str:
        return "fragment" if self.name in FRAGMENTS else "file" if self.name in NOT_HTML else "page"


def routes() -> list[Route]:
    """Every URL pattern of the web app (Django set up in this process)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found: list[Route] = []

    def walk(patterns: list[object], prefix: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(list(entry.url_patterns), prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                found.append(Route(entry.name or str(entry.pattern), "/" + prefix + str(entry.pattern)))

    walk(list(get_resolver().url_patterns), "")
    return found


def routes_of(db: str) -> list[Route]:
    """:func:`routes`, found by a process of its own (for one that must not set Django up)."""
    done = subprocess.run(
        [sys.executable, "-m", "tests.pages", db], capture_output=True, text=True, cwd=ROOT, check=True, timeout=120
    )
    return [Route(**r) for r in json.loads(done.stdout)]


def fill(route: Route, sample: Sample) -> str:
    def one(found: re.Match[str]) -> str:
        name = found.group(1)
        if name not in FILLERS:
            raise LookupError(f"{route.route} ({route.name}): add a filler for <{name}> to FILLERS in tests/pages.py")
        return FILLERS[name](sample)

    return re.sub(r"<(?:\w+:)?(\w+)>", one, route.route)


def visits(found: list[Route], sample: Sample) -> list[Visit]:
    """Each pattern filled in, then again with each of its query strings."""
    out = []
    for route in found:
        path = fill(route, sample)
        out.extend(Visit(route.name, path + query) for query in ["", *VARIANTS.get(route.name, [])])
    return out


def sample_from(cli: Callable[..., str], application: str) -> Sample:
    """The sample, read with the followthrough command (``cli(*args)`` gives its output)."""
    steps = json.loads(cli("plan", application, "--json"))["steps"]
    step = next(s for s in steps if s["status"] == "pending" and s["kind"] != "move_on" and s["contact"])
    events = json.loads(cli("events", application, "--json"))["events"]
    if "No days away" in cli("away", "list"):  # the first period away is a page too (its removal asks first)
        cli("away", "add", "--from", "2031-12-22", "--until", "2031-12-24")
    token = re.search(r"/calendar/([\w-]+)\.ics", cli("calendar-url", "--new"))
    assert events and token, (events, token)
    return Sample(application, step["contact"], step["id"], int(events[0]["n"]), token.group(1))


def _main() -> None:
    from followthrough import settings

    settings.configure(sys.argv[1])
    print(json.dumps([r.__dict__ for r in routes()]))


if __name__ == "__main__":
    _main()
