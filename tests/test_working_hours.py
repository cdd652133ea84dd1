"""When an e-mail leaves: the employer's working hours (playbook.md section 6).

The user is in Chicago, the employer in Berlin: the two switch to and from summer time on
different weekends, and Germany keeps holidays the United States does not.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from followthrough.core.calendar import BusinessCalendar
from followthrough.core.working_hours import EmployerClock, send_at

CHICAGO = ZoneInfo("America/Chicago")
BERLIN = EmployerClock("Europe/Berlin", BusinessCalendar("DE"))


def chicago(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=CHICAGO)


def there(moment: dt.datetime | None) -> str:
    assert moment is not None
    return moment.astimezone(ZoneInfo("Europe/Berlin")).strftime("%a %Y-%m-%d %H:%M %Z")


def test_a_follow_up_written_in_their_working_hours_goes_at_once() -> None:
    # 08:00 in Chicago on a Tuesday is 14:00 in Berlin.
    assert send_at("email_follow_up", chicago(2031, 1, 14, 8, 0), BERLIN, 17) is None


def test_a_follow_up_written_in_their_evening_waits_for_the_next_morning_there() -> None:
    # 13:00 in Chicago on Tuesday 14 January is 20:00 in Berlin.
    at = send_at("email_follow_up", chicago(2031, 1, 14, 13, 0), BERLIN, 4)
    assert there(at) == "Wed 2031-01-15 08:34 CET"


def test_written_before_they_open_it_goes_that_same_morning() -> None:
    # 23:30 on Monday in Chicago is 06:30 on Tuesday in Berlin.
    at = send_at("email_hiring_officer", chicago(2031, 1, 13, 23, 30), BERLIN, 59)
    assert there(at) == "Tue 2031-01-14 09:29 CET"


def test_a_thank_you_note_is_never_held_back() -> None:
    assert send_at("thank_you_note", chicago(2031, 1, 14, 13, 0), BERLIN, 4) is None


def test_friday_evening_waits_for_monday_across_europes_change_to_summer_time() -> None:
    # Chicago is already on summer time (9 March); Berlin changes on Sunday 30 March.
    at = send_at("email_follow_up", chicago(2031, 3, 28, 17, 0), BERLIN, 0)
    assert there(at) == "Mon 2031-03-31 08:30 CEST"
    assert at is not None and at.astimezone(dt.UTC).hour == 6


def test_between_the_two_changes_to_summer_time_the_gap_is_six_hours_not_seven() -> None:
    # 11:30 in Chicago (CDT) on Friday 21 March is 17:30 in Berlin (CET): still open.
    assert send_at("email_follow_up", chicago(2031, 3, 21, 11, 30), BERLIN, 0) is None
    # Half an hour later Berlin has closed for the weekend.
    assert there(send_at("email_follow_up", chicago(2031, 3, 21, 12, 0), BERLIN, 10)) == "Mon 2031-03-24 08:40 CET"


def test_across_the_autumn_changes_it_is_their_morning_that_counts() -> None:
    # Berlin went back to winter time on 26 October, Chicago goes back on 2 November.
    at = send_at("email_follow_up", chicago(2031, 10, 31, 12, 0), BERLIN, 30)
    assert there(at) == "Mon 2031-11-03 09:00 CET"


def test_the_employers_holidays_are_not_working_days() -> None:
    # Good Friday and Easter Monday are public holidays in Germany (11 and 14 April 2031).
    at = send_at("email_follow_up", chicago(2031, 4, 10, 12, 0), BERLIN, 15)
    assert there(at) == "Tue 2031-04-15 08:45 CEST"
    # The same evening, an employer in Chicago would get it on Good Friday morning.
    here = EmployerClock("America/Chicago", BusinessCalendar("US"))
    assert send_at("email_follow_up", chicago(2031, 4, 10, 19, 0), here, 15) == chicago(2031, 4, 11, 8, 45)


def test_the_drawn_minute_stays_inside_the_morning_window() -> None:
    with pytest.raises(ValueError):
        send_at("email_follow_up", chicago(2031, 1, 14, 13, 0), BERLIN, 61)
    with pytest.raises(ValueError):
        send_at("email_follow_up", dt.datetime(2031, 1, 14, 13, 0), BERLIN, 1)
