"""Fuzzing the spreadsheet, calendar and business-card importers through the command line.

The same promise as the exchange format's (test_fuzz_exchange.py): exit 0 or 2 and no
traceback; a refusal is one line and changes nothing; whatever an import accepted, the
backup written by `export --json` restores into a fresh database identically, so a
value the followthrough/1 importer would refuse can never get in through another door.
"""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import Cli
from tests.hostile_support import NASTY_DATES, NASTY_TEXT, Restore, run, settled, snapshot
from tests.test_fuzz_exchange import FUZZ, mostly, plain

text = mostly(plain, st.one_of(st.text(max_size=12), st.sampled_from(NASTY_TEXT)))
# Property values as a calendar or a card writes them: no raw line break (that would be
# another line of the file, which the line-level tests cover), escapes and all else free.
value = text.map(lambda v: v.replace("\r", "").replace("\n", "\\n"))
stamp = mostly(
    st.dates(datetime.date(1900, 1, 2), datetime.date(2200, 12, 30)).map(lambda d: d.strftime("%Y%m%d")),
    st.one_of(st.sampled_from([d.replace("-", "") for d in NASTY_DATES]), st.text("0123456789T", max_size=16)),
)


@pytest.fixture
def restore(ft: Cli, tmp_path: Path, request: pytest.FixtureRequest, another_db: str) -> Restore:
    ft("profile", "set", "--name", "Jordan Rivera", "--email", "jordan@example.org", "--timezone", "America/Chicago")
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme")
    ft.contact("acme", "Ann Lee", "hiring_officer", key="ann", email="ann@acme.com")
    ft("interview", "acme", "--on", "2026-11-03", "--with", "ann")
    template = request.getfixturevalue("sqlite_template") if "://" not in ft.location else None
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    return Restore(ft.location, another_db, template, scratch)


def _fuzz(restore: Restore, name: str, content: str, *args: str) -> bool:
    path = restore.scratch / name
    path.write_text(content, encoding="utf-8", errors="surrogatepass")
    before = snapshot(restore.location)
    if settled(run(restore.location, "import", str(path), *args), content[:300]):
        restore.check(content[:300])
        return True
    assert snapshot(restore.location) == before, content[:300]
    return False


# -- spreadsheets ------------------------------------------------------------------------

COLUMNS = [
    "company", "role", "id", "applied_on", "contact_name", "contact_email", "contact_phone", "Notes", "Salary",
    "Tags", "Priority", "URL", "Stage", "Referral",
]  # fmt: skip


@st.composite
def spreadsheet(draw: st.DrawFn) -> str:
    columns = draw(st.lists(st.sampled_from(COLUMNS), min_size=2, max_size=6, unique=True))
    columns = ["company", "role", *(c for c in columns if c not in ("company", "role"))]
    cells = {
        "id": mostly(st.from_regex(r"[a-z]{1,6}(-[0-9]{1,3})?", fullmatch=True), text),
        "applied_on": mostly(st.dates().map(lambda d: d.isoformat()), st.sampled_from(NASTY_DATES)),
        "contact_email": mostly(st.from_regex(r"[a-z]{1,5}@[a-z]{1,5}\.com", fullmatch=True), text),
        "Priority": mostly(st.sampled_from(["1", "3", "High", " low "]), text),
        "Stage": mostly(st.sampled_from(["Saved", "Wishlist", "Phone screen", "Interviewing"]), text),
        "Tags": mostly(st.sampled_from(["remote; python, Remote", "a", ";;"]), text),
        "URL": mostly(st.from_regex(r"https?://[a-z]{1,5}\.com/[a-z0-9?=&]{0,8}", fullmatch=True), text),
    }
    rows = [[draw(cells.get(c, text)) for c in columns] for _ in range(draw(st.integers(1, 3)))]
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([columns, *rows])
    return out.getvalue()


def test_fuzzed_spreadsheets_are_refused_cleanly_or_restore_identically(restore: Restore) -> None:
    accepted = []

    @FUZZ
    @given(sheet=spreadsheet())
    def check(sheet: str) -> None:
        if _fuzz(restore, "tracker.csv", sheet):
            accepted.append(sheet)

    check()
    assert accepted


# -- calendar invitations -----------------------------------------------------------------


@st.composite
def invitation(draw: st.DrawFn) -> str:
    start = draw(stamp) + draw(st.sampled_from(["", "T150000Z", "T150000", "T256100"]))
    zone = draw(mostly(st.just(""), st.sampled_from([";TZID=America", ";TZID=Mars/Base", ";TZID=Europe/Paris"])))
    lines = [
        f"UID:{draw(mostly(st.just('u1@acme.com'), value))}",
        f"DTSTART{zone}:{start}",
        f"SUMMARY:{draw(value)} at Acme Corp",
        f'ORGANIZER;CN="{draw(value)}":mailto:{draw(mostly(st.just("ann@acme.com"), value))}',
        f"ATTENDEE;CN={draw(value)}:mailto:bo@acme.com",
    ]
    if draw(st.booleans()):
        lines.append(f"SEQUENCE:{draw(mostly(st.integers(0, 99).map(str), value))}")
    body = "\r\n".join(lines)
    head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\n"
    return f"{head}{body}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"


def test_fuzzed_invitations_are_refused_cleanly_or_restore_identically(restore: Restore) -> None:
    accepted = []

    @FUZZ
    @given(calendar=invitation())
    def check(calendar: str) -> None:
        if _fuzz(restore, "invite.ics", calendar, "--application", "acme"):
            accepted.append(calendar)

    check()
    assert accepted


# -- business cards -------------------------------------------------------------------------


PHONE = st.just("+1 555 0100")
ADDRESS = st.from_regex(r"[a-z]{1,5}@acme\.com", fullmatch=True)


@st.composite
def card(draw: st.DrawFn) -> str:
    group = draw(st.sampled_from(["", "item1.", "ITEM2."]))
    lines: list[Any] = [
        f"VERSION:{draw(mostly(st.sampled_from(['3.0', '4.0']), value))}",
        f"FN:{draw(value)}",
        f"N:{draw(value)};{draw(value)};;{draw(value)};",
        f"{group}TEL;TYPE={draw(st.sampled_from(['CELL', 'WORK', 'HOME,FAX']))}:{draw(mostly(PHONE, value))}",
        f"{group}EMAIL:{draw(mostly(ADDRESS, value))}",
        f"ORG:{draw(value)};{draw(value)}",
        f"TITLE:{draw(value)}",
    ]
    if draw(st.booleans()):
        lines.append(f"UID:{draw(value)}")
    return "BEGIN:VCARD\r\n" + "\r\n".join(lines) + "\r\nEND:VCARD\r\n"


def test_fuzzed_business_cards_are_refused_cleanly_or_restore_identically(restore: Restore) -> None:
    accepted = []

    @FUZZ
    @given(cards=st.lists(card(), min_size=1, max_size=2).map("".join))
    def check(cards: str) -> None:
        if _fuzz(restore, "cards.vcf", cards, "--application", "acme"):
            accepted.append(cards)

    check()
    assert accepted
