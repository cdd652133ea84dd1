"""A phone number as a ``tel:`` link (RFC 3966): read for the profile's country with
``phonenumbers``, written in international form, so a phone dials it from anywhere."""

from __future__ import annotations

import re


def tel_uri(number: str | None, country: str | None) -> str | None:
    """``tel:+15550100123`` for a number as typed ("(555) 010-0123", "+44 20 7946 0958",
    "555 0100 ext. 12"); None when it holds no number to dial."""
    if not number or not number.strip():
        return None
    import phonenumbers

    text = number.strip()
    try:
        parsed = phonenumbers.parse(text, None if text.startswith("+") else (country or "").upper() or None)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is not None and phonenumbers.is_possible_number(parsed):
        uri = "tel:" + phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
        return uri + (f";ext={parsed.extension}" if parsed.extension else "")
    # No country to read it for: dial the digits as typed (a local number), if there are some.
    digits = re.sub(r"[^\d]", "", text)
    if len(digits) < 3:
        return None
    return "tel:" + ("+" if text.startswith("+") else "") + digits
