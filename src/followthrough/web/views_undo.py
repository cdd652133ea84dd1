"""Undo after any change, and the Journal: what corrections took out or replaced, with
Restore for each entry.

The Undo button (partials/undo.html) posts what web.undoing offered: an event just
recorded (the default), a journal entry to restore, days away added or removed, or a
playbook switch. Each names exactly the change it undoes and is refused, changing
nothing, when something else happened to it since (another tab, the command line).
"""

from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET, require_POST

from followthrough.core.model import AwayPeriod
from followthrough.services.corrections import (
    JournalRecord,
    add_away,
    application_names,
    entry_fingerprint,
    journal,
    remove_away_period,
    restore,
    undo_latest,
    undo_playbook,
)
from followthrough.services.errors import UserError
from followthrough.services.jobsearch import get_profile, move_to_stage
from followthrough.web.common import STAGE_TITLES, after_post, day, notify, page, safe_next, say
from followthrough.web.forms import CONSIDERED_LABELS, OUTCOME_LABELS, PERMISSION_LABELS, UndoForm
from followthrough.web.views_corrections import event_words

WHY = {"removed": "Removed", "undone": "Undone", "edited": "Replaced by an edit", "deleted": "Deleted"}
OUT_OF_DATE = "Nothing to undo: the page was out of date."


class _JournalUndo(forms.Form):
    entry = forms.IntegerField(min_value=1)
    fingerprint = forms.CharField(max_length=64)


class _AwayUndo(forms.Form):
    first = forms.DateField()
    last = forms.DateField()


class _StageUndo(forms.Form):
    application = forms.SlugField(max_length=200)
    stage = forms.CharField(max_length=32)  # where it was
    expected = forms.CharField(max_length=32)  # where the move put it


class _PlaybookUndo(forms.Form):
    application = forms.SlugField(max_length=200)
    now = forms.CharField(max_length=200)
    then = forms.CharField(max_length=200, required=False)


def describe(entry: JournalRecord) -> str:
    """What an entry keeps, in a few words: "the interview of Tue 03 Nov 2026"."""
    before = entry.before
    if entry.what == "event":
        return event_words(before)
    if entry.what == "contact":
        return str(before.get("name") or entry.key)
    return f"{before.get('company', entry.application)} ({before.get('role', '')})"


@require_POST
def undo(request: HttpRequest) -> HttpResponse:
    back = safe_next(request, "/")
    kind = request.POST.get("kind", "event")
    try:
        said = _undo(request, kind)
    except UserError as problem:
        notify(request, say(problem), "error")
    else:
        notify(request, said, "ok" if said != OUT_OF_DATE else "error")
    return after_post(back)


def _undo(request: HttpRequest, kind: str) -> str:
    """Undo what the posted form names; the sentence that says what happened."""
    if kind == "journal":
        entry_form = _JournalUndo(request.POST)
        if not entry_form.is_valid():
            return OUT_OF_DATE
        restored = restore(entry_form.cleaned_data["entry"], entry_form.cleaned_data["fingerprint"])
        return f"Undone: {_back_words(restored.entry)}."
    if kind in ("away-added", "away-removed"):
        away = _AwayUndo(request.POST)
        if not away.is_valid():
            return OUT_OF_DATE
        first, last = away.cleaned_data["first"], away.cleaned_data["last"]
        if kind == "away-added":
            remove_away_period(AwayPeriod(first, last))
            return f"Undone: no longer away from {day(first)} to {day(last)}."
        add_away(first, last)
        return f"Undone: away from {day(first)} to {day(last)} again."
    if kind == "playbook":
        switch = _PlaybookUndo(request.POST)
        if not switch.is_valid():
            return OUT_OF_DATE
        data = switch.cleaned_data
        undo_playbook(data["application"], data["now"], data["then"] or None)
        return f"Undone: back on the {data['then'] or 'default'} playbook; the plan follows it."
    if kind == "stage":
        move = _StageUndo(request.POST)
        if not move.is_valid():
            return OUT_OF_DATE
        data = move.cleaned_data
        moved = move_to_stage(data["application"], data["stage"], data["expected"])
        return f"Undone: {moved.company} is back in {STAGE_TITLES.get(moved.after, moved.after)}."
    form = UndoForm(request.POST)
    if kind != "event" or not form.is_valid():
        return OUT_OF_DATE
    data = form.cleaned_data
    removed = undo_latest(data["application"], data["n"], data["fingerprint"])
    return f"Undone: {event_words(removed.event)} is taken out, the plan is as it was before."


def _back_words(entry: JournalRecord) -> str:
    if entry.why == "edited":
        return f"{describe(entry)} says again what it said before the edit"
    return f"{describe(entry)} is back"


# -- the Journal page ------------------------------------------------------------------------


# The stored codes of an edited field, in the words the forms offer them ("asked_not_to_call"
# is "They asked me not to call"); a call's outcome and an answer share the field "outcome".
CODE_WORDS: dict[str, dict[str, str]] = {
    "role": {"hiring_officer": "Hiring officer", "interviewer": "Interviewer", "inside_contact": "Inside contact"},
    "call_permission": {p.value: label for p, label in PERMISSION_LABELS.items()},
    "considered": {c.value: label for c, label in CONSIDERED_LABELS.items()},
    "outcome": {
        **{o.value: label for o, label in OUTCOME_LABELS.items()},
        "reached": "Reached them",
        "voicemail": "Left a voicemail",
        "no_answer": "No answer",
    },
    "stage": dict(STAGE_TITLES),
}


def _changes(entry: JournalRecord) -> list[tuple[str, str, str]]:
    """(field, was, now) for each field an edit changed."""
    if entry.after is None:
        return []
    fields = [k for k in dict.fromkeys([*entry.before, *entry.after]) if entry.before.get(k) != entry.after.get(k)]
    return [(k.replace("_", " "), _text(entry.before.get(k), k), _text(entry.after.get(k), k)) for k in fields]


def _text(value: Any, field: str = "") -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, str) and value in CODE_WORDS.get(field, {}):
        return CODE_WORDS[field][value]
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


@require_GET
def journal_page(request: HttpRequest) -> HttpResponse:
    names = application_names()
    zone = get_profile().timezone
    entries = []
    for entry in reversed(journal()):
        at = entry.at.astimezone(_zone(zone))
        restored = entry.restored_at.astimezone(_zone(zone)) if entry.restored_at else None
        entries.append(
            {
                "entry": entry,
                "what": describe(entry),
                "kind": {"event": "Event", "contact": "Person", "application": "Application"}.get(entry.what, ""),
                "why": WHY.get(entry.why, entry.why),
                "when": f"{day(at.date())}, {at:%H:%M}",
                "restored": f"{day(restored.date())}, {restored:%H:%M}" if restored else "",
                "application": names.get(entry.application),
                "slug": entry.application,
                "changes": _changes(entry),
                "fingerprint": entry_fingerprint(entry),
            }
        )
    return page(request, "journal.html", {"nav": "journal", "entries": entries})


def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


@require_POST
def restore_entry(request: HttpRequest, n: int) -> HttpResponse:
    try:
        restored = restore(n, request.POST.get("fingerprint", ""))
    except UserError as problem:
        notify(request, say(problem), "error")
    else:
        notify(request, f"Restored: {_back_words(restored.entry)}.")
    return after_post("/journal/")
