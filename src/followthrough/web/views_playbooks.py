"""Settings › Playbooks: every playbook with its values, the default to choose, a file of
the user's own to upload (checked as the command line checks the folder's files), and
where those files live; and the reminders coming up.

Each view turns a form into one service call and says what happened on the next page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET, require_POST

from followthrough import clock
from followthrough.core.explain import summary
from followthrough.services import reminders
from followthrough.services.errors import UserError
from followthrough.services.jobsearch import (
    Listed,
    PlaybookTaken,
    default_name,
    list_playbooks,
    own_folder,
    update_profile_and_playbook,
    upload_playbook,
)
from followthrough.web.common import action, after_post, notify, page, say
from followthrough.web.forms import fault_words

# Each key of a playbook (docs/playbooks.md), in a few words of the page's own.
MEANINGS = {
    "thank_you_notes": "a thank-you note to each interviewer, the day of the interview",
    "follow_ups": "follow-ups to the hiring officer in each wait",
    "follow_up_by": "how each follow-up is made",
    "follow_up_every_days": "days between follow-ups (and between any two steps to one person)",
    "no_promise_wait_days": "days to wait for the first follow-up when no date was promised",
    "inside_contacts": "a call to each inside contact, with the first follow-up",
    "last_email_months": "months until the last-resort e-mail (0: none)",
    "move_on_days": "days after the last e-mail until you move on",
}
SOURCES = {
    "built-in": "Built in",
    "file": "Your file",
    "stored": "Kept in your job search",
    "file, stored": "Your file, kept in your job search",
}


def _said(problem: Exception) -> str:
    """The refusal as a whole sentence, its full stop included."""
    text = say(problem)
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return f'"{value}"' if isinstance(value, str) else str(value)


def _listed() -> tuple[list[Listed], list[str]]:
    """The playbooks that can be used (a bad file never hides the good ones), and what is
    wrong with each file that cannot be (its line and key), one entry a file."""
    listing = list_playbooks()
    return listing.books, [fault_words(fault) for fault in listing.faults]


def _context(error: str = "") -> dict[str, Any]:
    listed, faults = _listed()
    folder = own_folder()
    return {
        "nav": "settings",
        "books": [
            {
                "name": item.book.name,
                "summary": summary(item.book),
                "source": SOURCES.get(item.source, item.source),
                "default": item.default,
                "used_by": item.used_by,
                "values": [(key, _shown(value), MEANINGS.get(key, "")) for key, value in item.book.values().items()],
            }
            for item in listed
        ],
        "default": next((item.book.name for item in listed if item.default), default_name()),
        "faults": faults,
        "folder": str(folder) if folder else "",
        "error": error,
    }


@require_GET
def playbooks_page(request: HttpRequest) -> HttpResponse:
    return page(request, "playbooks.html", _context())


@require_POST
def choose_default(request: HttpRequest) -> HttpResponse:
    name = request.POST.get("playbook", "").strip()
    try:
        if not name:
            raise UserError("choose a playbook")
        update_profile_and_playbook(playbook=name)
    except UserError as problem:
        words = f"Default playbook: {_said(problem)} Nothing was changed."
        return page(request, "playbooks.html", _context(words), 400)
    notify(request, f"Your default playbook is now {name}: applications that name none follow it.")
    return after_post("/settings/playbooks/")


@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    given = request.FILES.get("file")
    try:
        if given is None:
            raise UserError("choose a playbook file (NAME.toml) to upload")
        uploaded = upload_playbook(str(given.name), given.read(), replace=request.POST.get("replace") == "on")
    except PlaybookTaken as problem:
        words = f"{_said(problem)} Tick “Replace my playbook of that name” to replace it. Nothing was saved."
        return page(request, "playbooks.html", _context(words), 400)
    except UserError as problem:
        text = str(problem).strip()
        named = given is not None and text.startswith(Path(str(given.name)).name)  # a file name keeps its case
        words = _said(problem) if not named else f"The file {text if text.endswith('.') else text + '.'}"
        return page(request, "playbooks.html", _context(f"{words} Nothing was saved."), 400)
    where = f" Its file is {uploaded.path}." if uploaded.path else ""
    done = "replaced; the applications on it are planned again" if uploaded.replaced else "added"
    notify(request, f"Playbook {uploaded.book.name} {done}.{where}")
    return after_post("/settings/playbooks/")


AHEAD_DAYS = 14
CHANNELS = {
    "terminal": "The window running followthrough",
    "desktop": "Desktop notification",
    "email": "Digest e-mail to you",
}


@require_GET
def reminders_page(request: HttpRequest) -> HttpResponse:
    """The next reminders: each step, the channels it will go out on, and when."""
    channels = ["terminal", *(channel.name for channel in reminders.default_channels())]
    coming = reminders.coming_up(channels, clock.now(), AHEAD_DAYS)
    rows = [
        {
            "what": action(c.reminder.kind, c.reminder.contact_name),
            "application": c.reminder.application,
            "company": c.reminder.company,
            "role": c.reminder.role,
            "when": "At the next run" if c.next_run else c.at.strftime("%a %d %b %Y, %H:%M"),
            "late": c.reminder.late,
            "channels": [CHANNELS.get(name, name) for name in c.channels],
        }
        for c in coming
    ]
    context = {
        "nav": "settings",
        "rows": rows,
        "days": AHEAD_DAYS,
        "digest_at": reminders.digest_time().strftime("%H:%M"),
        "channels": [CHANNELS.get(name, name) for name in channels],
    }
    return page(request, "reminders.html", context)
