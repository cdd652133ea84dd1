"""What people type, checked where they type it: e-mail addresses, phone numbers, dates.

E-mail addresses are checked for their form only (no network look-up); phone numbers are
parsed for the profile's country and kept exactly as typed.
"""

from __future__ import annotations

import datetime as dt

from followthrough.services.errors import Field, Refusal

# How far ahead an interview or a debrief may be dated, and from when a promised decision
# date is worth a second look.
FAR_AHEAD = dt.timedelta(days=366)
LONG_PROMISE = dt.timedelta(days=90)


def check_email(value: str | None, field: Field = Field.EMAIL) -> None:
    """Refuse an address that is not of a mail address's form."""
    if not value:
        return
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as error:
        raise Refusal(f"not an e-mail address ({error})", field, value) from None


def check_phone(value: str | None, country: str | None, field: Field = Field.PHONE) -> None:
    """Refuse what cannot be a phone number: read for ``country`` (the profile's) unless it
    starts with +code; without a country, only its form is checked."""
    if not value:
        return
    import phonenumbers

    international = value.lstrip().startswith("+")
    if country is None and not international:  # no country to read it for: its form only
        digits = sum(c.isdigit() for c in value)
        if 4 <= digits <= 17 and all(c.isdigit() or c in " +-().,/#*xXext" for c in value):
            return
        raise Refusal("not a possible phone number", field, value)
    try:
        number = phonenumbers.parse(value, None if international else country)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_possible_number(number):
        where = "" if international else f" in {country} (for another country, start with its code: +44 …)"
        raise Refusal(f"not a possible phone number{where}", field, value)


def check_not_far_ahead(on: dt.date, today: dt.date, what: str, field: Field = Field.ON) -> None:
    """Refuse a date more than a year ahead; ``field``: the one it was given as (a snooze's is ``until``)."""
    if on - today > FAR_AHEAD:
        raise Refusal(f"{what} more than a year ahead: check the year", field, on)


def check_not_after_today(on: dt.date | None, today: dt.date, field: Field = Field.APPLIED_ON) -> None:
    if on is not None and on > today:
        raise Refusal(f"that is after today ({today.isoformat()})", field, on)


def long_promise_warning(resolves_to: dt.date | None, said_on: dt.date) -> str | None:
    """A warning when a promised date lies more than 90 days after it was given."""
    if resolves_to is None or resolves_to - said_on <= LONG_PROMISE:
        return None
    days = (resolves_to - said_on).days
    return f"the promised date is {resolves_to:%a %Y-%m-%d}, {days} days later: recorded, but check it is right"
