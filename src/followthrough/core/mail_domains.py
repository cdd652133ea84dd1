"""A company's mail domain as the user types it ("acme.com", "bücher.example"): checked
and put in one form, so the reply watcher can compare it with a sender's address."""

from __future__ import annotations

import contextlib
import re

from followthrough.core.errors import UserError

_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def mail_domain(text: str) -> str:
    """``text`` as a mail domain in lower case (Unicode kept, as typed), or a UserError
    that says what to type instead. A leading "@" is dropped ("@acme.com" is what people
    copy from an address); an address, a web address or a path is refused."""
    domain = text.strip().lower().removeprefix("@").rstrip(".")
    shown = text.strip() if len(text.strip()) <= 60 else text.strip()[:60] + "…"
    if not domain:
        raise UserError("a mail domain must not be empty")
    if "://" in domain or (_SCHEME.match(domain) and not domain.split(":", 1)[1].isdigit()):
        raise UserError(f"{shown!r}: type the domain only, without http:// (like acme.com)")
    if "@" in domain:
        raise UserError(f"{shown!r}: that is an address: type only what follows the @ (like acme.com)")
    if any(c in domain for c in "/?#:") or any(c.isspace() for c in domain):
        raise UserError(f"{shown!r}: a mail domain has no spaces, slashes or ports (like acme.com)")
    ascii_form = ascii_domain(domain)
    if ascii_form is None:
        raise UserError(f"{shown!r}: not a mail domain (like acme.com)")
    return domain


def ascii_domain(domain: str) -> str | None:
    """The domain's ASCII form (IDNA, "xn--…" labels), or None when it cannot be one:
    at least two labels, each 1-63 letters, digits or hyphens, 253 characters at most,
    and a top level that is not a number (an IP address is not a mail domain)."""
    try:
        encoded = domain.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    labels = encoded.lower().split(".")
    if len(labels) < 2 or len(encoded) > 253 or not all(_LABEL.match(label) for label in labels):
        return None
    if labels[-1].isdigit():
        return None
    return encoded.lower()


def both_forms(domain: str) -> tuple[str, ...]:
    """The domain as stored and in its other form (Unicode and ASCII): a sender's address
    may carry either."""
    plain = domain.strip().lower().removeprefix("@")
    other = ascii_domain(plain)
    if other is None or other == plain:
        forms = [plain]
        if plain.startswith("xn--") or ".xn--" in plain:
            with contextlib.suppress(UnicodeError):
                forms.append(plain.encode("ascii").decode("idna"))
        return tuple(forms)
    return (plain, other)
