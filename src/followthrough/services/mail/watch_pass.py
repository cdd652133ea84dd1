"""One pass of the reply watcher over the user's mailbox, and the loop that repeats it.

The mailbox is read by the IMAP adapter (followthrough.interop.mail_matching); where it
stopped, what it found and what the user will be asked to confirm live here.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from followthrough.core.errors import UserError
from followthrough.core.records import Found, PossibleResponse, Watched
from followthrough.interop import mail_matching, out_of_office
from followthrough.services.mail import watch


@dataclass
class PassResult:
    found: list[PossibleResponse] = field(default_factory=list)
    read: dict[str, int] = field(default_factory=dict)  # folder -> messages looked at
    failed: dict[str, str] = field(default_factory=dict)  # folder -> why it could not be read


def _read_folder(
    box: Any, folder: str, account: str, watched: list[Watched], context: dict[str, Any]
) -> tuple[int, list[int]]:
    since = min((w.since for w in watched), default=None)
    known = watch.cursor(account, folder)
    read = mail_matching.read_folder(box, folder, known, since)
    last = known[1] if known and known[0] == read.uidvalidity else 0
    if last and not read.messages:  # nothing new since the last pass
        return 0, []
    found = []
    away = []
    for message in read.messages:
        found += mail_matching.match(
            message, watched, context["sent"], context["own"], context["zone"], folder, read.uidvalidity
        )
        away += mail_matching.away_notices(message, watched, context["own"], context["zone"], folder, read.uidvalidity)
    found += _with_return_dates(box, away, context["zone"])
    # Everything below UIDNEXT was either read now or older than any interview.
    highest = max([last, read.uidnext - 1, *(m.uid for m in read.messages)])
    return len(read.messages), watch.save_pass(account, folder, read.uidvalidity, highest, found)


def _with_return_dates(box: Any, away: list[Found], zone: Any) -> list[Found]:
    """The out-of-office replies that name the day their writer is back (the others say
    nothing to act on): their text is read, unread they stay."""
    if not away:
        return []
    texts = mail_matching.read_texts(box, [f.uid for f in away if f.uid is not None])
    dated = []
    for found in away:
        received = found.received.astimezone(zone).date()
        back = out_of_office.return_date(f"{found.subject}\n{texts.get(found.uid or 0, '')}", received)
        if back is not None:
            dated.append(replace(found, back_on=back))
    return dated


def watch_once(folders: Sequence[str] = ("INBOX",), box: Any = None) -> PassResult:
    """Read what is new in each folder once; store what may be an answer."""
    settings = watch.imap_settings()
    result = PassResult()
    watched = watch.watched()
    context = {"sent": watch.sent_message_ids(), "own": watch.own_addresses(), "zone": watch.user_zone()}
    opened = box or mail_matching.connect(settings, watch.imap_password(settings))
    try:
        new: list[int] = []
        for folder in folders:
            try:
                seen, ids = _read_folder(opened, folder, settings.account, watched, context)
            except Exception as error:
                if mail_matching.missing_folder(error):  # one missing folder must not hide the others
                    result.failed[folder] = f"IMAP folder {folder!r} not found on {settings.host}"
                    continue
                raise
            result.read[folder] = seen
            new += ids
        result.found = watch.possible_responses(new, status=None)
    finally:
        if box is None:
            opened.logout()
    return result


def watch_loop(
    folders: Sequence[str],
    interval: float,
    report: Callable[[PassResult], None],
    failed: Callable[[str], None],
    passes: int | None = None,
) -> None:
    """Keep watching: a pass every ``interval`` seconds; a failed pass is reported, then retried."""
    done = 0
    while passes is None or done < passes:
        try:
            report(watch_once(folders))
        except UserError as error:
            failed(str(error))
        done += 1
        if passes is None or done < passes:
            time.sleep(interval)
