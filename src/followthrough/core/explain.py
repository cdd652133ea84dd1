"""The next steps in the terms of the application's playbook: "second of two follow-up
e-mails", "first of three calls". Pure: the plan and the playbook in, words out."""

from __future__ import annotations

from followthrough.core.model import Plan, Step, StepKind, StepStatus
from followthrough.core.playbook import Playbook

_NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_ORDINALS = ("", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
_FOLLOW_UPS = {
    StepKind.CALL_HIRING_OFFICER: ("call", "calls"),
    StepKind.EMAIL_FOLLOW_UP: ("follow-up e-mail", "follow-up e-mails"),
}
_OTHERS = {
    StepKind.THANK_YOU_NOTE: "the thank-you note, the day of the interview",
    StepKind.CALL_INSIDE_CONTACT: "the inside-contact call, with the first follow-up",
    StepKind.EMAIL_HIRING_OFFICER: "the last-resort e-mail, {months} on",
    StepKind.MOVE_ON: "move on, {days} after the last {last}",
}


def number(n: int) -> str:
    return _NUMBERS[n] if 0 <= n < len(_NUMBERS) else str(n)


def ordinal(n: int) -> str:
    return _ORDINALS[n] if 0 < n < len(_ORDINALS) else f"{n}th"


def follow_up_kind(book: Playbook) -> StepKind:
    """The step kind of the playbook's follow-ups: calls, or follow-up e-mails."""
    return StepKind.CALL_HIRING_OFFICER if book.follow_up_by == "call" else StepKind.EMAIL_FOLLOW_UP


def follow_up_places(plan: Plan, book: Playbook) -> dict[str, tuple[int, int]]:
    """Each follow-up step's place in its waiting phase, counted against the playbook's
    follow-ups: step id -> (n, of). Only the playbook's kind takes a place (a call made
    before the application moved to an e-mail playbook is not one of its e-mails);
    cancelled steps take none; follow-ups made beyond the plan count on."""
    kind = follow_up_kind(book)
    by_phase: dict[int, list[Step]] = {}
    for step in plan.steps:
        if step.kind is kind and step.status is not StepStatus.CANCELLED:
            by_phase.setdefault(step.phase, []).append(step)
    places = {}
    for steps in by_phase.values():
        of = max(book.follow_ups, len(steps))
        for n, step in enumerate(sorted(steps, key=lambda s: (s.due, s.id)), start=1):
            places[step.id] = (n, of)
    return places


def place(kind: StepKind, n: int, of: int) -> str:
    """ "second of two follow-up e-mails"."""
    singular, plural = _FOLLOW_UPS[kind]
    return f"{ordinal(n)} of {number(of)} {plural if of != 1 else singular}"


def step_role(step: Step, places: dict[str, tuple[int, int]], book: Playbook) -> str:
    """Why the playbook has this step, in a few words."""
    if step.id in places:
        return place(step.kind, *places[step.id])
    months = "a month" if book.last_email_months == 1 else f"{number(book.last_email_months)} months"
    days = f"{book.move_on_days} day{'s' * (book.move_on_days != 1)}"
    last = "e-mail" if book.last_email_months else "follow-up"
    return _OTHERS.get(step.kind, step.kind.value.replace("_", " ")).format(months=months, days=days, last=last)


def summary(book: Playbook) -> str:
    """The playbook in one line: "two follow-up e-mails a week apart, a last-resort e-mail
    a month on, then move on"."""
    singular, plural = _FOLLOW_UPS[follow_up_kind(book)]
    every = "a week" if book.follow_up_every_days == 7 else f"{book.follow_up_every_days} days"
    parts = [f"{number(book.follow_ups)} {plural if book.follow_ups != 1 else singular} {every} apart"]
    if book.thank_you_notes:
        parts.insert(0, "thank-you notes")
    if book.inside_contacts and book.follow_ups:
        parts.append("a call to each inside contact")
    if book.last_email_months:
        month = "a month" if book.last_email_months == 1 else f"{number(book.last_email_months)} months"
        parts.append(f"a last-resort e-mail {month} on")
    parts.append(f"move on {book.move_on_days} days later")
    return ", ".join(parts)
