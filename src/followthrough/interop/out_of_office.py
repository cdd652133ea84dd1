"""The return date in an out-of-office reply: "back on 7 December", "bis 7. Dezember",
"de retour le 7 décembre" …, in the languages the reply watcher knows.

Pure: text and the day the message was received in, a date (or None) out. A date
without a year is the next such date on or after the day the message was received; a
date before that day is a stale auto-reply and gives nothing. When a text names
several dates after words of returning ("away from 1 until 7 December"), the latest
one is the return.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

# Month names, accents taken off, in English, German, Dutch, French, Spanish, Portuguese,
# Italian and the Scandinavian languages.
_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january januar jaenner janner januari janvier enero janeiro gennaio",
        "february februar februari fevrier febrero fevereiro febbraio",
        "march marz maerz maart mars marzo marco marts",
        "april avril abril aprile",
        "may mai mei mayo maio maggio maj",
        "june juni juin junio junho giugno",
        "july juli juillet julio julho luglio",
        "august augustus aout agosto augusti",
        "september septembre septiembre setiembre setembro settembre",
        "october oktober octobre octubre outubro ottobre",
        "november novembre noviembre novembro",
        "december dezember decembre diciembre dezembro dicembre desember",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _number

# Words after which a date is the day someone is back (or the last day away).
_RETURN_WORDS = (
    # English
    "back|return|returns|returning|until|till|til|through|thru|from|after|reachable|available|again"
    # German
    "|zuruck|zurueck|bis|ab|wieder|erreichbar|einschliesslich"
    # Dutch
    "|terug|tot|vanaf|weer|bereikbaar|t/m"
    # French
    "|retour|jusqu'au|jusqu'a|jusqu|partir|reviens|rentre|inclus"
    # Spanish, Portuguese
    "|hasta|vuelta|regreso|regresare|volvere|ate|volta|retorno|regresso|retornarei|voltarei"
    # Italian
    "|fino|ritorno|rientro|rientrero|tornero|dal|dall'|compreso"
    # Swedish, Danish, Norwegian
    "|tillbaka|tilbage|tilbake|fra|fran|igen|med|tom|t\\.o\\.m\\.|tilbaka"
)
_KEYWORD = re.compile(rf"(?<![\w'])(?:{_RETURN_WORDS})(?![\w])")
_WINDOW = 60  # characters before a date in which a word of returning counts

_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th|er|eme|e|o|a)?\.?"
_MONTH = r"(?P<m>[a-z]{3,10})\.?"
_YEAR = r"(?:,?\s*(?:de\s+|del\s+)?(?P<y>\d{4}))?"
_NAMED = (
    # 7 December [2026], 7. Dezember, 7 de diciembre de 2026, 7th of December
    re.compile(rf"(?<!\d){_DAY}\s*(?:(?:de|of|del)\s+)?{_MONTH}(?![a-z]){_YEAR}"),
    # December 7[th][, 2026]
    re.compile(rf"(?<![a-z]){_MONTH}\s+{_DAY}(?!\d)(?![a-z]){_YEAR}"),
)
_ISO = re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)")
_DOTTED = re.compile(r"(?<![\d.])(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>\d{4}|\d{2}(?!\d))?")
_SLASHED = re.compile(r"(?<![\d/])(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)(?:/(?P<y>\d{4}|\d{2}))?(?![\d/])")


def _plain(text: str) -> str:
    """Lower case, accents off, one space for any run of white space."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.replace("’", "'").lower().split())


def _month(word: str) -> int | None:
    word = word.rstrip(".")
    if word in _MONTHS:
        return _MONTHS[word]
    if len(word) >= 3:  # an abbreviation: "Dec", "Sept", "Okt", "févr"
        found = {n for name, n in _MONTHS.items() if name.startswith(word)}
        if len(found) == 1:
            return found.pop()
    return None


def _year(text: str | None) -> int | None:
    if not text:
        return None
    year = int(text)
    return year + 2000 if year < 100 else year


def _dated(day: int, month: int, year: int | None, received: dt.date) -> dt.date | None:
    """The date, a missing year being the next such date on or after ``received``."""
    if year is not None:
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None
    for candidate in range(received.year, received.year + 9):  # 29 February waits for a leap year
        try:
            found = dt.date(candidate, month, day)
        except ValueError:
            continue
        if found >= received:
            return found
    return None


def _dates(text: str, received: dt.date) -> list[tuple[int, dt.date]]:
    """(where it starts, the date) of every date written in ``text``."""
    found: list[tuple[int, dt.date]] = []
    for pattern in _NAMED:
        for m in pattern.finditer(text):
            month = _month(m["m"])
            if month is None:
                continue
            day = _dated(int(m["d"]), month, _year(m["y"]), received)
            if day is not None:
                found.append((m.start(), day))
    for m in _ISO.finditer(text):
        day = _dated(int(m["d"]), int(m["m"]), int(m["y"]), received)
        if day is not None:
            found.append((m.start(), day))
    for m in _DOTTED.finditer(text):
        if 1 <= int(m["m"]) <= 12:
            day = _dated(int(m["d"]), int(m["m"]), _year(m["y"]), received)
            if day is not None:
                found.append((m.start(), day))
    for m in _SLASHED.finditer(text):
        a, b = int(m["a"]), int(m["b"])
        if a > 12 >= b:  # 17/12: day first
            day = _dated(a, b, _year(m["y"]), received)
        elif b > 12 >= a:  # 12/17: month first
            day = _dated(b, a, _year(m["y"]), received)
        else:  # 12/07 could be either: no guess
            continue
        if day is not None:
            found.append((m.start(), day))
    return found


def return_date(text: str, received: dt.date) -> dt.date | None:
    """The day the writer of an out-of-office reply is back (or last away), read from its
    subject and text; None when it names none."""
    plain = _plain(text)
    best: dt.date | None = None
    for start, day in _dates(plain, received):
        if day < received or (day - received).days > 366:
            continue  # a stale auto-reply, or no return date (a signature's year, a far date)
        if not _KEYWORD.search(plain[max(0, start - _WINDOW) : start]):
            continue
        best = day if best is None or day > best else best
    return best
