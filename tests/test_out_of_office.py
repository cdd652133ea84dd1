"""Reading an out-of-office reply's return date (many languages and phrasings, years
inferred from the day it came), recognising one by its headers, and the links a Today
card opens: mailto: (RFC 6068) and tel: (RFC 3966)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from followthrough.interop.email_message import mailto_uri
from followthrough.interop.mail_matching import is_auto_reply, is_out_of_office, sent_folder
from followthrough.interop.out_of_office import return_date
from followthrough.interop.phone import tel_uri

RECEIVED = dt.date(2026, 11, 20)


@pytest.mark.parametrize(
    ("text", "back"),
    [
        ("Out of office until 7 December", "2026-12-07"),
        ("I am out of the office and will be back on Monday, 7 December.", "2026-12-07"),
        ("I'm away, returning December 7th, 2026.", "2026-12-07"),
        ("Back on Dec. 7", "2026-12-07"),
        ("I will return on 2026-12-07.", "2026-12-07"),
        ("I am away from 23 November until 7 December.", "2026-12-07"),
        ("Out of office through 12/17; I'll answer then.", "2026-12-17"),
        ("Back 17/12/2026", "2026-12-17"),
        ("Ich bin bis zum 7. Dezember nicht im Büro.", "2026-12-07"),
        ("Ich bin ab dem 23.11. abwesend und ab dem 7.12. wieder erreichbar.", "2026-12-07"),
        ("Ik ben terug op 7 december.", "2026-12-07"),
        ("Je serai de retour le 7 décembre 2026.", "2026-12-07"),
        ("Absent jusqu'au 7 déc.", "2026-12-07"),
        ("Estaré fuera de la oficina hasta el 7 de diciembre.", "2026-12-07"),
        ("Estarei de volta em 7 de dezembro.", "2026-12-07"),
        ("Sarò di ritorno il 7 dicembre.", "2026-12-07"),
        ("Jag är tillbaka den 7 december.", "2026-12-07"),
        ("Jeg er tilbage 7. december.", "2026-12-07"),
        # No year: the next such date on or after the day the reply came.
        ("Back on 3 January", "2027-01-03"),
        ("Automatische Antwort: bis 4. Jan.", "2027-01-04"),
        ("Back on 20 November", "2026-11-20"),
    ],
)
def test_the_return_date_is_read_in_each_language(text: str, back: str) -> None:
    assert return_date(text, RECEIVED) == dt.date.fromisoformat(back)


@pytest.mark.parametrize(
    "text",
    [
        "I am in meetings all day and will answer later.",
        "Back on 12/07",  # December 7 or July 12: no guess
        "I was back on 2026-11-02.",  # before the reply came: a stale notice
        "Thank you for meeting me on Tuesday, November 3, 2026.",  # a date, but no return
        "Back on 31 February",
    ],
)
def test_no_return_date_is_made_up(text: str) -> None:
    assert return_date(text, RECEIVED) is None


def test_a_year_end_reply_points_to_the_next_year() -> None:
    assert return_date("Back on 2 January", dt.date(2026, 12, 28)) == dt.date(2027, 1, 2)
    assert return_date("Back on 29 February", dt.date(2027, 3, 1)) == dt.date(2028, 2, 29)
    assert return_date("Back on 29 February", dt.date(2026, 12, 1)) is None  # 2028: more than a year on


@pytest.mark.parametrize(
    ("headers", "subject", "away"),
    [
        ({"auto-submitted": ["auto-replied"]}, "Re: Thank you", True),
        ({"x-autoreply": ["yes"]}, "Re: Thank you", True),
        ({"x-autorespond": ["1"]}, "Re: Thank you", True),
        ({}, "Out of Office: Re: Thank you", True),
        ({}, "Abwesenheitsnotiz", True),
        ({}, "Réponse automatique : Merci", True),
        ({"auto-submitted": ["auto-generated"]}, "Delivery Status Notification", False),
        ({}, "Re: Thank you", False),
    ],
)
def test_an_out_of_office_reply_is_known_by_its_headers_or_subject(
    headers: dict[str, list[str]], subject: str, away: bool
) -> None:
    assert is_out_of_office(headers, subject, "ann@acme.example") is away
    assert not is_out_of_office(headers, subject, "mailer-daemon@acme.example")  # a bounce is never one
    if away:
        assert is_auto_reply(headers, subject)  # and it is still never an answer


def test_the_sent_folder_is_found_by_special_use_then_by_name() -> None:
    def box(*folders: tuple[str, tuple[str, ...]]) -> SimpleNamespace:
        listed = [SimpleNamespace(name=n, delim="/", flags=f) for n, f in folders]
        return SimpleNamespace(folder=SimpleNamespace(list=lambda: listed))

    assert sent_folder(box(("INBOX", ()), ("Gesendet", ("\\HasNoChildren", "\\Sent")), ("Sent", ()))) == "Gesendet"
    assert sent_folder(box(("INBOX", ()), ("INBOX/Sent Items", ()))) == "INBOX/Sent Items"
    assert sent_folder(box(("INBOX", ()), ("Sent Messages", ()))) == "Sent Messages"
    assert sent_folder(box(("INBOX", ()), ("Drafts", ()))) is None


def test_a_mailto_link_carries_subject_and_body_percent_encoded() -> None:
    body = "Dear Zoë,\nthanks — 100% & more?\n\n#2 + 3 = 5\n"
    link = mailto_uri("zoe.o'neil@acme.example", "Merci & à bientôt?", body)
    parts = urlsplit(link)
    assert parts.scheme == "mailto" and unquote(parts.path) == "zoe.o'neil@acme.example"
    assert "\n" not in link and " " not in link and "%0D%0A" in link and "%0A" not in link.replace("%0D%0A", "")
    assert set(link.split("?", 1)[1]) <= set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~%=&")
    query = parse_qs(parts.query, keep_blank_values=True)
    assert query["subject"] == ["Merci & à bientôt?"]
    assert query["body"] == [body.replace("\n", "\r\n")]


@pytest.mark.parametrize(
    ("typed", "country", "href"),
    [
        ("(555) 010-0123", "US", "tel:+15550100123"),
        ("+44 20 7946 0958", "US", "tel:+442079460958"),
        ("020 7946 0958", "GB", "tel:+442079460958"),
        ("030 1234567", "DE", "tel:+49301234567"),
        ("201-555-0123 ext. 12", "US", "tel:+12015550123;ext=12"),
        ("555 0100", None, "tel:5550100"),
        ("n/a", "US", None),
        ("", "US", None),
    ],
)
def test_a_phone_number_becomes_a_tel_link_for_the_profile_s_country(
    typed: str, country: str | None, href: str | None
) -> None:
    assert tel_uri(typed, country) == href
