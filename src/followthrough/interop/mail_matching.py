"""The reply watcher's reading side: new messages over IMAP (imap-tools), auto-replies
recognised, and each message matched to the open applications it may answer; and the
one write: a sent message saved to the user's Sent folder (IMAP APPEND).

Headers are fetched with PEEK (and the text of a contact's out-of-office reply, also with
PEEK): the watcher never marks the user's mail as read.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from email.utils import getaddresses
from typing import Any

from followthrough import clock
from followthrough.core.errors import UserError
from followthrough.core.records import Found, ImapSettings, Watched

Headers = Mapping[str, Sequence[str]]

_OUT_OF_OFFICE = re.compile(
    r"^\s*(out of (the )?office|automatic reply|auto(matic)?[ -]?(reply|response)|autoreply|auto:|"
    r"automatische antwort|automatisch antwoord|abwesenheit|r[ée]ponse automatique|respuesta autom[áa]tica|"
    r"resposta autom[áa]tica|risposta automatica|autosvar|on vacation|vacation (reply|notice)|away from)",
    re.IGNORECASE,
)
_BULK = ("bulk", "list", "junk")  # RFC 3834 2: never answer these; no person wrote them to you
_BOUNCERS = ("mailer-daemon", "postmaster")
_MESSAGE_ID = re.compile(r"<([^<>\s]+)>")


def _first(headers: Headers, name: str) -> str:
    values = headers.get(name.lower()) or ()
    return str(values[0]).strip() if values else ""


def is_auto_reply(headers: Headers, subject: str, sender: str = "") -> bool:
    """An automatic message (RFC 3834 Auto-Submitted, vacation and out-of-office notices,
    bounces), which no person wrote: never an employer's answer."""
    submitted = _first(headers, "auto-submitted").split(";")[0].strip().lower()
    if submitted and submitted != "no":
        return True
    if any(headers.get(h) for h in ("x-autoreply", "x-autorespond", "x-autoresponse")):
        return True
    if _first(headers, "precedence").lower() == "auto_reply":
        return True
    if sender.split("@")[0].lower() in _BOUNCERS:
        return True
    # Mail clients differ: decomposed accents ("e" + U+0301), folded lines, non-breaking spaces.
    plain = " ".join(unicodedata.normalize("NFKC", subject or "").split())
    return bool(_OUT_OF_OFFICE.match(plain))


def is_out_of_office(headers: Headers, subject: str, sender: str = "") -> bool:
    """An automatic reply a person set up while away (RFC 3834 ``auto-replied``,
    X-Autoreply, X-Autorespond, or the subject's words), not a bounce or a robot's notice."""
    if sender.split("@")[0].lower() in _BOUNCERS or "report" in _first(headers, "content-type").lower():
        return False
    submitted = _first(headers, "auto-submitted").split(";")[0].strip().lower()
    plain = " ".join(unicodedata.normalize("NFKC", subject or "").split())
    worded = bool(_OUT_OF_OFFICE.match(plain))
    if submitted == "auto-replied" or any(headers.get(h) for h in ("x-autoreply", "x-autorespond", "x-autoresponse")):
        return True
    return worded and (not submitted or submitted == "no" or submitted == "auto-generated")


def is_bulk(headers: Headers) -> bool:
    """A newsletter or mailing-list message (Precedence bulk/list/junk, List-Id, List-Unsubscribe)."""
    if _first(headers, "precedence").lower() in _BULK:
        return True
    return any(headers.get(h) for h in ("list-id", "list-unsubscribe"))


def referenced_ids(headers: Headers) -> set[str]:
    """The Message-IDs a message answers (In-Reply-To and References), bare and lower case."""
    text = " ".join(str(v) for h in ("in-reply-to", "references") for v in headers.get(h, ()))
    return {m.lower() for m in _MESSAGE_ID.findall(text)}


def sender_address(headers: Headers) -> str:
    pairs = getaddresses([str(v) for v in headers.get("from", ())])
    return next((addr.strip().lower() for _, addr in pairs if "@" in addr), "")


@dataclass(frozen=True)
class Message:
    """What the watcher needs of one message."""

    uid: int
    headers: Headers
    subject: str
    received: dt.datetime  # aware


def match(
    message: Message,
    watched: Iterable[Watched],
    sent: Mapping[str, str],
    own: set[str],
    zone: dt.tzinfo,
    folder: str = "",
    uidvalidity: int = 0,
) -> list[Found]:
    """The applications ``message`` may answer (none for an auto-reply or our own mail)."""
    sender = sender_address(message.headers)
    if not sender or sender in own or is_auto_reply(message.headers, message.subject, sender):
        return []
    message_id = next(iter(_MESSAGE_ID.findall(_first(message.headers, "message-id"))), "").lower()
    key = message_id or f"{folder}/{uidvalidity}/{message.uid}"
    display = _first(message.headers, "from") or sender
    day = message.received.astimezone(zone).date()
    answered = {sent[i] for i in referenced_ids(message.headers) if i in sent}
    domain = sender.rsplit("@", 1)[1]
    # A company's newsletter is no answer; a person (a contact, or a reply to us) still is.
    bulk = is_bulk(message.headers)
    found = []
    for app in watched:
        if day < app.since:
            continue  # before the latest interview: not an answer to it
        contact = app.addresses.get(sender)
        if app.application in answered:
            reason = "reply"
        elif contact:
            reason = "contact"
        elif any(domain == d or domain.endswith("." + d) for d in app.domains) and not bulk:
            reason = "domain"
        else:
            continue
        found.append(
            Found(app.application, key, display, message.subject, message.received, reason, contact, folder,
                        message.uid)
        )  # fmt: skip
    return found


def away_notices(
    message: Message, watched: Iterable[Watched], own: set[str], zone: dt.tzinfo, folder: str = "", uidvalidity: int = 0
) -> list[Found]:
    """The applications whose contact sent ``message`` as an out-of-office reply (its
    return date is read from its text afterwards: see followthrough.interop.out_of_office)."""
    sender = sender_address(message.headers)
    if not sender or sender in own or not is_out_of_office(message.headers, message.subject, sender):
        return []
    message_id = next(iter(_MESSAGE_ID.findall(_first(message.headers, "message-id"))), "").lower()
    key = message_id or f"{folder}/{uidvalidity}/{message.uid}"
    display = _first(message.headers, "from") or sender
    day = message.received.astimezone(zone).date()
    found = []
    for app in watched:
        contact = app.addresses.get(sender)
        if contact and day >= app.since:
            found.append(
                Found(app.application, key, display, message.subject, message.received, "contact", contact, folder,
                      message.uid, kind="out_of_office")
            )  # fmt: skip
    return found


# --- IMAP ----------------------------------------------------------------------------


def connect(settings: ImapSettings, password: str, timeout: float = 30) -> Any:
    import imap_tools

    if not settings.host or not settings.user:
        raise UserError("no mailbox set up: run 'followthrough profile imap --host HOST --user USER'")
    kind = {"ssl": imap_tools.MailBox, "starttls": imap_tools.MailBoxStartTls, "none": imap_tools.MailBoxUnencrypted}
    try:
        box = kind[settings.security](settings.host, settings.port, timeout=timeout)
        return box.login(settings.user, password)
    except imap_tools.MailboxLoginError:
        raise UserError(f"IMAP server {settings.host}: login refused for {settings.user}") from None
    except OSError as error:
        raise UserError(f"IMAP server {settings.host}:{settings.port}: {error}") from None


def _received(message: Any) -> dt.datetime:
    when = message.date
    if not isinstance(when, dt.datetime) or when.year < 1971:  # imap-tools' "no usable Date header"
        return clock.now()
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class FolderRead:
    """What one folder holds beyond where the watcher stopped: its UIDVALIDITY, the UID
    the next message will get, and the new messages (headers only)."""

    uidvalidity: int
    uidnext: int
    messages: list[Message]


def read_folder(box: Any, folder: str, after: tuple[int, int] | None, since: dt.date | None) -> FolderRead:
    """The messages of ``folder`` after UID ``after[1]`` (when ``after[0]`` is still its
    UIDVALIDITY), else those dated on or after ``since`` (None: none, only the cursor)."""
    import imap_tools

    status = box.folder.status(folder, ["UIDVALIDITY", "UIDNEXT"])
    uidvalidity, uidnext = int(status["UIDVALIDITY"]), int(status["UIDNEXT"])
    box.folder.set(folder, readonly=True)
    if after and after[0] == uidvalidity:
        last = after[1]
        if uidnext - 1 <= last:
            return FolderRead(uidvalidity, uidnext, [])
        criteria: Any = imap_tools.AND(uid=imap_tools.U(str(last + 1), "*"))
    else:  # first pass, or the server renumbered the folder: read back to the oldest interview
        last = 0
        if since is None:
            return FolderRead(uidvalidity, uidnext, [])
        criteria = imap_tools.AND(date_gte=since - dt.timedelta(days=1))
    messages = []
    for item in box.fetch(criteria, headers_only=True, mark_seen=False, bulk=True):
        uid = int(item.uid or 0)
        if uid <= last:  # "n:*" answers the last message even when there is none after n
            continue
        messages.append(Message(uid, item.headers, item.subject or "", _received(item)))
    return FolderRead(uidvalidity, uidnext, messages)


def missing_folder(error: Exception) -> bool:
    """Whether ``error`` says the folder does not exist (one such must not hide the others)."""
    import imap_tools

    return isinstance(error, imap_tools.MailboxFolderSelectError | imap_tools.MailboxFolderStatusError)


_TAG = re.compile(r"<[^>]*>")


def read_texts(box: Any, uids: Iterable[int]) -> dict[int, str]:
    """The plain text of some messages of the folder already selected (read with PEEK:
    they stay unread), an HTML-only message's tags taken out."""

    import imap_tools

    wanted = sorted(set(uids))
    if not wanted:
        return {}
    texts = {}
    for item in box.fetch(imap_tools.AND(uid=",".join(map(str, wanted))), mark_seen=False, bulk=True):
        text = item.text or html.unescape(_TAG.sub(" ", item.html or ""))
        texts[int(item.uid or 0)] = text[:20000]
    return texts


_SENT_NAMES = ("sent", "sent items", "sent messages", "sent mail")


def sent_folder(box: Any) -> str | None:
    """The user's Sent folder: the one marked \\Sent (RFC 6154 SPECIAL-USE), else one named
    Sent, Sent Items or Sent Messages (at the top or under INBOX)."""
    folders = list(box.folder.list())
    for folder in folders:
        if any(flag.lower() == "\\sent" for flag in folder.flags):
            return str(folder.name)
    by_name: dict[str, str] = {}
    for folder in folders:
        leaf = folder.name.rsplit(folder.delim, 1)[-1] if folder.delim else folder.name
        by_name.setdefault(leaf.lower(), str(folder.name))
    return next((by_name[n] for n in _SENT_NAMES if n in by_name), None)


def save_to_sent(box: Any, data: bytes, when: dt.datetime | None = None) -> str:
    """Keep a copy of a message sent over SMTP in the user's Sent folder, marked read;
    returns the folder's name. Raises UserError when there is no such folder."""
    import imap_tools

    folder = sent_folder(box)
    if folder is None:
        raise UserError("no Sent folder in the mailbox (none marked \\Sent, none named Sent or Sent Items)")
    box.append(data, folder, dt=when, flag_set=[imap_tools.MailMessageFlags.SEEN])
    return folder
